// What an operation is: its definition (CloudTrail flags, input rules, `run`) and the CallContext its
// `run` is given — the stage helpers of the pipeline (resolve → state → usage → authorize → crypto),
// so the stages and their trace events are the same for every operation. kms/pipeline.ts runs the
// call; kms/operations/* are the definitions; this module imports neither.
import { dryRun as dryRunError, invalidKeyUsage, KmsError, algorithmIncompatible } from '../errors';
import type { CallTrace, CryptoStep, DataKeyRef, KmsEvent, Stage } from '../trace';
import type { KeyUsageType, OperationName, RequestOf, ResponseOf } from '../types';
import { encryptionAlgorithmsFor } from './specs';
import type { CallerIdentity } from '../world/arn';
import type { AuditEvent } from '../world/audit';
import type { KeyRecord } from '../world/state';
import type { AuthorizationRequest, AuthorizationResult, WorldContext } from '../world/context';
import { accessDeniedMessage } from './authorize';
import { keyStateError, type StateRule } from './key-state';
import { resolveKey, type KeyForms, type ResolvedKey } from './resolve';
import type { Violations } from './validate';

/** The caller a call is made for: a KmsClient, as the pipeline sees it. */
export interface KmsCaller {
  readonly world: WorldContext;
  readonly caller: CallerIdentity;
  readonly region: string;
  /** Condition keys the caller supplied (kms:ViaService, aws:SourceIp…). */
  readonly context: Record<string, string | string[]>;
  lastTrace: CallTrace | undefined;
}

/** What an operation module provides. */
export interface OperationDefinition<Op extends OperationName> {
  /** CloudTrail's readOnly flag. */
  readOnly: boolean;
  /** Whether CloudTrail records the response (`none` for operations that return key material or data). */
  auditResponse: 'response' | 'none';
  /** Input rules of the service beyond the API model's constraints (those are checked for every operation). */
  validate?(request: RequestOf<Op>, v: Violations): void;
  run(ctx: CallContext, request: RequestOf<Op>): Promise<ResponseOf<Op>>;
}

/** Operations AWS allows on another account's key (kms-behaviour.md §1 "XA", policy-evaluation.md §0.3). */
const CROSS_ACCOUNT_OPERATIONS = new Set([
  'DescribeKey', 'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'GetKeyRotationStatus', 'GetPublicKey',
  'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret', 'CreateGrant', 'ListGrants', 'RetireGrant', 'RevokeGrant',
]);

type EventBody = KmsEvent extends infer E ? (E extends KmsEvent ? Omit<E, 'at'> : never) : never;

export interface UseKeyOptions {
  /** The request member that named the key (for the trace), default `KeyId`. */
  parameter?: string;
  forms: KeyForms;
  state: StateRule;
  /** Check that the key is an encryption key and the request's EncryptionAlgorithm suits it. */
  encryptionUsage?: boolean;
  /** With encryptionUsage: only symmetric encryption keys (GenerateDataKey*). */
  symmetricOnly?: boolean;
  /** IAM action, default `kms:<Operation>`. */
  action?: string;
  encryptionContext?: Record<string, string>;
}

export class CallContext {
  stage: Stage = 'request';
  /** Keys the call touched, for the audit event's `resources`. */
  readonly touchedKeys = new Map<string, KeyRecord>();
  readonly decisions: { action: string; decision: string; reason: string }[] = [];
  /** Service events (e.g. a catch-up RotateKey) to log after this call's own event. */
  readonly followingAuditEvents: AuditEvent[] = [];
  private dataKeys = 0;

  constructor(
    readonly world: WorldContext,
    readonly client: KmsCaller,
    readonly operation: OperationName,
    readonly request: Record<string, unknown>,
    readonly trace: CallTrace,
    /** The simulated time of the call (epoch ms). */
    readonly now: number,
  ) {}

  get caller(): CallerIdentity {
    return this.client.caller;
  }
  get region(): string {
    return this.client.region;
  }

  emit(event: EventBody): void {
    this.trace.events.push({ at: new Date(this.now), ...event } as KmsEvent);
  }

  touch(key: KeyRecord): void {
    this.touchedKeys.set(key.arn, key);
  }

  /** Resolve stage: finds the key a request member names (id, ARN, alias, alias ARN). */
  resolve(parameter: string, input: string, forms: KeyForms): ResolvedKey {
    this.stage = 'resolve-key';
    const resolved = resolveKey(this.world, this.caller, this.region, input, forms);
    this.touch(resolved.key);
    this.emit({ type: 'resolve-key', parameter, input, namedAs: resolved.namedAs, keyArn: resolved.key.arn, aliasArn: resolved.aliasArn });
    return resolved;
  }

  /** State stage: the §4 table. */
  checkState(key: KeyRecord, rule: StateRule): void {
    this.stage = 'check-state';
    const error = keyStateError(rule, key);
    this.emit({ type: 'check-state', keyArn: key.arn, keyState: key.keyState, ok: !error, ...(error ? { why: error.message } : {}) });
    if (error) throw error;
  }

