// What the KMS operations see of the world: its state and its ports (ids, crypto, the authorizer).
// A leaf of the engine's import graph — types only, importing nothing that could import it back —
// so kms/ can be read and tested without the World class (create-world.ts implements this).
import type { CryptoPort, IdSource } from '../ports';
import type { CallTrace } from '../trace';
import type { IdentityState } from '../identity/principals';
import type { AliasRecord, GrantRecord, KeyRecord, WorldState } from './state';

export interface WorldContext {
  readonly ids: IdSource;
  readonly crypto: CryptoPort;
  /** The live state. Change it only from inside a call or a clock move (`exclusive`). */
  readonly state: WorldState;
  /** The authorize stage (the policy evaluator by default). */
  readonly authorizer: Authorizer;
  readonly identities: IdentityState;
  /** The simulated time, epoch ms. */
  nowMs(): number;
  now(): Date;
  getKey(arn: string): KeyRecord | undefined;
  /** Keys of one account in one Region, in creation order. */
  keysIn(accountId: string, region: string): KeyRecord[];
  getAlias(aliasArn: string): AliasRecord | undefined;
  /** The aliases that point at a key (kms:ResourceAliases). */
  aliasesOf(keyArn: string): AliasRecord[];
  /** Grants on a key, oldest first. */
  grantsOf(keyArn: string): GrantRecord[];
  /** Runs `task` after everything queued before it (calls and clock moves run one at a time). */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** Hands a finished call's trace to the world's subscribers. */
  publish(trace: CallTrace): void;
}

// ---- the authorize port: "may this caller do this to these resources?" ----

export interface AuthorizationRequest {
  /** The AWS operation, e.g. `Decrypt`. */
  operation: string;
  /** The IAM action, e.g. `kms:Decrypt` (`kms:ReEncryptFrom` / `kms:ReEncryptTo` for ReEncrypt). */
  action: string;
  /** The caller's ARN. */
  principal: string;
  region: string;
  /** The caller's account. */
  accountId: string;
  /** The resolved key (undefined for CreateKey, ListKeys, GenerateRandom, ListAliases…). */
  key?: KeyRecord;
  /** ARNs to authorize: the key ARN; for alias operations the alias ARN and each key ARN; `*` when there is no resource. */
  resources: string[];
  /** How the request named the key (for kms:RequestAlias). */
  keyIdAsSent?: string;
  encryptionContext?: Record<string, string>;
  /** The request (blobs removed), for condition keys: KeySpec, EncryptionAlgorithm, PendingWindowInDays, BypassPolicyLockoutSafetyCheck… */
  requestParameters: Record<string, unknown>;
  /** Condition keys the caller supplied with `world.client({ context })` (kms:ViaService, aws:SourceIp…). */
  callerContext: Record<string, string | string[]>;
  grantTokens?: string[];
}

/** The kind of policy AWS names in an AccessDeniedException message. */
export type DeniedBy =
  | 'resource-based policy'
  | 'identity-based policy'
  | 'service control policy'
  | 'resource control policy'
  | 'permissions boundary'
  | 'session policy';

export interface AuthorizationResult {
  decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /** For a denial: which kind of policy denied, or had no allow (AWS's message names it). */
  deniedBy?: DeniedBy;
  /** For a denial on an operation with several resources: the one that was denied. */
  deniedResource?: string;
  /** Why, in a sentence (shown in traces and the audit log). */
  reason: string;
  /** The evaluator's explain-first data, carried into the trace for the decision panel. */
  evaluation?: unknown;
}

export interface Authorizer {
  authorize(world: WorldContext, req: AuthorizationRequest): AuthorizationResult | Promise<AuthorizationResult>;
}
