// Evaluates a scenario's requests (scenario-format.md, "npm run simulate"): each request gets the
// decision AWS would reach, with the statements that decided it and, on request, the whole
// explanation. The same gathering and evaluator as every KMS call in the engine.
import { evaluateAccess } from '../policy';
import type { AccessEvaluation, Decision, LayerResult, PolicyEvaluation, StatementResult } from '../policy/types';
import { accessMemo, buildAccessInput, type AccessMemo, type KeyForAccess } from '../identity/access-input';
import { keyForAccess } from '../kms/policy-authorizer';
import { defaultKeyPolicy } from '../kms/metadata';
import { identitiesFromScenario, policyText } from '../identity/from-scenario';
import type { IdentityState } from '../identity/principals';
import { parseKmsArn } from '../world/arn';
import type { World } from '../create-world';
import type { Scenario, ScenarioRequest } from './schema';

/**
 * What evaluating a request reads of a world: its identities, a key as the evaluator sees it, and
 * the time. A loaded World gives it (worldView), and so does a scenario document by itself
 * (describedView), without building keys: the policy decision never reads key material.
 */
export interface ScenarioView {
  identities: IdentityState;
  key(arn: string): KeyForAccess | undefined;
  now(): Date;
}

export function worldView(world: World): ScenarioView {
  return {
    identities: world.state.identities,
    key: (arn) => {
      const record = world.getKey(arn);
      return record ? keyForAccess(world.state, record) : undefined;
    },
    now: () => world.now(),
  };
}

/**
 * A scenario as the evaluator sees it, read from the document alone: the same identities and keys
 * loadScenario builds (a key without a policy gets the default key policy; grants keep their
 * grantId, numbered when the file gives none), no WebCrypto, no key material. For a valid
 * document (parseScenario), its decisions are the loaded world's: scenario.test.ts compares them.
 */
export function describedView(scenario: Scenario): ScenarioView {
  const keys = new Map<string, KeyForAccess>();
  let grantSeq = 0;
  for (const k of scenario.keys ?? []) {
    const arn = parseKmsArn(k.arn);
    if (!arn) continue;
    const aliases = new Set(k.aliases ?? []);
    keys.set(k.arn, {
      arn: k.arn,
      accountId: arn.accountId,
      region: arn.region,
      keySpec: k.keySpec ?? 'SYMMETRIC_DEFAULT',
      keyUsage: k.keyUsage ?? defaultUsage(k.keySpec ?? 'SYMMETRIC_DEFAULT'),
      origin: k.origin ?? 'AWS_KMS',
      keyManager: k.keyManager ?? 'CUSTOMER',
      multiRegion: !!k.multiRegion,
      ...(k.multiRegion ? { multiRegionKeyType: 'PRIMARY' as const } : {}),
      tags: { ...(k.tags ?? {}) },
      aliases: [...aliases].sort(),
      policy: k.policy !== undefined ? policyText(k.policy) : defaultKeyPolicy(arn.accountId, k.arn.split(':')[1]),
      grants: (k.grants ?? []).map((g) => ({
        grantId: g.grantId ?? `grant${++grantSeq}`,
        ...(g.name ? { name: g.name } : {}),
        keyArn: k.arn,
        granteePrincipal: g.granteePrincipal,
        ...(g.retiringPrincipal ? { retiringPrincipal: g.retiringPrincipal } : {}),
        operations: [...g.operations],
        ...(g.constraints ? { constraints: { ...g.constraints } } : {}),
      })),
    });
  }
  const identities = identitiesFromScenario(scenario);
  const now = scenario.clock ? new Date(scenario.clock) : new Date();
  return { identities, key: (arn) => keys.get(arn), now: () => now };
}

/** The scenario's default KeyUsage per key spec (as loadScenario gives it). */
function defaultUsage(spec: string): string {
  if (spec.startsWith('HMAC_')) return 'GENERATE_VERIFY_MAC';
  if (spec === 'SYMMETRIC_DEFAULT' || spec.startsWith('RSA_') || spec === 'SM2') return 'ENCRYPT_DECRYPT';
  return 'SIGN_VERIFY';
}

export interface DecidedBy {
  policy: string;
  statement: string;
  line?: number;
  column?: number;
}

export interface RequestResult {
  id: string;
  decision: Decision;
  expected?: Decision;
  /** Present when the request has an expectation. */
  pass?: boolean;
  decidedBy: DecidedBy[];
  summary: string;
  /** Per resource, for requests on several resources. */
  evaluations: { resource: string; evaluation: AccessEvaluation }[];
}

export interface SimulationReport {
  results: RequestResult[];
  summary: { total: number; passed: number; failed: number; unchecked: number };
}

function decidingStatements(evaluation: AccessEvaluation): DecidedBy[] {
  return evaluation.decidedBy.map((d) => ({
    policy: d.label,
    statement: d.sid ?? `Statement[${d.statementIndex}]`,
    ...(d.range && d.range.start.line ? { line: d.range.start.line, column: d.range.start.column } : {}),
  }));
}

/**
 * What stays the same from request to request of one simulation (the world does not change while
 * its requests are evaluated): each caller's policies, each key as the evaluator sees it.
 */
export interface SimulationMemo {
  access: AccessMemo;
  keys: Map<string, KeyForAccess | null>;
}
export const simulationMemo = (): SimulationMemo => ({ access: accessMemo(), keys: new Map() });

