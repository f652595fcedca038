import type { Slice } from './types';
import { toAwsError, type AliasEntry, type AwsError, type KeyMetadata, type Trace } from './kms-calls';
import { keyMetadata } from '@kms-lab/engine';
import { KmsError, type World } from '@kms-lab/engine';

/**
 * A snapshot of the engine's keys and aliases in the current region, read back with ListKeys,
 * DescribeKey and ListAliases after every change (as the KMS console does). The engine stays the
 * source of truth; this is only what the screen last read from it.
 *
 * The reads are made as the acting principal (the header's "Acting as"). When it may not list keys
 * (AccessDeniedException), the console shows that error and its decision (`catalogTrace`), and the
 * app's key pickers still offer the account's keys, read from the engine's state.
 */
export interface CatalogSlice {
  keys: KeyMetadata[];
  aliases: AliasEntry[];
  catalogLoaded: boolean;
  catalogError: AwsError | null;
  /** The trace of the refused read, for its "Why?" (the decision). */
  catalogTrace: Trace | null;
  refreshCatalog(): Promise<void>;
}

export const createCatalogSlice: Slice<CatalogSlice> = (set, get) => ({
  keys: [],
  aliases: [],
  catalogLoaded: false,
  catalogError: null,
  catalogTrace: null,

  async refreshCatalog() {
    const { world, region, principal } = get();
    if (!world) return;
    const kms = world.client({ region, principal });
    try {
      const ids: string[] = [];
      let marker: string | undefined;
      do {
        const page = await kms.listKeys(marker ? { Marker: marker, Limit: 1000 } : { Limit: 1000 });
        ids.push(...page.Keys.map((k) => k.KeyId));
        marker = page.Truncated ? page.NextMarker : undefined;
      } while (marker);
      // ListKeys says which keys exist; their metadata is read from the engine's state directly (what
      // DescribeKey returns), so a region with 10,000 keys refreshes in milliseconds and the audit log
      // is not flooded with 10,000 DescribeKey events after every change.
      const byId = new Map(world.keysIn(kms.caller.accountId, region).map((k) => [k.keyId, k]));
      const described = ids.flatMap((id) => {
        const rec = byId.get(id);
        return rec ? [keyMetadata(rec, world.state)] : [];
      });
      // Newest first; keys made at the same simulated instant keep ListKeys' (creation) order, reversed.
      const keys = described
        .map((k, i) => ({ k, i }))
        .sort((a, b) => +b.k.CreationDate - +a.k.CreationDate || b.i - a.i)
        .map(({ k }) => k);

      const aliases: AliasEntry[] = [];
      marker = undefined;
      do {
        const page = await kms.listAliases(marker ? { Marker: marker } : {});
        aliases.push(...page.Aliases);
        marker = page.Truncated ? page.NextMarker : undefined;
      } while (marker);

      // The user may have switched region while we were reading: drop a stale answer.
      if (get().region !== region) return;
      const selected = get().selectedKeyId;
      set({
        keys,
        aliases,
        catalogLoaded: true,
        catalogError: null,
        catalogTrace: null,
        now: world.now(),
        selectedKeyId: selected && keys.some((k) => k.KeyId === selected) ? selected : null,
      });
    } catch (e) {
      if (get().region !== region) return;
      const trace = e instanceof KmsError ? (e.trace ?? null) : null;
      set({ catalogError: toAwsError(e), catalogTrace: trace, catalogLoaded: true, ...(trace ? fromState(world, kms.caller.accountId, region) : {}), now: world.now() });
    }
  },
});

/** The account's keys and aliases in a Region, read from the engine's state (no call): for the pickers when listing is denied. */
function fromState(world: World, accountId: string, region: string): { keys: KeyMetadata[]; aliases: AliasEntry[] } {
  const recs = world.keysIn(accountId, region);
  const keys = recs.map((k) => keyMetadata(k, world.state)).sort((a, b) => +b.CreationDate - +a.CreationDate);
  const aliases = Object.values(world.state.aliases)
    .filter((a) => a.accountId === accountId && a.region === region)
    .map((a) => ({ AliasName: a.aliasName, AliasArn: a.aliasArn, TargetKeyId: world.state.keys[a.targetKeyArn]?.keyId, CreationDate: new Date(a.creationDate), LastUpdatedDate: new Date(a.lastUpdatedDate) }));
  return { keys, aliases };
}

/** The alias names that point at a key (ListAliases is the only place aliases appear). */
export function aliasesOf(aliases: AliasEntry[], keyId: string): string[] {
  return aliases.filter((a) => a.TargetKeyId === keyId).map((a) => a.AliasName);
}
