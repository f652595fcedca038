// The world as plain data: keys (with their material as CryptoKeys), aliases, the clock and the
// audit log. Everything here is structured-cloneable (records, arrays, strings, numbers, CryptoKeys),
// so a world can be stored in IndexedDB as it is and restored with `createWorld({ state })`.
// Times are epoch milliseconds of the simulated clock.
import type { KeyManagerType, KeySpec, KeyState, KeyUsageType, OriginType, RotationType, Tag } from '../types';
import type { AuditEvent } from './audit';
import { emptyIdentityState, type IdentityState } from '../identity/principals';

export const WORLD_STATE_VERSION = 1;

/**
 * The private half of an asymmetric KMS key, or an HMAC key, as the CryptoPort made it.
 *
 * - `webcrypto`: non-extractable CryptoKeys, one per algorithm (WebCrypto binds the hash to the key,
 *   so an RSA key has one CryptoKey for RSAES_OAEP_SHA_1 and one for RSAES_OAEP_SHA_256…). Their
 *   bytes can never leave WebCrypto.
 * - `raw`: the secret as bytes, for what WebCrypto cannot do — ECDSA over secp256k1, ECDSA signing
 *   of a precomputed DIGEST, Ed25519ph, HMAC-SHA-224 (all done with @noble/curves and
 *   @noble/hashes), and RSA signing of a precomputed DIGEST (an RSA SIGN_VERIFY key's PKCS#8:
 *   micro-rsa-dsa-dh signs DIGESTs with it; for RAW messages it is imported into WebCrypto,
 *   non-extractable). The bytes live only here, inside the engine's material record: no trace
 *   event, audit event or response ever carries them.
 */
export type SecretMaterial =
  | { kind: 'webcrypto'; keys: Record<string, CryptoKey> }
  | { kind: 'raw'; secret: Uint8Array<ArrayBuffer> };

/** How imported key material came in (kms-behaviour.md §11). */
export interface ImportedMaterialInfo {
  /** IMPORTED, or PENDING_IMPORT for material deleted with DeleteImportedKeyMaterial (or expired). */
  importState: 'IMPORTED' | 'PENDING_IMPORT';
  expirationModel?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  validTo?: number;
  importedAt?: number;
  description?: string;
  /**
   * SHA-256 of the imported bytes, to tell "the same material again" (allowed) from different
   * material (IncorrectKeyMaterialException). A digest of 128+ bits of key material reveals nothing
   * usable; the material itself is kept only as a CryptoKey / secret.
   */
  fingerprint: string;
}

/** One version of a KMS key's backing key material. */
export interface KeyMaterialRecord {
  /** 64 hex digits, as AWS's KeyMaterialId. */
  keyMaterialId: string;
  /** SYMMETRIC_DEFAULT keys: a non-extractable AES-256-GCM key. Never leaves the engine. Absent while imported material is deleted. */
  cryptoKey?: CryptoKey;
  /** Asymmetric and HMAC keys: the private key / MAC key (see SecretMaterial). */
  secret?: SecretMaterial;
  /** Asymmetric keys: the public key, DER-encoded SubjectPublicKeyInfo (what GetPublicKey returns). */
  publicKey?: Uint8Array<ArrayBuffer>;
  createdAt: number;
  /** Set for material that a rotation made current (not for the key's original material). */
  rotationDate?: number;
  rotationType?: RotationType;
  /** EXTERNAL-origin keys: how this material was imported. */
  imported?: ImportedMaterialInfo;
  /** Imported material waiting for RotateKeyOnDemand to make it current (NEW_KEY_MATERIAL imports). */
  pendingRotation?: boolean;
}

/** GetParametersForImport's result, kept until used or 24 hours have passed. */
export interface ImportParametersRecord {
  /** The opaque ImportToken's id (the token is `<id>` encoded, see operations/import.ts). */
  tokenId: string;
  keyArn: string;
  wrappingAlgorithm: string;
  wrappingKeySpec: string;
  /** Non-extractable RSA-OAEP private key (hash per wrapping algorithm). */
  privateKey: CryptoKey;
  publicKey: Uint8Array<ArrayBuffer>;
  validTo: number;
}

/** Where a multi-Region key sits in its family (kms-behaviour.md §12). */
export interface MultiRegionInfo {
  keyType: 'PRIMARY' | 'REPLICA';
  /** The primary key's ARN (the same key id in another Region). */
  primaryArn: string;
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
  /** Multi-Region keys only. */
  multiRegionInfo?: MultiRegionInfo;
  /** Pending GetParametersForImport results (EXTERNAL origin only), by token id. */
  importParameters?: Record<string, ImportParametersRecord>;
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
  /** Set when the grantee is an AWS service principal (GranteeServicePrincipal). */
  granteeServicePrincipal?: boolean;
  retiringServicePrincipal?: boolean;
  /** Grant operations: Decrypt, Encrypt, GenerateDataKey, ReEncryptFrom… */
  operations: string[];
  constraints?: {
    EncryptionContextEquals?: Record<string, string>;
    EncryptionContextSubset?: Record<string, string>;
    SourceArn?: string;
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
