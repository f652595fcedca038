// Evaluates a scenario's requests (scenario-format.md, "npm run simulate"): each request gets the
// decision AWS would reach, with the statements that decided it and, on request, the whole
// explanation. The same gathering and evaluator as every KMS call in the engine.
import { evaluateAccess } from '../policy';
import type { AccessEvaluation, Decision } from '../policy/types';
import { buildAccessInput } from '../identity/access-input';
import { keyForAccess } from '../kms/policy-authorizer';
import { parseKmsArn } from '../world/arn';
import type { World } from '../world/world';
import type { Scenario, ScenarioRequest } from './schema';

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

export function evaluateScenarioRequest(world: World, scenario: Scenario, request: ScenarioRequest, index: number): RequestResult {
  const resources = Array.isArray(request.resource) ? request.resource : [request.resource];
  const evaluations = resources.map((resource) => {
    const arn = parseKmsArn(resource);
    const key = arn?.resourceType === 'key' ? world.getKey(resource) : undefined;
    const region = arn?.region ?? resource.split(':')[3] ?? scenario.defaultRegion ?? 'us-east-1';
    const evaluation = evaluateAccess(
      buildAccessInput({
        identities: world.state.identities,
        principalArn: request.principal,
        action: request.action,
        resource,
        resourceAccount: request.resourceAccount,
        region: region || scenario.defaultRegion || 'us-east-1',
        key: key ? keyForAccess(world.state, key) : undefined,
        keyIdAsSent: request.keyIdAsSent,
        encryptionContext: request.encryptionContext,
        callerContext: request.context,
        now: world.now(),
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

export function simulateScenario(world: World, scenario: Scenario): SimulationReport {
  const results = (scenario.requests ?? []).map((r, i) => evaluateScenarioRequest(world, scenario, r, i));
  const checked = results.filter((r) => r.pass !== undefined);
  const passed = checked.filter((r) => r.pass).length;
  return {
    results,
    summary: { total: results.length, passed, failed: checked.length - passed, unchecked: results.length - checked.length },
  };
}

/** The explanation as plain JSON for `--explain`: every layer, policy, statement and condition with its result. */
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
        statements: p.statements.map((s) => ({
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
