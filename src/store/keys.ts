import type { Slice } from './types';
import { call, toAwsError, type AwsError, type CallRecord, type KeyMetadata } from './kms-calls';
import { aliasAlreadyExists, aliasArn, aliasNameError, type CreateKeyRequest, type World } from '@kms-lab/engine';

export interface TagDraft {
  id: number;
  key: string;
  value: string;
}

export interface CreateKeyInput {
  description: string;
  /** Without the `alias/` prefix or with it; empty for none. */
  alias: string;
  tags: { key: string; value: string }[];
  /** Every other CreateKey parameter (KeySpec, KeyUsage, Origin, MultiRegion, Policy…), passed as given. */
  options?: Omit<CreateKeyRequest, 'Description' | 'Tags'>;
}

export type KeyActionKind = 'EnableKey' | 'DisableKey' | 'ScheduleKeyDeletion' | 'CancelKeyDeletion';

/** A key the user created, remembered across regions so the app can show that keys are regional. */
export interface CreatedKey {
  region: string;
  keyId: string;
  arn: string;
}

export interface KeysSlice {
  createdKeys: CreatedKey[];
  selectedKeyId: string | null;
  /**
   * The last Create key: CreateKey (and CreateAlias, when an alias was asked for) — or, when the
   * alias was refused before anything was made, `refused` and no calls at all.
   */
  lastCreate: { key?: CallRecord<KeyMetadata>; alias?: CallRecord<unknown>; aliasName?: string; refused?: AwsError } | null;
  /** The last state action on the selected key. */
  lastKeyAction: CallRecord<unknown> | null;
  /** The last "find a key" DescribeKey. */
  lookup: CallRecord<KeyMetadata> | null;
  /** GetKeyPolicy results by key ARN, read when the user opens the policy. */
  policies: Record<string, CallRecord<string>>;
  /** ListResourceTags results by key ARN, read when a key is selected (tags are not in KeyMetadata). */
  tags: Record<string, CallRecord<{ TagKey: string; TagValue: string }[]>>;
  createKey(input: CreateKeyInput): Promise<CallRecord<KeyMetadata> | null>;
  /** CreateAlias again for the key the last Create key made, when its alias failed (no second key). */
  retryCreateAlias(alias: string): Promise<CallRecord<unknown> | null>;
  selectKey(keyId: string | null): void;
  lookupKey(keyId: string): Promise<void>;
  keyAction(kind: KeyActionKind, keyId: string, pendingWindowInDays?: number): Promise<void>;
  loadPolicy(keyArn: string): Promise<void>;
  loadTags(keyId: string): Promise<void>;
}

function normaliseAlias(alias: string): string {
  const a = alias.trim();
  return a.startsWith('alias/') ? a : `alias/${a}`;
}

/**
 * What CreateAlias would refuse about this name before it touches a key, checked before CreateKey
 * as the console checks it, so a bad alias creates nothing: the name's shape and rules, then a name
 * already taken in the caller's account and Region. Authorization is left to the call itself.
 */
function aliasProblem(world: World, region: string, principal: string | undefined, aliasName: string): AwsError | null {
  const bad = aliasNameError(aliasName);
  if (bad) return toAwsError(bad);
  const account = world.client({ region, principal }).caller.accountId;
  const arn = aliasArn(region, account, aliasName);
  return world.getAlias(arn) ? toAwsError(aliasAlreadyExists(arn)) : null;
}

