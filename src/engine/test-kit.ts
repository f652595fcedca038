// Helpers for the engine's tests (imported by *.test.ts only).
import { expect } from 'vitest';
import { KmsError, type KmsErrorName } from './errors';
import { seededIds } from './ports';
import type { KeyRecord, WorldState } from './world/state';
import { createWorld, type World } from './create-world';

export const T0 = new Date('2026-01-01T00:00:00Z');
export const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
export const utf8 = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array) => new TextDecoder().decode(b);

export async function setup(seed: number | string = 42) {
  const world = await createWorld({ now: T0, ids: seededIds(seed) });
  const kms = world.client({ region: REGION });
  return { world, kms };
}

/** Awaits a call that must fail; checks the AWS exception name (and message when given). */
export async function expectKmsError(call: Promise<unknown>, name: KmsErrorName, message?: string | RegExp): Promise<KmsError> {
  let caught: unknown;
  try {
    await call;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${name}, but the call succeeded`).toBeInstanceOf(KmsError);
  const error = caught as KmsError;
  expect({ name: error.name, message: error.message }).toMatchObject({ name, ...(typeof message === 'string' ? { message } : {}) });
  if (message instanceof RegExp) expect(error.message).toMatch(message);
  return error;
}

/** A copy of `world` whose key `arn` has been changed by `edit` (to reach states no API reaches yet). */
export async function withKeyEdited(world: World, arn: string, edit: (key: KeyRecord, state: WorldState) => void): Promise<World> {
  await world.idle();
  const state = world.exportState();
  edit(state.keys[arn], state);
  return createWorld({ state, ids: seededIds('edited') });
}
