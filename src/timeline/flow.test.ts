import { describe, expect, it } from 'vitest';
import { createWorld, type World } from '@kms-lab/engine';
import { runDemo, type DemoId } from './demos';
import { flowFromTrace, type Flow } from './flow';
import { snapshotOf, toFlow } from './project';
import { INSIDE_KMS, toSteps, type PlaceId } from './steps';

async function demo(id: DemoId): Promise<{ world: World; flow: Flow }> {
  const world = await createWorld({ now: new Date('2026-01-01T00:00:00Z') });
  const flow = await runDemo(id, world, 'us-east-1');
  return { world, flow };
}

const ALL: DemoId[] = ['encrypt-decrypt', 'envelope', 'envelope-decrypt', 'reencrypt', 'rotation', 'disable', 'shredding', 'multi-region', 'aws-managed'];

const callsOf = (flow: Flow) => flow.items.flatMap((i) => (i.kind === 'call' ? [i.trace] : []));

describe('the demos that show the exceptions to the rules', () => {
  it('multi-Region: the replica in another Region decrypts what the primary encrypted', async () => {
    const { flow } = await demo('multi-region');
    const calls = callsOf(flow).map((t) => `${t.operation}@${t.region}:${t.outcome}`);
    expect(calls).toEqual(['CreateKey@us-east-1:success', 'ReplicateKey@us-east-1:success', 'Encrypt@us-east-1:success', 'Decrypt@eu-west-1:success']);
  });

  it('AWS managed keys: usable only through their service, and not yours to manage', async () => {
    const { flow } = await demo('aws-managed');
    const calls = callsOf(flow).map((t) => `${t.operation}:${t.outcome}:${t.error?.name ?? ''}`);
    expect(calls).toEqual([
      'Encrypt:error:AccessDeniedException',
      'Encrypt:success:',
      'DisableKey:error:AccessDeniedException',
      'DisableKey:success:',
    ]);
  });
});

describe('toSteps', () => {
  it('gives every KMS event and client step one step with a stable id and a present-tense sentence', async () => {
    const { flow } = await demo('envelope');
    const steps = toSteps(flow);
    const events = flow.items.reduce((n, i) => n + (i.kind === 'call' ? i.trace.events.length : 1), 0);
    expect(steps).toHaveLength(events);
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
    expect(steps.map((s) => s.index)).toEqual(steps.map((_, i) => i));
    for (const s of steps) expect(s.text).toMatch(/^[A-Z].*[.)]$/);
    expect(toSteps(flow)).toBe(steps); // memoised
    expect(steps.map((s) => s.kind)).toEqual(expect.arrayContaining(['request', 'authorize', 'crypto', 'local-encrypt', 'discard-plaintext-key', 'bundle-envelope']));
    const ret = steps.find((s) => s.title === 'Return both copies of the data key');
    expect(ret?.text).toBe('KMS returns two copies of the data key: one plaintext, one encrypted under your CMK. KMS keeps neither.');
  });

  it('treats the Decrypt of an envelope as decrypting a data key', async () => {
    const { flow } = await demo('envelope-decrypt');
    const steps = toSteps(flow);
    const req = steps.find((s) => s.kind === 'request');
    expect(req?.moves[0]).toMatchObject({ carries: 'dk-enc' });
    expect(steps.some((s) => s.outputs.includes('dk-plain'))).toBe(true);
    expect(steps.at(-1)?.kind).toBe('discard-plaintext-key');
  });

  it('never moves anything but requests, data keys, data and records across the KMS boundary', async () => {
    for (const id of ALL) {
      const { flow } = await demo(id);
      for (const s of toSteps(flow))
        for (const m of s.moves) {
          expect(['request', 'plaintext', 'ciphertext', 'dk-plain', 'dk-enc', 'envelope', 'record']).toContain(m.carries);
          expect(m.from === 'cmk' && !INSIDE_KMS.includes(m.to) ? m.carries : 'ok').not.toBe('cmk');
        }
    }
  });
});

