/**
 * `toDecisionSteps(evaluation)`: an access decision as the steps the player walks, in AWS's
 * evaluation order (policy-evaluation.md §0.1 and §2.3):
 *
 *   explicit-deny sweep → RCPs → SCPs → key policy → IAM policies → grants → boundary → session → decision
 *
 * Every stage is always present, so the pipeline has the same shape for every request; a stage the
 * request does not have (no organization, no boundary…) is "Does not apply". The stage that decided
 * the outcome is marked `decidedHere` (VISUAL.md: thick outline and a "decided here" marker), and the
 * last step is the decision itself, which predict-then-reveal hides until the learner has guessed.
 * Pure: it reads the evaluator's explain-first data and never calls the engine.
 */
import type { AccessEvaluation, Decision, LayerName, LayerResult } from '@kms-lab/engine/policy';

export type PipelineStage = 'explicit-deny' | 'rcp' | 'scp' | 'resource' | 'identity' | 'grants' | 'boundary' | 'session' | 'decision';

/** What a stage did, in the four words of VISUAL.md's decision table. */
export type StepOutcome = 'allowed' | 'explicit-deny' | 'implicit-deny' | 'not-applicable';

export const OUTCOME_WORDS: Record<StepOutcome, string> = {
  allowed: 'Allowed',
  'explicit-deny': 'Denied — explicit deny',
  'implicit-deny': 'Denied — nothing allowed it',
  'not-applicable': 'Does not apply',
};

export const DECISION_OUTCOME: Record<Decision, StepOutcome> = {
  Allow: 'allowed',
  ExplicitDeny: 'explicit-deny',
  ImplicitDeny: 'implicit-deny',
};

/** A statement that applied in a stage (for the step's summary; the inspector drills further). */
export interface StepStatement {
  policyId: string;
  policyLabel: string;
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** It is one of the statements that decided the outcome. */
  deciding: boolean;
}

export interface DecisionStep {
  /** Stable: the stage name. */
  id: PipelineStage;
  index: number;
  /** The stage again, as the player's step kind (a breakpoint "before every …" matches on it). */
  kind: PipelineStage;
  stage: PipelineStage;
  /** The evaluator's layer this stage shows (undefined: the request has no such layer). */
  layer?: LayerName;
  title: string;
  outcome: StepOutcome;
  /** The decision words for the outcome ("Denied — nothing allowed it"). */
  verdict: string;
  /** Why, in plain words (the evaluator's reason, or why the stage does not apply). */
  reason: string;
  /** This stage decided the outcome. */
  decidedHere: boolean;
  /** This stage is part of the path that allowed the request (key policy + IAM for delegation…). */
  onAllowPath: boolean;
  /** Policies evaluated in this stage, by id. */
  policyIds: string[];
  statements: StepStatement[];
  /** One present-tense sentence for the narration line. */
  text: string;
  /** The last step: the decision (hidden until the learner predicts, in predict-then-reveal). */
  isDecision: boolean;
}

const TITLES: Record<PipelineStage, string> = {
  'explicit-deny': 'Explicit-deny sweep',
  rcp: 'Resource control policies (RCPs)',
  scp: 'Service control policies (SCPs)',
  resource: 'Key policy',
  identity: 'IAM policies',
  grants: 'Grants',
  boundary: 'Permissions boundary',
  session: 'Session policy',
  decision: 'Decision',
};

const ABSENT: Record<Exclude<PipelineStage, 'decision' | 'explicit-deny'>, string> = {
  rcp: 'The resource’s account is not in an organization with RCPs, so no RCP limits this request.',
  scp: 'The caller’s account is not in an organization with SCPs, so no SCP limits this request.',
  resource: 'The request has no resource with a resource-based policy.',
  identity: 'The caller has no identity policies to consult.',
  grants: 'There are no grants to consult for this request.',
  boundary: 'The caller has no permissions boundary.',
  session: 'The caller is not a session with a session policy.',
};

