// The one path every KMS call takes (ARCHITECTURE.md "Every call goes through one pipeline"):
//
//   request → validate → resolve key → check key state and usage → authorize → cryptography → audit
//
// `runOperation` owns the call: the trace, input validation, error capture and the audit event.
// Each operation (kms/operations/*) is a short `run` that uses the stage helpers of CallContext —
// `useKey` does resolve + state + usage + authorize in one line — so the stages and their trace
// events are the same everywhere.
import { dryRun as dryRunError, invalidKeyUsage, KmsError, algorithmIncompatible, validationErrors } from '../errors';
import { knownMembers, requestViolations } from '../model/model';
import type { CallTrace, CryptoStep, DataKeyRef, KmsEvent, Stage } from '../trace';
import type { KeyUsageType, OperationName, RequestOf, ResponseOf } from '../types';
import { encryptionAlgorithmsFor } from './specs';
import type { CallerIdentity } from '../world/arn';
import { cloudTrailTime, toCloudTrailShape, type AuditEvent } from '../world/audit';
import type { KeyRecord } from '../world/state';
import { processDueEffects } from '../world/time';
import type { World } from '../world/world';
import { accessDeniedMessage, type AuthorizationRequest, type AuthorizationResult } from './authorize';
import type { KmsClient } from './client';
import { keyStateError, type StateRule } from './key-state';
import { OPERATIONS } from './operations';
import { resolveKey, type KeyForms, type ResolvedKey } from './resolve';
import { Violations } from './validate';
import { awsManagedService, ensureAwsManagedKey } from './aws-managed';
import { checkGrantTokensWellFormed } from './operations/grants';
import { parseKmsArn } from '../world/arn';

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
    readonly world: World,
    readonly client: KmsClient,
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
function withoutBlobs(request: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) {
    if (v instanceof Uint8Array) out[k] = { bytes: v.length };
    else if (v && typeof v === 'object' && !Array.isArray(v) && 'AttestationDocument' in v) out[k] = { ...v, AttestationDocument: undefined };
    else out[k] = v;
  }
  return out;
}

/** Runs one KMS call through the pipeline. Calls on one world run one at a time, in order. */
export function runOperation<Op extends OperationName>(
  client: KmsClient,
  operation: Op,
  request: RequestOf<Op> | undefined,
): Promise<{ response: ResponseOf<Op>; trace: CallTrace }> {
  const world = client.world;
  if (!Object.hasOwn(OPERATIONS, operation))
    return Promise.reject(new KmsError('UnknownOperationException', `KMS Lab does not implement the operation ${String(operation)} yet.`));
  return world.exclusive(async () => {
    const effects = await processDueEffects(world, world.nowMs());
    const now = world.nowMs();
    // Members the model does not know are ignored, as AWS ignores them; known ones are all kept.
    const req = knownMembers(operation, (request ?? {}) as Record<string, unknown>) as RequestOf<Op> & Record<string, unknown>;
    await createAwsManagedKeysNamedIn(client, req);
    const trace: CallTrace = {
      callId: `call-${++world.state.counters.calls}`,
      operation,
      region: client.region,
      principal: client.caller.arn,
      startedAt: new Date(now),
      events: [],
      outcome: 'success',
    };
    const ctx = new CallContext(world, client, operation, req, trace, now);
    const definition = OPERATIONS[operation] as unknown as OperationDefinition<Op>;
    ctx.emit({ type: 'request', operation, region: client.region, principal: client.caller.arn, parameters: withoutBlobs(req) });
    for (const e of effects) ctx.emit({ type: 'time-effect', effect: e.effect, keyArn: e.keyArn, dueAt: new Date(e.dueAt) });

    let response: ResponseOf<Op> | undefined;
    let error: KmsError | undefined;
    try {
      ctx.stage = 'validate';
      // The model's constraints (required, length, range, enum, pattern), then any rule of the
      // operation's own that the model cannot say; reported together, as AWS does.
      const violations = requestViolations(operation, req);
      const v = new Violations();
      definition.validate?.(req, v);
      for (const x of v.list) if (!violations.includes(x)) violations.push(x);
      if (violations.length > 0) throw validationErrors(violations);
      checkGrantTokensWellFormed(req.GrantTokens);
      ctx.emit({ type: 'validate', ok: true });
      ctx.stage = 'perform';
      response = await definition.run(ctx, req);
    } catch (e) {
      error = e instanceof KmsError ? e : new KmsError('KMSInternalException', e instanceof Error ? e.message : String(e), { cause: e });
      ctx.emit({ type: 'error', stage: ctx.stage, name: error.name, message: error.message });
    }

    ctx.stage = 'audit';
    const event = auditEvent(ctx, definition, response, error);
    world.state.auditLog.push(event, ...(error ? [] : ctx.followingAuditEvents));
    ctx.emit({ type: 'audit', eventId: event.eventID, eventName: event.eventName, ...(error ? { errorCode: error.name } : {}) });
    if (error) {
      trace.outcome = 'error';
      trace.error = { name: error.name, message: error.message };
      error.trace = trace;
    }
    client.lastTrace = trace;
    world.publish(trace);
    if (error) throw error;
    return { response: response as ResponseOf<Op>, trace };
  });
}

