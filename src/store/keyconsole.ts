/**
 * The keys console's extra reads and actions: a key's rotation status and key material versions
 * (GetKeyRotationStatus, ListKeyRotations with ALL_KEY_MATERIAL), the rotation actions, what
 * CreateKey options this engine supports (probed by trying them in a scratch world), and bulk
 * creation of sample keys (to see a long list stay smooth).
 */
import type { Slice } from './types';
import { call, createWorld, toAwsError, type CallRecord } from './kms-calls';
import type { CreateKeyRequest, GetKeyRotationStatusResponse, RotationsListEntry } from '@kms-lab/engine';

export type KeyRotationAction = 'EnableKeyRotation' | 'DisableKeyRotation' | 'RotateKeyOnDemand';

export interface RotationInfo {
  status: CallRecord<GetKeyRotationStatusResponse>;
  /** Every key material version, oldest first (ListKeyRotations, IncludeKeyMaterial ALL_KEY_MATERIAL). */
  materials: CallRecord<RotationsListEntry[]>;
}

/** One CreateKey option and whether this engine accepts it. */
export interface OptionSupport {
  supported: boolean;
  /** The engine's answer when it does not (UnsupportedOperationException's message). */
  reason?: string;
}

export interface KeyConsoleSlice {
  /** By key ARN. */
  rotation: Record<string, RotationInfo>;
  /** CreateKey options the engine supports: `KeySpec:RSA_2048/SIGN_VERIFY`, `Origin:EXTERNAL`, `MultiRegion`. */
  createKeySupport: Record<string, OptionSupport> | null;
  loadRotation(keyId: string): Promise<void>;
  rotationAction(kind: KeyRotationAction, keyId: string, rotationPeriodInDays?: number): Promise<void>;
  probeCreateKeyOptions(candidates: Record<string, CreateKeyRequest>): Promise<void>;
  createSampleKeys(count: number, onProgress?: (done: number) => void): Promise<number>;
}

export const createKeyConsoleSlice: Slice<KeyConsoleSlice> = (set, get) => ({
  rotation: {},
  createKeySupport: null,

  async loadRotation(keyId) {
    const { world, region } = get();
    if (!world) return;
    const status = await call(world, region, 'GetKeyRotationStatus', (kms) => kms.getKeyRotationStatus({ KeyId: keyId }));
    const materials = await call(world, region, 'ListKeyRotations', async (kms) => {
      const all: RotationsListEntry[] = [];
      let marker: string | undefined;
      do {
        const page = await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL', ...(marker ? { Marker: marker } : {}) });
        all.push(...page.Rotations);
        marker = page.Truncated ? page.NextMarker : undefined;
      } while (marker);
      return all;
    });
    const arn = get().keys.find((k) => k.KeyId === keyId)?.Arn ?? keyId;
    set((s) => ({ rotation: { ...s.rotation, [arn]: { status, materials } }, now: world.now() }));
  },

  async rotationAction(kind, keyId, rotationPeriodInDays) {
    const { world, region } = get();
    if (!world) return;
    const record = await call(world, region, kind, (kms): Promise<unknown> => {
      switch (kind) {
        case 'EnableKeyRotation':
          return kms.enableKeyRotation({ KeyId: keyId, ...(rotationPeriodInDays !== undefined ? { RotationPeriodInDays: rotationPeriodInDays } : {}) });
        case 'DisableKeyRotation':
          return kms.disableKeyRotation({ KeyId: keyId });
        case 'RotateKeyOnDemand':
          return kms.rotateKeyOnDemand({ KeyId: keyId });
      }
    });
    set({ lastKeyAction: record, now: world.now() });
    await get().refreshCatalog();
    await get().loadRotation(keyId);
  },

  async probeCreateKeyOptions(candidates) {
    // A scratch world: probing must not add keys or audit events to the user's workspace.
    const scratch = await createWorld({ now: get().now ?? new Date() });
    const kms = scratch.client({ region: get().region });
    const support: Record<string, OptionSupport> = {};
    for (const [id, request] of Object.entries(candidates)) {
      try {
        await kms.createKey({ ...request, Description: 'probe' });
        support[id] = { supported: true };
      } catch (e) {
        const err = toAwsError(e);
        support[id] = err.name === 'UnsupportedOperationException' ? { supported: false, reason: err.message } : { supported: true };
      }
    }
    set({ createKeySupport: support });
  },

  async createSampleKeys(count, onProgress) {
    const { world, region } = get();
    if (!world) return 0;
    const kms = world.client({ region });
    let made = 0;
    for (let i = 0; i < count; i++) {
      try {
        await kms.createKey({ Description: `Sample key ${i + 1} of ${count}` });
        made++;
      } catch {
        break;
      }
      if (onProgress && (i % 250 === 0 || i === count - 1)) {
        onProgress(i + 1);
        await new Promise((r) => setTimeout(r, 0));
      }
    }
    set({ now: world.now() });
    await get().refreshCatalog();
    return made;
  },
});
