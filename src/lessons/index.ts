// Lessons, exam practice and progress as data — the course (issue 8). Pure TypeScript over the engine.
//
//   import { LESSONS, LessonSession, runLesson } from './lessons';
//   const session = await LessonSession.start(LESSONS[0]);   // a world loaded with the scenario
//   session.nextStep?.predict;                               // ask the learner first
//   const run = await session.runNext();                     // then run it through the engine
//   run.predict?.correct;                                    // computed from what the engine did
//   run.outcome.flowItems;                                   // traces and client steps for the player
//   run.outcome.evaluation;                                  // the AccessEvaluation for the decision view
//   await session.checkGoal();                               // the learner's goal, checked on a copy
//
// Exam practice: `EXAM_QUESTIONS` and `answerKey(question)` in ./exam; progress: ./progress.
import { BASICS_LESSONS } from './content/basics';
import { CONCEPT_LESSONS } from './content/concepts';
import { EXAM_TOPIC_LESSONS } from './content/exam-topics';
import type { Lesson, LessonTopic } from './model';

export const LESSONS: readonly Lesson[] = [...BASICS_LESSONS, ...CONCEPT_LESSONS, ...EXAM_TOPIC_LESSONS];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

export function lessonsByTopic(topic: LessonTopic): Lesson[] {
  return LESSONS.filter((l) => l.topic === topic);
}

/** Seed-coverage row id → the lessons that teach it. */
export function notesCoverage(lessons: readonly Lesson[] = LESSONS): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const l of lessons) for (const n of l.notes) map.set(n, [...(map.get(n) ?? []), l.id]);
  return map;
}

export * from './model';
export { LessonSession, runLesson, answerPredict, missingRequirements, operationsOf, actionsOf, checkChecks, LESSON_EPOCH } from './runner';
export type { LessonReport, StepRun, PredictAnswer, GoalResult, GoalCheckResult } from './runner';
export { performAction, meets, decisionOf } from './actions';
export type { ActionOutcome, LessonFlowItem, LessonClientStep } from './actions';
export { SEED_POINTS, SEED_POINT_IDS } from './coverage';
export { ref, utf8, bytes, json, clockPlus } from './values';
export { LESSON_FORMS, TURN_CONTROLS, formById, optionsOf, initialValue, keepOptions, callerOptions, parsePairs, referenceCompletions, runLabel } from './forms';
export type { LessonForm, Field, FormContext, FormValues, FieldValue, Option, Built } from './forms';
