// The one path every KMS call takes (ARCHITECTURE.md "Every call goes through one pipeline"):
//
//   request → validate → resolve key → check key state and usage → authorize → cryptography → audit
//
// `runOperation` owns the call: the trace, input validation, error capture and the audit event.
// Each operation (kms/operations/*) is a short `run` that uses the stage helpers of CallContext
// (kms/operation.ts) — `useKey` does resolve + state + usage + authorize in one line.
import { KmsError, validationErrors } from '../errors';
import { knownMembers, requestViolations } from '../model/model';
import type { CallTrace } from '../trace';
import type { OperationName, RequestOf, ResponseOf } from '../types';
import { cloudTrailTime, toCloudTrailShape, type AuditEvent } from '../world/audit';
import { processDueEffects } from './scheduled';
import { CallContext, withoutBlobs, type KmsCaller, type OperationDefinition } from './operation';
import { OPERATIONS } from './operations';
import { Violations } from './validate';
import { awsManagedService, ensureAwsManagedKey } from './aws-managed';
import { checkGrantTokensWellFormed } from './operations/grants';
import { parseKmsArn } from '../world/arn';

/** Runs one KMS call through the pipeline. Calls on one world run one at a time, in order. */
export function runOperation<Op extends OperationName>(
  client: KmsCaller,
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
async function createAwsManagedKeysNamedIn(client: KmsCaller, req: Record<string, unknown>): Promise<void> {
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