const STAGE_OF_LAYER: Record<LayerName, PipelineStage> = {
  'explicit-deny': 'explicit-deny',
  rcp: 'rcp',
  scp: 'scp',
  'key-policy': 'resource',
  'resource-policy': 'resource',
  identity: 'identity',
  grants: 'grants',
  boundary: 'boundary',
  session: 'session',
};

const ORDER: PipelineStage[] = ['explicit-deny', 'rcp', 'scp', 'resource', 'identity', 'grants', 'boundary', 'session', 'decision'];

function layerOutcome(l: LayerResult): StepOutcome {
  if (l.outcome === 'not-applicable') return 'not-applicable';
  if (l.outcome === 'allowed') return 'allowed';
  return l.layer === 'explicit-deny' ? 'explicit-deny' : 'implicit-deny';
}

/** The stage that decided: the sweep for an explicit deny, the first gate without an allow for an implicit deny, the first allow path for an Allow. */
export function decidingStage(evaluation: AccessEvaluation): PipelineStage {
  const byStage = new Map(evaluation.layers.map((l) => [STAGE_OF_LAYER[l.layer], l]));
  if (evaluation.decision === 'ExplicitDeny') return 'explicit-deny';
  if (evaluation.decision === 'ImplicitDeny') {
    for (const stage of ORDER) {
      if (stage === 'explicit-deny' || stage === 'decision') continue;
      const l = byStage.get(stage);
      if (l && l.outcome === 'denied') return stage;
    }
    // No stage said no outright: nothing allowed it anywhere; the resource (or IAM) stage is where it fell.
    if (byStage.has('resource')) return 'resource';
    return 'identity';
  }
  const via = evaluation.allowedVia ?? [];
  if (via.includes('key-policy') || via.includes('resource-policy')) return 'resource';
  if (via.includes('iam-delegation') || via.includes('identity') || via.includes('root-user')) return 'identity';
  if (via.includes('grant')) return 'grants';
  return 'identity';
}

function allowPathStages(evaluation: AccessEvaluation): Set<PipelineStage> {
  const s = new Set<PipelineStage>();
  if (evaluation.decision !== 'Allow') return s;
  for (const v of evaluation.allowedVia ?? []) {
    if (v === 'key-policy' || v === 'resource-policy') s.add('resource');
    if (v === 'iam-delegation') {
      s.add('resource');
      s.add('identity');
    }
    if (v === 'identity' || v === 'root-user') s.add('identity');
    if (v === 'grant') s.add('grants');
  }
  return s;
}

const decidingKey = (d: { policyId: string; statementIndex: number }) => `${d.policyId}#${d.statementIndex}`;

function statementsOf(layer: LayerResult, deciding: Set<string>, stage: PipelineStage): StepStatement[] {
  const out: StepStatement[] = [];
  for (const pe of layer.policies) {
    for (const sr of pe.statements) {
      if (!sr.applies) continue;
      // The sweep lists only Deny statements; the other stages list what applied.
      if (stage === 'explicit-deny' && sr.statement.effect !== 'Deny') continue;
      const s: StepStatement = {
        policyId: pe.policyId,
        policyLabel: pe.label,
        statementIndex: sr.statement.index,
        effect: sr.statement.effect,
        deciding: deciding.has(decidingKey({ policyId: pe.policyId, statementIndex: sr.statement.index })),
      };
      if (sr.statement.sid !== undefined) s.sid = sr.statement.sid;
      out.push(s);
    }
  }
  return out;
}

