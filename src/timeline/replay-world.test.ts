// A replayed call draws the world as it was when the call ran — the slice kept with its trace —
// not the keys of today; a demo draws its own world.
import { describe, expect, it } from 'vitest';
import { createWorld, type CallTrace } from '@kms-lab/engine';
import { runDemo } from './demos';
import { flowFromTrace } from './flow';
import { keyArnsOf, sliceOf, snapshotOf, toFlow, worldOfFlow, type KmsData } from './project';

const kmsNode = (pic: ReturnType<typeof toFlow>) => (pic.nodes.find((n) => n.data.kind === 'kms')!.data as KmsData).cmk;

describe('the world a replayed call shows', () => {
  it('is the slice taken when it ran: the key’s state and material versions then, whatever happened since', async () => {
    const world = await createWorld({ now: new Date('2026-01-01T00:00:00Z') });
    const slices: Record<string, ReturnType<typeof sliceOf>> = {};
    world.subscribe((t) => (slices[t.callId] = sliceOf(world.state, t)));
    const kms = world.client({ region: 'us-east-1' });
    const key = (await kms.createKey({ Description: 'then' })).KeyMetadata;
    const other = (await kms.createKey({ Description: 'unrelated' })).KeyMetadata;
    await kms.encrypt({ KeyId: key.KeyId, Plaintext: new Uint8Array([1]) });
    const old = kms.lastTrace as CallTrace;
    // Only the keys the call names are in its slice.
    expect([...keyArnsOf(old)]).toEqual([key.Arn]);
    expect(Object.keys(slices[old.callId].keys)).toEqual([key.Arn]);
    expect(slices[old.callId].keys[key.Arn]).toMatchObject({ state: 'Enabled', description: 'then', materials: [expect.anything()] });

    // Later: the key rotates twice, is disabled, scheduled for deletion; another key comes and goes.
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    await world.advanceClock({ days: 1 });
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    await kms.createKey({ Description: 'new' });
    await kms.scheduleKeyDeletion({ KeyId: other.KeyId, PendingWindowInDays: 7 });

    const flow = flowFromTrace(old);
    const end = toFlow(snapshotOf(world.state), flow, 999);
    const then = toFlow(worldOfFlow(flow, slices)!, flow, 999);
    // Today's world would draw three backing keys; the call saw one (the key's state the trace itself names).
    expect(kmsNode(end).cards).toHaveLength(3);
    expect(kmsNode(then).cards).toHaveLength(1);
    expect(kmsNode(then).state).toBe('Enabled');
    expect(kmsNode(then).cards[0].id).toBe(slices[old.callId].keys[key.Arn].current);
  });

  it('a flow of several calls takes each key from its latest call; a flow with no kept slice has none', async () => {
    const world = await createWorld({});
    const slices: Record<string, ReturnType<typeof sliceOf>> = {};
    world.subscribe((t) => (slices[t.callId] = sliceOf(world.state, t)));
    const kms = world.client({ region: 'us-east-1' });
    const key = (await kms.createKey({})).KeyMetadata;
    const a = kms.lastTrace as CallTrace;
    await kms.disableKey({ KeyId: key.KeyId });
    const b = kms.lastTrace as CallTrace;
    const flow = { id: 'f', title: 't', items: [{ kind: 'call' as const, trace: a }, { kind: 'call' as const, trace: b }] };
    expect(worldOfFlow(flow, slices)?.keys[key.Arn].state).toBe('Disabled');
    expect(worldOfFlow(flow, {})).toBeUndefined();
    expect(worldOfFlow({ ...flow, world: { keys: {} } }, slices)).toEqual({ keys: {} });
    // A hostile "key ARN" in a trace is only a string: no prototype keys are read.
    expect(sliceOf(world.state, { events: [{ type: 'x', keyArn: '__proto__' } as never] }).keys).toEqual({});
  });

  it('a demo carries the world it ran in', async () => {
    const world = await createWorld({});
    const flow = await runDemo('rotation', world, 'us-east-1');
    expect(flow.world).toEqual(snapshotOf(world.state));
  });
});
