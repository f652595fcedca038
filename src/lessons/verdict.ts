// How a lesson part that has run is marked for the learner. Words used everywhere in the UI: a
// lesson is made of *parts* (one action each, often with a prediction); the player shows a part's
// KMS call as *steps* (request, authorize, key state, crypto…). Pure logic, unit-tested.
//
// The mark is the learner's result, not the call's: a part whose point is an AWS error (a
// NotFoundException in another Region, an AccessDeniedException) went exactly as the lesson intends,
// so it is a ✓ — and a ✓ "you predicted right" when the learner predicted it. Only a wrong
// prediction is a ✕.
import type { Expectation, LessonStep } from './model';
import type { StepRun } from './runner';

export type OutcomeTone =
  /** The call succeeded (or the decision allowed it). */
  | 'ok'
  /** The call failed (or was denied) as the lesson intends: the error is the lesson's point. */
  | 'intended'
  /** The call failed where the lesson did not say it would (broken lesson data or the learner's own call). */
  | 'fail';

export interface PartVerdict {
  mark: '✓' | '✕';
  /** What the mark means, in words (the mark's accessible name). */
  meaning: string;
  tone: OutcomeTone;
  /** The learner predicted (did not skip) and was right / wrong. */
  predicted?: 'right' | 'wrong';
}

/** The expectation says the call fails or is denied. */
const expectsFailure = (e: Expectation | undefined): boolean =>
  !!e && typeof e === 'object' && (('error' in e) || ('decision' in e && e.decision !== 'Allow'));

/** Whether the learner's committed choice is exactly the computed answer. */
export function predictedRight(run: StepRun, chosen: readonly string[] | undefined): boolean {
  const correct = run.predict?.correct ?? [];
  return !!chosen?.length && chosen.length === correct.length && chosen.every((c) => correct.includes(c));
}

export function partVerdict(step: LessonStep, run: StepRun, chosen: readonly string[] | undefined, skipped: boolean): PartVerdict {
  const o = run.outcome;
  const succeeded = o.kind === 'evaluate' ? o.decision === 'Allow' : o.ok;
  // A part is scripted: its outcome is the lesson's (held by `expect` where the part has one, by the
  // replay test for every lesson). A failure is 'fail' only when the part's own expectation broke.
  const tone: OutcomeTone = succeeded ? 'ok' : run.expectationMet === false || (step.expect !== undefined && !expectsFailure(step.expect)) ? 'fail' : 'intended';
  if (step.predict && run.predict && !skipped && chosen?.length) {
    const right = predictedRight(run, chosen);
    return right
      ? { mark: '✓', meaning: 'you predicted right', tone, predicted: 'right' }
      : { mark: '✕', meaning: 'your prediction was not right', tone, predicted: 'wrong' };
  }
  if (run.expectationMet === false) return { mark: '✕', meaning: 'it did not go as the lesson says', tone };
  return { mark: '✓', meaning: tone === 'intended' ? 'done: the error is the point of this part' : 'done', tone };
}