/** The evaluator's summary without its leading verdict words ("Denied — nothing allowed it: …" → "…"). */
export function summaryReason(evaluation: AccessEvaluation): string {
  const words = OUTCOME_WORDS[DECISION_OUTCOME[evaluation.decision]];
  let s = evaluation.summary;
  if (s.toLowerCase().startsWith(words.toLowerCase())) s = s.slice(words.length).replace(/^[:.\s—-]+/, '');
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/**
 * One step's narration: what the trace shows at that step, nothing later. A stage says its own
 * result and reason — never that it decides, since the decision is the last step (and, in
 * predict-then-reveal, the learner has not predicted yet). The decision step names the stage that
 * decided.
 */
function narration(step: Omit<DecisionStep, 'text'>, evaluation: AccessEvaluation, decided: Omit<DecisionStep, 'text'> | undefined): string {
  if (step.isDecision) {
    const at = decided ? ` It was decided at the ${decided.title} stage.` : '';
    return `${OUTCOME_WORDS[DECISION_OUTCOME[evaluation.decision]]}. ${summaryReason(evaluation)}${at}`;
  }
  return `${step.title}: ${step.verdict.toLowerCase()}. ${step.reason}`;
}

/** The sweep only looks for explicit denies: finding none, it allows nothing — it lets the request go on. */
const SWEEP_PASSED = 'No explicit deny';

/**
 * The decision's steps, in AWS order. Always nine: eight stages and the decision.
 *
 * @example
 *   const steps = toDecisionSteps(evaluation);
 *   steps.find((s) => s.decidedHere)?.title; // "Key policy"
 */
export function toDecisionSteps(evaluation: AccessEvaluation): DecisionStep[] {
  const byStage = new Map<PipelineStage, LayerResult>();
  for (const l of evaluation.layers) byStage.set(STAGE_OF_LAYER[l.layer], l);
  const decided = decidingStage(evaluation);
  const allowPath = allowPathStages(evaluation);
  const deciding = new Set(evaluation.decidedBy.map(decidingKey));
  const resourceTitle = byStage.get('resource')?.layer === 'resource-policy' ? 'Resource policy' : TITLES.resource;

  const bases = ORDER.map((stage, index) => {
    let base: Omit<DecisionStep, 'text'>;
    if (stage === 'decision') {
      const outcome = DECISION_OUTCOME[evaluation.decision];
      base = {
        id: stage,
        index,
        kind: stage,
        stage,
        title: TITLES.decision,
        outcome,
        verdict: OUTCOME_WORDS[outcome],
        reason: evaluation.summary,
        decidedHere: false,
        onAllowPath: false,
        policyIds: [],
        statements: [],
        isDecision: true,
      };
    } else {
      const layer = byStage.get(stage);
      const outcome = layer ? layerOutcome(layer) : 'not-applicable';
      base = {
        id: stage,
        index,
        kind: stage,
        stage,
        layer: layer?.layer,
        title: stage === 'resource' ? resourceTitle : TITLES[stage],
        outcome,
        verdict: stage === 'explicit-deny' && outcome === 'allowed' ? SWEEP_PASSED : OUTCOME_WORDS[outcome],
        reason: layer ? layer.reason : stage === 'explicit-deny' ? 'No policy was consulted.' : ABSENT[stage],
        decidedHere: stage === decided,
        onAllowPath: allowPath.has(stage),
        policyIds: layer ? layer.policies.map((p) => p.policyId) : [],
        statements: layer ? statementsOf(layer, deciding, stage) : [],
        isDecision: false,
      };
    }
    return base;
  });
  const decidedStep = bases.find((b) => b.decidedHere);
  return bases.map((base) => ({ ...base, text: narration(base, evaluation, decidedStep) }));
}

/** A one-line explanation of why a prediction was right or wrong, for predict-then-reveal. */
export function explainPrediction(prediction: Decision, evaluation: AccessEvaluation): { correct: boolean; text: string } {
  const actual = evaluation.decision;
  const words = OUTCOME_WORDS[DECISION_OUTCOME[actual]];
  if (prediction === actual) return { correct: true, text: `Right: ${words}. ${summaryReason(evaluation)}` };
  const hints: Record<Decision, string> = {
    Allow: 'Something allowed it and nothing denied it.',
    ExplicitDeny: 'A Deny statement applied, and an explicit Deny always wins.',
    ImplicitDeny: 'No Deny applied, but nothing on the required path allowed it: every request starts denied.',
  };
  return { correct: false, text: `Not quite: ${words}. ${hints[actual]} ${summaryReason(evaluation)}` };
}
