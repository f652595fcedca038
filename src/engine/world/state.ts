// The world as plain data: keys (with their material as CryptoKeys), aliases, the clock and the
// audit log. Everything here is structured-cloneable (records, arrays, strings, numbers, CryptoKeys),
// so a world can be stored in IndexedDB as it is and restored with `createWorld({ state })`.
// Times are epoch milliseconds of the simulated clock.
import type { KeyManagerType, KeySpec, KeyState, KeyUsageType, OriginType, RotationType, Tag } from '../types';
import type { AuditEvent } from './audit';
import { emptyIdentityState, type IdentityState } from '../identity/principals';

export const WORLD_STATE_VERSION = 1;

/** One version of a KMS key's backing key material. */
export interface KeyMaterialRecord {
  /** 64 hex digits, as AWS's KeyMaterialId. */
  keyMaterialId: string;
  /** Non-extractable AES-256-GCM key. Never leaves the engine. */
  cryptoKey: CryptoKey;
  createdAt: number;
  /** Set for material that a rotation made current (not for the key's original material). */
  rotationDate?: number;
  rotationType?: RotationType;
}

export interface RotationSettings {
  /** Automatic rotation is on. Kept while the key is disabled or pending deletion (§5). */
  enabled: boolean;
  periodInDays?: number;
  /** When the next automatic rotation falls due (while enabled). */
  nextRotationDate?: number;
  /** Number of completed on-demand rotations (limit 25 per key). */
  onDemandCount: number;
  /** Set while an on-demand rotation is in progress (rotations complete at once here, so normally absent). */
  onDemandRotationStartDate?: number;
}

/** A KMS key. `arn` is its identity; `keyId` is the UUID at the end of it. */
export interface KeyRecord {
  arn: string;
  keyId: string;
  accountId: string;
  region: string;
  partition: string;
  /** Creation order within the world, for stable ListKeys pagination. */
  seq: number;
  creationDate: number;
  description: string;
  keyUsage: KeyUsageType;
  keySpec: KeySpec;
  origin: OriginType;
  keyManager: KeyManagerType;
  keyState: KeyState;
  deletionDate?: number;
  pendingDeletionWindowInDays?: number;
  multiRegion: boolean;
  /** The key policy, stored as the text the caller gave (or AWS's default policy). */
  policy: string;
  tags: Tag[];
  /** Every material version ever used, oldest first. Kept until the key is deleted (§5). */
  materials: KeyMaterialRecord[];
  /** The version that encrypts now. Absent while PendingImport. */
  currentKeyMaterialId?: string;
  rotation: RotationSettings;
}

export interface AliasRecord {
  /** `alias/…`, case-sensitive. */
  aliasName: string;
  aliasArn: string;
  accountId: string;
  region: string;
  /** The ARN of the key it points to. */
  targetKeyArn: string;
  creationDate: number;
  lastUpdatedDate: number;
}

/** A grant (kms-behaviour.md §9): an extra allow on one key for one grantee, never a deny. */
export interface GrantRecord {
  /** 64 hex digits. */
  grantId: string;
  keyArn: string;
  name?: string;
  granteePrincipal: string;
  retiringPrincipal?: string;
  /** Grant operations: Decrypt, Encrypt, GenerateDataKey, ReEncryptFrom… */
  operations: string[];
  constraints?: {
    EncryptionContextEquals?: Record<string, string>;
    EncryptionContextSubset?: Record<string, string>;
  };
  /** The account that created the grant (it may retire it). */
  issuingAccount: string;
  creationDate: number;
}

export interface WorldState {
  version: typeof WORLD_STATE_VERSION;
  /** The simulated clock, epoch ms. */
  clockMs: number;
  /** Keys by ARN. Keys of every account and Region live here; the ARN says where. */
  keys: Record<string, KeyRecord>;
  /** Aliases by alias ARN. */
  aliases: Record<string, AliasRecord>;
  auditLog: AuditEvent[];
  /** Grants by grant id. */
  grants: Record<string, GrantRecord>;
  /** Accounts, IAM principals with their policies, the organization (SCPs, RCPs), other resources' policies. */
  identities: IdentityState;
  /** Counters for ids that are sequential by design (call ids, key creation order). */
  counters: { calls: number; keys: number; events: number };
}

export function emptyWorldState(clockMs: number): WorldState {
  return { version: WORLD_STATE_VERSION, clockMs, keys: {}, aliases: {}, auditLog: [], grants: {}, identities: emptyIdentityState(), counters: { calls: 0, keys: 0, events: 0 } };
}