/**
 * AWS managed keys appear on first use (§7, §13): a request that names `alias/aws/<service>` (or its
 * alias ARN) in the caller's account and Region finds the key there, created if it was not yet.
 */
async function createAwsManagedKeysNamedIn(client: KmsClient, req: Record<string, unknown>): Promise<void> {
  for (const field of ['KeyId', 'SourceKeyId', 'DestinationKeyId']) {
    const value = req[field];
    if (typeof value !== 'string') continue;
    let name = value;
    if (value.startsWith('arn:')) {
      const arn = parseKmsArn(value);
      if (!arn || arn.resourceType !== 'alias' || arn.region !== client.region || arn.accountId !== client.caller.accountId) continue;
      name = arn.resource;
    }
    const service = awsManagedService(name);
    if (service) await ensureAwsManagedKey(client.world, client.caller.accountId, client.region, service);
  }
}

function nonEmpty(o: unknown): Record<string, unknown> | null {
  return o && typeof o === 'object' && Object.keys(o).length > 0 ? (o as Record<string, unknown>) : null;
}

function auditEvent<Op extends OperationName>(
  ctx: CallContext,
  definition: OperationDefinition<Op>,
  response: ResponseOf<Op> | undefined,
  error: KmsError | undefined,
): AuditEvent {
  const keys = [...ctx.touchedKeys.values()];
  let responseElements: Record<string, unknown> | null = null;
  if (!error && definition.auditResponse === 'response') {
    responseElements = nonEmpty(toCloudTrailShape(response));
    // Since December 2022 CloudTrail records the key ARN even for operations that return nothing.
    if (!responseElements && keys.length > 0) responseElements = { keyId: keys[0].arn };
  }
  return {
    eventVersion: '1.08',
    userIdentity: { type: ctx.caller.type, arn: ctx.caller.arn, accountId: ctx.caller.accountId },
    eventTime: cloudTrailTime(ctx.now),
    eventSource: 'kms.amazonaws.com',
    eventName: ctx.operation,
    awsRegion: ctx.region,
    sourceIPAddress: String(ctx.client.context['aws:SourceIp'] ?? '192.0.2.0'),
    userAgent: 'kms-lab',
    requestParameters: nonEmpty(toCloudTrailShape(ctx.request)),
    responseElements,
    ...(error ? { errorCode: error.name, errorMessage: error.message } : {}),
    requestID: ctx.world.ids.uuid(),
    eventID: ctx.world.ids.uuid(),
    readOnly: definition.readOnly,
    resources: keys.map((k) => ({ accountId: k.accountId, type: 'AWS::KMS::Key' as const, ARN: k.arn })),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: keys[0]?.accountId ?? ctx.caller.accountId,
    eventCategory: 'Management',
    ...(ctx.decisions.length ? { accessDecisions: ctx.decisions } : {}),
    callId: ctx.trace.callId,
  };
}
