// Generated practice (issue 18): puzzles built from a level and a seed, whose answers the engine
// computes. A puzzle is data: a kms-scenario/1 world, a question, and what the learner chooses or
// edits — never its answer (answer.ts asks the engine).
import type { Decision } from '@kms-lab/engine/policy';
import type { Scenario, ScenarioRequest } from '@kms-lab/engine/scenario';
import type { LessonTopic, SolutionAction } from '../lessons/model';

export const LEVELS = [1, 2, 3] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_TITLES: Record<Level, string> = {
  1: 'Level 1 — key policies, IAM policies, key states, the 4 KB limit, aliases',
  2: 'Level 2 — adds grants, encryption context, kms:ViaService, cross-account, deletion windows, rotation, data keys',
  3: 'Level 3 — adds SCPs, RCPs, permissions boundaries, session policies, multi-Region keys',
};

export type PuzzleKind = 'decide' | 'fix' | 'spot' | 'behaviour';
export const KIND_TITLES: Record<PuzzleKind, string> = {
  decide: 'Decide',
  fix: 'Fix',
  spot: 'Spot the deciding statement',
  behaviour: 'KMS behaviour',
};

/** A practice topic: what it drills, the exam topic it belongs to and the study-notes rows (coverage.ts ids) it exercises. */
export interface PracticeTopicInfo {
  title: string;
  exam: LessonTopic;
  notes: string[];
}

export const PRACTICE_TOPICS = {
  'key-policy': { title: 'Key policies and the root statement', exam: 'key-concepts', notes: ['key-policy', 'trust-not-automatic'] },
  'iam-policies': { title: 'IAM policies and role separation', exam: 'key-concepts', notes: ['role-separation', 'key-policy'] },
  'encryption-context': { title: 'Encryption-context conditions', exam: 'encryption-context', notes: ['crypto-operations'] },
  grants: { title: 'Grants', exam: 'grants', notes: ['key-policy'] },
  'via-service': { title: 'kms:ViaService', exam: 'via-service', notes: ['aws-vs-customer'] },
  'cross-account': { title: 'Cross-account use', exam: 'cross-account', notes: ['key-policy', 'trust-not-automatic'] },
  guardrails: { title: 'SCPs and RCPs', exam: 'cross-account', notes: ['role-separation'] },
  'boundaries-sessions': { title: 'Permissions boundaries and session policies', exam: 'key-concepts', notes: ['role-separation'] },
  'key-states': { title: 'Key states', exam: 'disable-delete', notes: ['manage-keys', 'cmk-contents'] },
  deletion: { title: 'Deletion windows', exam: 'disable-delete', notes: ['manage-keys'] },
  rotation: { title: 'Rotation', exam: 'key-concepts', notes: ['rotation', 'backing-keys'] },
  aliases: { title: 'Aliases', exam: 'key-concepts', notes: ['aliases'] },
  'data-keys': { title: 'Data key sizes', exam: 'data-keys', notes: ['dek-generated', 'dek-two-versions'] },
  '4kb-limit': { title: 'The 4 KB limit', exam: 'cmk-encrypt-decrypt', notes: ['4kb-limit', 'cmk-visually'] },
  'multi-region': { title: 'Multi-Region keys', exam: 'multi-region', notes: ['regional', 'isolated-region'] },
} as const satisfies Record<string, PracticeTopicInfo>;
export type PracticeTopic = keyof typeof PRACTICE_TOPICS;
export const PRACTICE_TOPIC_IDS = Object.keys(PRACTICE_TOPICS) as PracticeTopic[];

interface PuzzleBase {
  /** `v1.<level>.<seed>`: the puzzle's link (`#practice=<code>`). */
  code: string;
  level: Level;
  seed: number;
  kind: PuzzleKind;
  topic: PracticeTopic;
  /** Which template built it (for the quality report). */
  template: string;
  title: string;
  /** The question, in words (built from the request, never from the answer). */
  prompt: string;
  /** The world, as a kms-scenario/1 document. Decide and Spot: one request, the question. */
  scenario: Scenario;
}

export interface DecidePuzzle extends PuzzleBase {
  kind: 'decide';
}

export interface SpotPuzzle extends PuzzleBase {
  kind: 'spot';
}

/** A request of a Fix goal and what it must get: Allow, or any deny. */
export interface GoalRequest {
  request: ScenarioRequest;
  want: 'Allow' | 'Deny';
  /** "role/app encrypts" */
  label: string;
}

/** Where the policy the learner edits lives in the scenario. */
export type PolicyTarget =
  | { kind: 'key-policy'; key: string }
  | { kind: 'identity'; principal: string; index: number }
  | { kind: 'boundary'; principal: string }
  | { kind: 'scp'; level: number; index: number };

export interface FixPuzzle extends PuzzleBase {
  kind: 'fix';
  /** What must hold, in one sentence. */
  goalText: string;
  goal: GoalRequest[];
  target: PolicyTarget;
  /** A one-statement change that reaches the goal (the generator checked it with the engine); shown on request. */
  reference: { statementIndex: number | null; statement: Record<string, unknown> };
}

/** A KMS behaviour question, answered by running `steps` in a scratch world loaded from the scenario. */
export interface BehaviourPuzzle extends PuzzleBase {
  kind: 'behaviour';
  /** The steps, in order (lesson actions: calls through the engine, clock moves). */
  steps: { id: string; narration: string; action: SolutionAction['action'] }[];
  /**
   * What is observed of step `step`: its outcome (`success` or the AWS error's name) or, when it
   * succeeded and `path` is given, the value at `path` in its result.
   */
  read: { step: string; path?: string };
  choices: { id: string; label: string; value: string | number }[];
}

export type Puzzle = DecidePuzzle | SpotPuzzle | FixPuzzle | BehaviourPuzzle;

export type { Decision };
