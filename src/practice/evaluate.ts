// The engine's answers for policy puzzles, through its public scenario entry: each request of a
// scenario evaluated as `npm run simulate` evaluates it, from the document (describedView: the
// same identities, keys and evaluator as a loaded world, without building key material).
import { describedView, evaluateScenarioRequest, type RequestResult, type Scenario, type ScenarioRequest } from '@kms-lab/engine/scenario';
import type { AccessEvaluation } from '@kms-lab/engine/policy';

export function evaluateRequests(scenario: Scenario, requests: readonly ScenarioRequest[] = scenario.requests ?? []): RequestResult[] {
  const view = describedView(scenario);
  return requests.map((r, i) => evaluateScenarioRequest(view, scenario, r, i));
}

/** The one evaluation of a single-resource request. */
export const evaluationOf = (r: RequestResult): AccessEvaluation => r.evaluations[0].evaluation;

/** A statement's place: `<policyId>#<index>`, or `grant:<id>` for a grant. */
export const statementRef = (policyId: string, index: number) => (policyId.startsWith('grant:') ? policyId : `${policyId}#${index}`);

/** The statements that decided an evaluation, as refs. */
export const decidingRefs = (ev: AccessEvaluation): string[] => ev.decidedBy.map((d) => statementRef(d.policyId, d.statementIndex));