export const createKeysSlice: Slice<KeysSlice> = (set, get) => ({
  createdKeys: [],
  selectedKeyId: null,
  lastCreate: null,
  lastKeyAction: null,
  lookup: null,
  policies: {},
  tags: {},

  async createKey({ description, alias, tags, options }) {
    const { world, region, principal } = get();
    if (!world) return null;
    const aliasName = alias.trim() === '' ? undefined : normaliseAlias(alias);
    const refused = aliasName ? aliasProblem(world, region, principal, aliasName) : null;
    if (refused) {
      set({ lastCreate: { aliasName, refused } });
      return null;
    }
    const Tags = tags.filter((t) => t.key !== '' || t.value !== '').map((t) => ({ TagKey: t.key, TagValue: t.value }));
    const key = await call(world, region, 'CreateKey', async (kms) =>
      (await kms.createKey({ ...options, Description: description, ...(Tags.length ? { Tags } : {}) })).KeyMetadata,
    );
    let aliasCall: CallRecord<unknown> | undefined;
    if (key.ok && aliasName) {
      aliasCall = await call(world, region, 'CreateAlias', (kms) => kms.createAlias({ AliasName: aliasName, TargetKeyId: key.value.KeyId }));
    }
    set({ lastCreate: { key, alias: aliasCall, aliasName }, now: world.now() });
    if (key.ok) {
      const made = { region, keyId: key.value.KeyId, arn: key.value.Arn };
      set((s) => ({ createdKeys: [...s.createdKeys, made], lookup: null }));
    }
    await get().refreshCatalog();
    if (key.ok) get().selectKey(key.value.KeyId);
    return key;
  },

  async retryCreateAlias(alias) {
    const { world, region, principal, lastCreate } = get();
    const key = lastCreate?.key;
    if (!world || !key?.ok || alias.trim() === '') return null;
    const aliasName = normaliseAlias(alias);
    const refused = aliasProblem(world, region, principal, aliasName);
    if (refused) {
      set({ lastCreate: { ...lastCreate, aliasName, refused, alias: undefined } });
      return null;
    }
    const aliasCall = await call(world, region, 'CreateAlias', (kms) => kms.createAlias({ AliasName: aliasName, TargetKeyId: key.value.KeyId }));
    set({ lastCreate: { key, alias: aliasCall, aliasName }, now: world.now() });
    await get().refreshCatalog();
    return aliasCall;
  },

  selectKey(keyId) {
    set({ selectedKeyId: keyId, lastKeyAction: null, ...(keyId ? { encryptKeyId: keyId } : {}) });
    if (keyId) void get().loadTags(keyId);
  },

  async lookupKey(keyId) {
    const { world, region } = get();
    if (!world) return;
    const lookup = await call(world, region, 'DescribeKey', async (kms) => (await kms.describeKey({ KeyId: keyId })).KeyMetadata);
    set({ lookup, now: world.now() });
    if (lookup.ok && get().keys.some((k) => k.KeyId === lookup.value.KeyId)) get().selectKey(lookup.value.KeyId);
  },

  async keyAction(kind, keyId, pendingWindowInDays) {
    const { world, region } = get();
    if (!world) return;
    const record = await call(world, region, kind, (kms): Promise<unknown> => {
      switch (kind) {
        case 'EnableKey':
          return kms.enableKey({ KeyId: keyId });
        case 'DisableKey':
          return kms.disableKey({ KeyId: keyId });
        case 'ScheduleKeyDeletion':
          return kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: pendingWindowInDays });
        case 'CancelKeyDeletion':
          return kms.cancelKeyDeletion({ KeyId: keyId });
      }
    });
    set({ lastKeyAction: record });
    await get().refreshCatalog();
  },

  async loadTags(keyId) {
    const { world, region } = get();
    if (!world) return;
    const record = await call(world, region, 'ListResourceTags', async (kms) => (await kms.listResourceTags({ KeyId: keyId })).Tags ?? []);
    const arn = get().keys.find((k) => k.KeyId === keyId)?.Arn ?? keyId;
    set((s) => ({ tags: { ...s.tags, [arn]: record }, now: world.now() }));
  },

  async loadPolicy(keyArn) {
    const { world, region } = get();
    if (!world) return;
    const record = await call(world, region, 'GetKeyPolicy', async (kms) =>
      (await kms.getKeyPolicy({ KeyId: keyArn, PolicyName: 'default' })).Policy ?? '',
    );
    set((s) => ({ policies: { ...s.policies, [keyArn]: record }, now: world.now() }));
  },
});
