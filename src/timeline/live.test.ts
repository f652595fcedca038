// The Live screen reads what an endpoint sends without trusting it: every field it uses is checked,
// dates come back as Dates, hostile keys stay plain keys, and the first wrong field is named.
import { describe, expect, it } from 'vitest';
import { createWorld } from '@kms-lab/engine';
import { LiveFormatError, liveWorldOf, parseLiveCall, parseLiveGap, parseLiveWorld } from './live';
import { sliceOf } from './project';

async function aCall() {
  const world = await createWorld({ now: new Date('2026-01-01T00:00:00Z') });
  const traces: import('@kms-lab/engine').CallTrace[] = [];
  world.subscribe((t) => traces.push(t));
  const kms = world.client({});
  const { KeyMetadata } = await kms.createKey({ Description: 'd' });
  await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: new TextEncoder().encode('x'), EncryptionContext: { __proto__: 'p', constructor: 'c' } as unknown as Record<string, string> });
  const trace = traces[1];
  const audit = world.auditLog().find((a) => a.callId === trace.callId);
  return { world, wire: JSON.stringify({ audit, trace, keys: sliceOf(world.state, trace) }), trace };
}

describe('parseLiveCall', () => {
  it('gives back the trace the engine made, dates as Dates', async () => {
    const { wire, trace } = await aCall();
    const call = parseLiveCall(wire);
    expect(call.trace).toEqual(trace);
    expect(call.trace.events[0].at).toBeInstanceOf(Date);
    expect(call.audit.eventName).toBe('Encrypt');
    expect(Object.keys(call.keys.keys)).toEqual([trace.events.find((e) => e.type === 'resolve-key')!.keyArn]);
  });

  it('keeps __proto__ and constructor keys as plain data', async () => {
    const { wire } = await aCall();
    const hostile = wire.replace('"parameters":{', '"parameters":{"__proto__":{"polluted":true},');
    const call = parseLiveCall(hostile);
    const params = (call.trace.events[0] as { parameters: Record<string, unknown> }).parameters;
    expect(Object.hasOwn(params, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    const withKey = JSON.parse(wire);
    withKey.keys.keys.__proto__ = withKey.keys.keys[Object.keys(withKey.keys.keys)[0]];
    expect(() => parseLiveCall(JSON.stringify(withKey).replace('"keys":{"keys":{', '"keys":{"keys":{"__proto__":{"arn":"x","keyId":"x","region":"r","description":"","state":"Enabled","aliases":[],"materials":[]},'))).toThrow(/names another key/);
  });

  it('names the first field that is wrong', async () => {
    const { wire } = await aCall();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits of arbitrary JSON
    const cases: [(v: Record<string, any>) => void, RegExp][] = [
      [(v) => delete v.audit, /audit is not an object/],
      [(v) => (v.trace.outcome = 'maybe'), /trace.outcome/],
      [(v) => (v.trace.startedAt = 'yesterday'), /trace.startedAt is not a date/],
      [(v) => (v.trace.events = {}), /trace.events is not a list/],
      [(v) => (v.trace.events[0].at = 12), /trace.events\[0\].at is not a string/],
      [(v) => (v.trace.events.find((e: { type: string }) => e.type === 'authorize').decision = 'Perhaps'), /decision is not Allow/],
      [(v) => (v.trace.events.find((e: { type: string }) => e.type === 'authorize').evaluation = { decision: 'Allow' }), /is not a policy evaluation/],
      [(v) => (v.keys = []), /keys.keys is not an object/],
    ];
    for (const [edit, message] of cases) {
      const v = JSON.parse(wire);
      edit(v);
      expect(() => parseLiveCall(JSON.stringify(v))).toThrow(message);
    }
    expect(() => parseLiveCall('{"audit":')).toThrow(LiveFormatError);
    expect(() => parseLiveCall('[]')).toThrow(/not an object/);
    expect(() => parseLiveCall(wire.slice(0, wire.length / 2))).toThrow(/not JSON/);
  });
});

describe('liveWorldOf / parseLiveWorld', () => {
  it('carries keys, aliases, grants and principals, and no access key or secret', async () => {
    const { world } = await aCall();
    world.putPrincipal({ arn: 'arn:aws:iam::111122223333:user/alice', accessKeyId: 'AKIAALICE', secretAccessKey: 'shh', policies: [{ name: 'p', document: '{}' }] });
    const wire = JSON.stringify(liveWorldOf(world.state));
    expect(wire).not.toContain('AKIAALICE');
    expect(wire).not.toContain('shh');
    const w = parseLiveWorld(wire);
    expect(w.keys).toHaveLength(1);
    expect(w.keys[0]).toMatchObject({ description: 'd', state: 'Enabled', keySpec: 'SYMMETRIC_DEFAULT', accountId: '111122223333', rotationEnabled: false });
    expect(w.principals).toEqual([{ arn: 'arn:aws:iam::111122223333:user/alice', policies: [{ name: 'p', document: '{}' }], tags: {} }]);
    expect(() => parseLiveWorld('{"now":"x","keys":[{}],"grants":[],"principals":[]}')).toThrow(/world.keys\[0\]/);
  });

  it('reads a gap notice', () => {
    expect(parseLiveGap('{"reason":"other-run","lastEventId":"a.1","message":"m"}')).toEqual({ reason: 'other-run', lastEventId: 'a.1', message: 'm' });
    expect(() => parseLiveGap('{"reason":"boom","lastEventId":"a","message":"m"}')).toThrow(/gap.reason/);
  });
});
