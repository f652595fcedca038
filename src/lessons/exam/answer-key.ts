// Computes a question's answer key by running it: load the scenario, run the setup, then run each
// choice's probe on its own copy of the world. The evidence for each choice is the outcome of its
// last action: the call's trace (open it in the player) or the AccessEvaluation (open it in the
// decision view).
import type { CallTrace } from '@kms-lab/engine';
import type { AccessEvaluation } from '@kms-lab/engine/policy';
import { defaultPrincipal, outcomePhrase, performAction, type ActionOutcome } from '../actions';
import { checkChecks, LessonSession } from '../runner';
import type { Lesson } from '../model';
import type { Results } from '../values';
import type { ExamQuestion } from './model';

/** What proves a choice right or wrong, for the UI to open. */
export type Proof =
  | { kind: 'flow'; trace: CallTrace; evaluation?: AccessEvaluation | AccessEvaluation[] }
  | { kind: 'decision'; evaluation: AccessEvaluation | AccessEvaluation[] }
  | { kind: 'value'; result: unknown };

export interface ChoiceEvidence {
  choiceId: string;
  /** The probe held: the choice is correct. */
  holds: boolean;
  /** For a choice that does not hold: the check that failed (its label)… */
  check?: string;
  /** …what the choice needs there, and what the engine got instead (never the same text). */
  expected?: string;
  got?: string;
  /** The check, expected and got in one line. */
  why?: string;
  /** What the engine did in the choice's last action, in a phrase (success, the error, the decision). */
  result?: string;
  outcomes: ActionOutcome[];
  proof?: Proof;
}

export interface AnswerKey {
  questionId: string;
  correct: string[];
  evidence: ChoiceEvidence[];
  /** Problems with the question itself (setup failed, wrong number of correct answers). */
  problems: string[];
}

function proofOf(outcome: ActionOutcome | undefined): Proof | undefined {
  if (!outcome) return undefined;
  if (outcome.kind === 'evaluate' && outcome.evaluation) return { kind: 'decision', evaluation: outcome.evaluation };
  if (outcome.trace) return { kind: 'flow', trace: outcome.trace, ...(outcome.evaluation ? { evaluation: outcome.evaluation } : {}) };
  return { kind: 'value', result: outcome.ok ? outcome.result : outcome.error };
}

/** A question as a lesson with no steps, so the lesson machinery loads and runs it. */
function asLesson(q: ExamQuestion): Lesson {
  return { id: `exam:${q.id}`, title: q.id, topic: q.topic, summary: '', notes: [], sources: q.sources, scenario: q.scenario, steps: [], goal: { description: '', checks: [] }, solution: [], hints: [] };
}

export async function answerKey(question: ExamQuestion): Promise<AnswerKey> {
  const problems: string[] = [];
  const session = await LessonSession.start(asLesson(question));
  const results: Results = session.results;
  for (const [i, s] of (question.setup ?? []).entries()) {
    const outcome = await performAction(session.world, s.action, results, { region: session.region, principal: defaultPrincipal() });
    if (s.id) results.set(s.id, outcome.ok ? outcome.result : { Error: outcome.error });
    if (!outcome.ok && !('evaluate' in s.action)) problems.push(`setup[${i}] failed: ${outcome.error?.name}: ${outcome.error?.message}`);
  }
  const evidence: ChoiceEvidence[] = [];
  for (const choice of question.choices) {
    const r = await checkChecks(session.world, choice.probe, results, session.region);
    const failed = r.checks.find((c) => !c.passed);
    const outcomes = r.checks.flatMap((c) => (c.outcome ? [c.outcome] : []));
    const last = outcomes[outcomes.length - 1];
    const difference = failed ? { check: failed.label, expected: failed.expected, got: failed.got, why: `${failed.label}: ${failed.why}` } : {};
    // (A browser API's refusal in the app's own step is not shown as a result: it is not what KMS did.)
    const result = last && (last.kind !== 'local' || last.ok) ? { result: outcomePhrase(last) } : {};
    evidence.push({ choiceId: choice.id, holds: r.reached, ...difference, outcomes, ...result, proof: proofOf(last) });
  }
  const correct = evidence.filter((e) => e.holds).map((e) => e.choiceId);
  if (question.kind === 'single' && correct.length !== 1) problems.push(`a single-answer question has ${correct.length} correct choices`);
  if (correct.length === 0) problems.push('no choice is correct');
  if (correct.length === question.choices.length) problems.push('every choice is correct');
  return { questionId: question.id, correct, evidence, problems };
}

/** Scores an answer: right only when exactly the correct set was chosen. */
export function isRight(key: AnswerKey, chosen: readonly string[]): boolean {
  const a = [...new Set(chosen)].sort();
  const b = [...key.correct].sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
