// Exam practice: certification-style questions whose answers the engine computes.
//
//   import { EXAM_QUESTIONS, answerKey, isRight, questionsByTopic } from './lessons/exam';
//   const key = await answerKey(question);     // { correct, evidence: [{ choiceId, holds, proof }] }
//   isRight(key, chosenIds);                   // exactly the correct set
//   key.evidence[i].proof                      // { kind: 'flow', trace } | { kind: 'decision', evaluation } | { kind: 'value' }
import type { LessonTopic } from '../model';
import type { ExamQuestion } from './model';
import { EXAM_QUESTIONS } from './questions';

export { EXAM_QUESTIONS };
export * from './model';
export { answerKey, isRight } from './answer-key';
export type { AnswerKey, ChoiceEvidence, Proof } from './answer-key';

export function questionsByTopic(topic: LessonTopic): ExamQuestion[] {
  return EXAM_QUESTIONS.filter((q) => q.topic === topic);
}

/** A timed-mode set: `count` questions drawn with a seeded shuffle (same seed, same set). */
export function drawQuestions(count: number, seed = 1, from: readonly ExamQuestion[] = EXAM_QUESTIONS): ExamQuestion[] {
  const pool = [...from];
  let s = seed >>> 0 || 1;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, Math.min(count, pool.length));
}
