import type { Slice } from './types';
import { toAwsError, type AliasEntry, type AwsError, type KeyMetadata } from './engine';
import { keyMetadata } from '../engine/kms/metadata';

/**
 * A snapshot of the engine's keys and aliases in the current region, read back with ListKeys,
 * DescribeKey and ListAliases after every change (as the KMS console does). The engine stays the
 * source of truth; this is only what the screen last read from it.
 */
export interface CatalogSlice {
  keys: KeyMetadata[];
  aliases: AliasEntry[];
  catalogLoaded: boolean;
  catalogError: AwsError | null;
  refreshCatalog(): Promise<void>;
}

export const createCatalogSlice: Slice<CatalogSlice> = (set, get) => ({
  keys: [],
  aliases: [],
  catalogLoaded: false,
  catalogError: null,

  async refreshCatalog() {
    const { world, region } = get();
    if (!world) return;
    const kms = world.client({ region });
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
        now: world.now(),
        selectedKeyId: selected && keys.some((k) => k.KeyId === selected) ? selected : null,
      });
    } catch (e) {
      if (get().region !== region) return;
      set({ catalogError: toAwsError(e), catalogLoaded: true });
    }
  },
});

/** The alias names that point at a key (ListAliases is the only place aliases appear). */
export function aliasesOf(aliases: AliasEntry[], keyId: string): string[] {
  return aliases.filter((a) => a.TargetKeyId === keyId).map((a) => a.AliasName);
}