export function evaluateScenarioRequest(source: World | ScenarioView, scenario: Scenario, request: ScenarioRequest, index: number, memo?: SimulationMemo): RequestResult {
  const view = 'state' in source ? worldView(source) : source;
  const resources = Array.isArray(request.resource) ? request.resource : [request.resource];
  const evaluations = resources.map((resource) => {
    const arn = parseKmsArn(resource);
    let key = memo?.keys.get(resource);
    if (key === undefined) {
      key = (arn?.resourceType === 'key' ? view.key(resource) : undefined) ?? null;
      memo?.keys.set(resource, key);
    }
    const region = arn?.region ?? resource.split(':')[3] ?? scenario.defaultRegion ?? 'us-east-1';
    const evaluation = evaluateAccess(
      buildAccessInput({
        identities: view.identities,
        principalArn: request.principal,
        action: request.action,
        resource,
        resourceAccount: request.resourceAccount,
        region: region || scenario.defaultRegion || 'us-east-1',
        key: key ?? undefined,
        keyIdAsSent: request.keyIdAsSent,
        encryptionContext: request.encryptionContext,
        callerContext: request.context,
        now: view.now(),
        memo: memo?.access,
      }),
    );
    return { resource, evaluation };
  });
  // Allow only when every resource is allowed; otherwise the first that is not decides.
  const deciding = evaluations.find((e) => e.evaluation.decision !== 'Allow') ?? evaluations[0];
  const decision = deciding.evaluation.decision;
  const decidedBy =
    decision === 'Allow' ? evaluations.flatMap((e) => decidingStatements(e.evaluation)) : decidingStatements(deciding.evaluation);
  return {
    id: request.id ?? `request-${index + 1}`,
    decision,
    ...(request.expect ? { expected: request.expect, pass: request.expect === decision } : {}),
    decidedBy,
    summary: deciding.evaluation.summary,
    evaluations,
  };
}

/**
 * The requests' results one at a time, in order (a caller that writes each out and lets it go
 * holds one result at a time, however many requests the scenario has).
 */
export function* simulateRequests(world: World | ScenarioView, scenario: Scenario): Generator<RequestResult, SimulationReport['summary']> {
  const memo = simulationMemo();
  const requests = scenario.requests ?? [];
  const summary = { total: requests.length, passed: 0, failed: 0, unchecked: 0 };
  for (let i = 0; i < requests.length; i++) {
    const r = evaluateScenarioRequest(world, scenario, requests[i], i, memo);
    if (r.pass === undefined) summary.unchecked++;
    else if (r.pass) summary.passed++;
    else summary.failed++;
    yield r;
  }
  return summary;
}

export function simulateScenario(world: World | ScenarioView, scenario: Scenario): SimulationReport {
  const results: RequestResult[] = [];
  const it = simulateRequests(world, scenario);
  for (;;) {
    const step = it.next();
    if (step.done) return { results, summary: step.value };
    results.push(step.value);
  }
}

/**
 * The statements a layer weighs, so that each statement is explained once: the explicit-deny layer
 * weighs every policy's Deny statements; every other layer its own policies' Allow statements.
 */
export function statementsOfLayer(layer: LayerResult, policy: PolicyEvaluation): StatementResult[] {
  const effect = layer.layer === 'explicit-deny' ? 'Deny' : 'Allow';
  return policy.statements.filter((s) => s.statement.effect === effect);
}

/**
 * The explanation as plain JSON for `--explain`: every layer, policy, statement and condition with
 * its result (each statement once, in the layer that weighs it: statementsOfLayer).
 */
export function explainJson(evaluation: AccessEvaluation): unknown {
  return {
    decision: evaluation.decision,
    summary: evaluation.summary,
    missingContextKeys: evaluation.missingContextKeys,
    errors: evaluation.errors,
    context: evaluation.request.context,
    layers: evaluation.layers.map((l) => ({
      layer: l.layer,
      outcome: l.outcome,
      reason: l.reason,
      ...(l.levels ? { levels: l.levels } : {}),
      ...(l.grants
        ? { grants: l.grants.map((g) => ({ grantId: g.grant.grantId, grantee: g.grant.granteePrincipal, operations: g.grant.operations, applies: g.applies, explanation: g.explanation })) }
        : {}),
      policies: l.policies.map((p) => ({
        policy: p.label,
        kind: p.kind,
        allows: p.allows,
        denies: p.denies,
        statements: statementsOfLayer(l, p).map((s) => ({
          statement: s.statement.sid ?? `Statement[${s.statement.index}]`,
          effect: s.statement.effect,
          line: s.statement.range.start.line,
          column: s.statement.range.start.column,
          applies: s.applies,
          principal: s.principal,
          action: s.action,
          resource: s.resource,
          conditions: s.conditions.map((c) => ({
            operator: c.entry.operator,
            key: c.entry.key,
            values: c.entry.values.map((v) => v.value),
            result: c.result,
            missing: c.missing,
            explanation: c.explanation,
            ...(Object.keys(c.variables).length ? { variables: c.variables } : {}),
            ...(c.error ? { error: c.error } : {}),
          })),
          ...(s.error ? { error: s.error } : {}),
        })),
      })),
    })),
  };
}
