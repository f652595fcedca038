import type { Slice } from './types';
import { createWorld, DEFAULT_PRINCIPAL, toAwsError, type AwsError, type World } from './kms-calls';
import type { CreateWorldOptions } from '@kms-lab/engine';
import { DEFAULT_REGION } from './regions';

export interface ClockStep {
  hours?: number;
  days?: number;
}

/** The world the user works in: the engine instance, the region and caller of calls, the simulated time. */
export interface SessionSlice {
  world: World | null;
  bootError: AwsError | null;
  region: string;
  /** The caller every call is made as (the policy lab will let you switch). */
  principal: string;
  /** The engine's simulated time as of the last call or clock step (the engine owns the clock). */
  now: Date | null;
  /** Starts the engine: fresh, or from a saved `state` (persistence). */
  boot(options?: Pick<CreateWorldOptions, 'now' | 'state'>): Promise<void>;
  setRegion(region: string): Promise<void>;
  advanceClock(step: ClockStep): Promise<void>;
}

let booting = false;

export const createSessionSlice: Slice<SessionSlice> = (set, get) => ({
  world: null,
  bootError: null,
  region: DEFAULT_REGION,
  principal: DEFAULT_PRINCIPAL,
  now: null,

  async boot(options) {
    // Boot once, even when React (StrictMode) runs the mounting effect twice.
    if (get().world || booting) return;
    booting = true;
    try {
      const world = await createWorld(options ?? {});
      set({ world, now: world.now(), bootError: null });
      await get().refreshCatalog();
    } catch (e) {
      set({ bootError: toAwsError(e) });
    } finally {
      booting = false;
    }
  },

  async setRegion(region) {
    if (region === get().region) return;
    set({
      region,
      keys: [],
      aliases: [],
      catalogLoaded: false,
      selectedKeyId: null,
      lookup: null,
      lastCreate: null,
      lastKeyAction: null,
      encryptKeyId: '',
      decryptCall: null,
    });
    await get().refreshCatalog();
  },

  async advanceClock(step) {
    const world = get().world;
    if (!world) return;
    await world.advanceClock(step);
    set({ now: world.now() });
    // Time can change keys: a key whose waiting period ends is deleted.
    await get().refreshCatalog();
  },
});