  /**
   * Usage stage: the cryptographic operations need an ENCRYPT_DECRYPT key, and the algorithm
   * (SYMMETRIC_DEFAULT when omitted) must suit its spec — an RSA key used without
   * EncryptionAlgorithm is "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096."
   * `symmetricOnly` is for the data-key operations, which asymmetric keys cannot do.
   */
  checkEncryptionUsage(key: KeyRecord, algorithm?: string, symmetricOnly = false): void {
    this.checkUsage(key, ['ENCRYPT_DECRYPT'], () => {
      if (symmetricOnly && key.keySpec !== 'SYMMETRIC_DEFAULT')
        return new KmsError('InvalidKeyUsageException', `${key.arn} key spec ${key.keySpec} is not valid for ${this.operation}. Use a symmetric encryption KMS key.`);
      const alg = algorithm ?? 'SYMMETRIC_DEFAULT';
      return (encryptionAlgorithmsFor(key.keySpec) as string[]).includes(alg) ? undefined : algorithmIncompatible(alg, key.keySpec);
    });
  }

  /** Usage stage for any operation: the key usage must be one of `usages`; then `more` checks the algorithm. */
  checkUsage(key: KeyRecord, usages: KeyUsageType[], more?: () => KmsError | undefined): void {
    this.stage = 'check-usage';
    let error: KmsError | undefined;
    if (!usages.includes(key.keyUsage)) error = invalidKeyUsage(key.arn, key.keyUsage, this.operation);
    else error = more?.();
    this.emit({ type: 'check-usage', keyArn: key.arn, keyUsage: key.keyUsage, keySpec: key.keySpec, ok: !error, ...(error ? { why: error.message } : {}) });
    if (error) throw error;
  }

  /**
   * Authorize stage: asks the world's authorizer; anything but Allow is AccessDeniedException.
   * Operations that AWS does not offer across accounts are denied on another account's key.
   */
  async authorize(options: {
    action?: string;
    key?: KeyRecord;
    resources?: string[];
    keyIdAsSent?: string;
    encryptionContext?: Record<string, string>;
  }): Promise<AuthorizationResult> {
    this.stage = 'authorize';
    const { key } = options;
    const request: AuthorizationRequest = {
      operation: this.operation,
      action: options.action ?? `kms:${this.operation}`,
      principal: this.caller.arn,
      region: this.region,
      accountId: this.caller.accountId,
      key,
      resources: options.resources ?? (key ? [key.arn] : ['*']),
      keyIdAsSent: options.keyIdAsSent,
      encryptionContext: options.encryptionContext,
      requestParameters: withoutBlobs(this.request),
      callerContext: this.client.context,
      grantTokens: this.request.GrantTokens as string[] | undefined,
    };
    const result: AuthorizationResult =
      key && key.accountId !== this.caller.accountId && !CROSS_ACCOUNT_OPERATIONS.has(this.operation)
        ? { decision: 'ImplicitDeny', reason: `${this.operation} cannot be used on a key in another AWS account.` }
        : await this.world.authorizer.authorize(this.world, request);
    this.emit({
      type: 'authorize',
      action: request.action,
      principal: request.principal,
      resources: request.resources,
      decision: result.decision,
      reason: result.reason,
      ...(result.evaluation !== undefined ? { evaluation: result.evaluation } : {}),
    });
    this.decisions.push({ action: request.action, decision: result.decision, reason: result.reason });
    if (result.decision !== 'Allow') throw new KmsError('AccessDeniedException', accessDeniedMessage(request, result));
    return result;
  }

  /** Resolve + check state (+ usage) + authorize, for an operation on one key. */
  async useKey(input: string, options: UseKeyOptions): Promise<KeyRecord> {
    const { key } = this.resolve(options.parameter ?? 'KeyId', input, options.forms);
    this.checkState(key, options.state);
    if (options.encryptionUsage) this.checkEncryptionUsage(key, this.request.EncryptionAlgorithm as string | undefined, options.symmetricOnly);
    await this.authorize({ action: options.action, key, keyIdAsSent: input, encryptionContext: options.encryptionContext });
    return key;
  }

  /** DryRun: everything has been checked; stop before the effect (AWS-validated message). */
  dryRun(flag: boolean | undefined): void {
    if (flag) throw dryRunError();
  }

  crypto(step: CryptoStep): void {
    this.stage = 'crypto';
    this.emit({ type: 'crypto', ...step });
  }

  nextDataKeyRef(): DataKeyRef {
    return `dk-${++this.dataKeys}`;
  }

  afterAudit(event: AuditEvent): void {
    this.followingAuditEvents.push(event);
  }

  stateChange(key: KeyRecord, from: string | null, to: string): void {
    this.emit({ type: 'state-change', keyArn: key.arn, from, to });
  }
}

/** The request as condition keys and traces may see it: blobs replaced by their lengths. */
export function withoutBlobs(request: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) {
    if (v instanceof Uint8Array) out[k] = { bytes: v.length };
    else if (v && typeof v === 'object' && !Array.isArray(v) && 'AttestationDocument' in v) out[k] = { ...v, AttestationDocument: undefined };
    else out[k] = v;
  }
  return out;
}