describe('toFlow', () => {
  it('draws one node per place used, positions deterministic', async () => {
    const { world, flow } = await demo('envelope');
    const snap = snapshotOf(world.state);
    const end = toSteps(flow).length - 1;
    const a = toFlow(snap, flow, end);
    const b = toFlow(snap, flow, end);
    expect(a.nodes.map((n) => [n.id, n.position])).toEqual(b.nodes.map((n) => [n.id, n.position]));
    const ids = a.nodes.map((n) => n.id).sort();
    expect(ids).toEqual(['audit', 'caller', 'ciphertext', 'dk-enc', 'dk-plain', 'kms', 'lane-app', 'lane-audit', 'lane-storage', 'plaintext', 'storage'].sort());
    // At the first step the data keys and the ciphertext do not exist yet; the plaintext (your data) does.
    const first = toFlow(snap, flow, 0).nodes.map((n) => n.id);
    expect(first).toContain('plaintext');
    expect(first).not.toContain('dk-plain');
    expect(first).not.toContain('ciphertext');
  });

  it('keeps the CMK inside the boundary: no node but the KMS node holds it, no edge carries it out', async () => {
    for (const id of ALL) {
      const { world, flow } = await demo(id);
      const snap = snapshotOf(world.state);
      for (let c = 0; c < toSteps(flow).length; c++) {
        const pic = toFlow(snap, flow, c);
        expect(pic.nodes.filter((n) => n.data.kind === 'kms')).toHaveLength(1);
        for (const e of pic.edges) {
          if (e.data.crossesBoundary) expect(['request', 'plaintext', 'ciphertext', 'dk-plain', 'dk-enc', 'record']).toContain(e.data.carries);
          // Edges leaving the KMS node start at a station's handle and carry a data key, data or a record.
          if (e.source === 'kms') expect(e.data.carries).not.toBe('request');
        }
      }
    }
  });

  it('ghosts the plaintext data key after it is discarded, and keeps the encrypted one', async () => {
    const { world, flow } = await demo('envelope');
    const snap = snapshotOf(world.state);
    const steps = toSteps(flow);
    const discard = steps.findIndex((s) => s.kind === 'discard-plaintext-key');
    const before = toFlow(snap, flow, discard - 1).nodes.find((n) => n.id === 'dk-plain');
    const after = toFlow(snap, flow, discard).nodes.find((n) => n.id === 'dk-plain');
    expect(before?.data).toMatchObject({ ghost: false });
    expect(after?.data).toMatchObject({ ghost: true });
    const end = toFlow(snap, flow, steps.length - 1);
    expect(end.nodes.find((n) => n.id === 'dk-enc')?.data).toMatchObject({ ghost: false });
    expect(end.nodes.find((n) => n.id === 'storage')?.data).toMatchObject({ holds: ['ciphertext', 'dk-enc'] });
  });

  it('marks the failure at the failing stage: a disabled key fails at the CMK with DisabledException', async () => {
    const { world, flow } = await demo('disable');
    const snap = snapshotOf(world.state);
    const steps = toSteps(flow);
    const fail = steps.findIndex((s) => s.kind === 'error');
    expect(steps[fail].errorName).toBe('DisabledException');
    const kms = toFlow(snap, flow, fail).nodes.find((n) => n.id === 'kms')!.data;
    expect(kms).toMatchObject({ cmk: { status: 'failed', errorName: 'DisabledException', state: 'Disabled' } });
    // The call never reached authorization or cryptography.
    const call = steps.filter((s) => s.itemIndex === steps[fail].itemIndex);
    expect(call.map((s) => s.kind)).not.toContain('authorize');
    // And the last Decrypt (after EnableKey) succeeds.
    expect(steps.at(-1)?.kind).toBe('audit');
    expect(steps.filter((s) => s.itemIndex === steps.at(-1)!.itemIndex).some((s) => s.failed)).toBe(false);
  });

  it('adds a backing key card on rotation; the old card still decrypts the old ciphertext', async () => {
    const { world, flow } = await demo('rotation');
    const snap = snapshotOf(world.state);
    const steps = toSteps(flow);
    const rotate = steps.findIndex((s) => s.kind === 'crypto' && s.title === 'Rotate the key material');
    const cards = (c: number) => (toFlow(snap, flow, c).nodes.find((n) => n.id === 'kms')!.data as { cmk: { cards: { id: string; current: boolean; inUse: boolean; isNew: boolean }[] } }).cmk.cards;
    expect(cards(rotate - 1)).toHaveLength(1);
    expect(cards(rotate)).toHaveLength(2);
    expect(cards(rotate).find((c) => c.isNew)?.current).toBe(true);
    const oldId = cards(rotate - 1)[0].id;
    // The Decrypt of the old ciphertext selects the old card.
    const select = steps.findIndex((s, i) => i > rotate && s.title === 'Select key material');
    expect(cards(select).find((c) => c.inUse)?.id).toBe(oldId);
    expect(cards(select).find((c) => c.inUse)?.current).toBe(false);
  });

  it('shows crypto-shredding: the key is deleted and the Decrypt fails', async () => {
    const { world, flow } = await demo('shredding');
    const snap = snapshotOf(world.state);
    const steps = toSteps(flow);
    const clock = steps.findIndex((s) => s.kind === 'clock');
    expect(steps[clock].text).toMatch(/deletes key .* with all its key material/);
    const kms = toFlow(snap, flow, clock).nodes.find((n) => n.id === 'kms')!.data;
    expect(kms).toMatchObject({ cmk: { deleted: true, state: 'Deleted' } });
    const last = steps.filter((s) => s.itemIndex === flow.items.length - 1);
    expect(last.some((s) => s.failed)).toBe(true);
  });

  it('clamps the cursor and is monotonic: artefacts never vanish as the cursor moves forward', async () => {
    const { world, flow } = await demo('envelope-decrypt');
    const snap = snapshotOf(world.state);
    const n = toSteps(flow).length;
    expect(toFlow(snap, flow, -5).cursor).toBe(0);
    expect(toFlow(snap, flow, n + 10).cursor).toBe(n - 1);
    let seen = new Set<string>();
    for (let c = 0; c < n; c++) {
      const ids = new Set(toFlow(snap, flow, c).nodes.map((x) => x.id));
      for (const id of seen) expect(ids.has(id)).toBe(true);
      seen = ids;
    }
  });

  it('plays a single trace (the audit log and "Play this flow" open these)', async () => {
    const world = await createWorld({ now: new Date('2026-01-01T00:00:00Z') });
    const kms = world.client({ region: 'eu-west-1' });
    const { KeyMetadata } = await kms.createKey({ Description: 'x' });
    const { trace } = await kms.call('Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array(3), EncryptionContext: { app: 'x' } });
    const flow = flowFromTrace(trace);
    const pic = toFlow(snapshotOf(world.state), flow, toSteps(flow).length - 1);
    expect(pic.nodes.find((x) => x.id === 'kms')?.data).toMatchObject({ region: 'eu-west-1' });
    expect(pic.nodes.find((x) => x.id === 'ciphertext')?.data).toMatchObject({ context: ['app'] });
    const kinds = pic.nodes.map((x) => x.id as PlaceId | string);
    expect(kinds).not.toContain('dk-plain');
  });
});
