// Certification-style questions whose answers are computed by the engine. A question is a scenario,
// optional setup actions, and candidate answers; each answer carries a probe — actions run on a
// copy of the world after the setup, with what they must produce. An answer is correct exactly
// when its probe holds. Nothing about correctness is typed in.
import type { Scenario } from '@kms-lab/engine/scenario';
import type { GoalCheck, LessonTopic, Requirement, SolutionAction, Source } from '../model';

/** One action and its expected result; several run in order on the same copy, and all must hold. */
export type Probe = GoalCheck;

export interface ExamChoice {
  id: string;
  text: string;
  probe: Probe[];
}

export interface ExamQuestion {
  id: string;
  topic: LessonTopic;
  /** single: exactly one choice is correct; multiple: "Select TWO/THREE" (at least one correct, one not). */
  kind: 'single' | 'multiple';
  prompt: string;
  scenario: Scenario;
  setup?: SolutionAction[];
  choices: ExamChoice[];
  /** Why the correct answers are correct (shown after answering, with the proof). */
  explanation: string;
  sources: Source[];
  requires?: Requirement[];
}
