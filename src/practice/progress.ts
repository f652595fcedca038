// Practice progress: per-topic accuracy and spaced repetition (a Leitner box per topic), as pure
// functions over the learner's progress record (src/lessons/progress.ts; the app keeps it in this
// browser's IndexedDB). A missed topic drops to box 0 and is due again at once; each right answer
// moves it up a box and pushes it further out.
import type { Progress, PracticeTopicStat } from '../lessons/progress';
import { MAX_SEED, puzzleCode, seedForTopic, topicsOf } from './generate';
import { PRACTICE_TOPIC_IDS, type Level, type PracticeTopic, type PuzzleKind } from './model';
import { Rng } from './rng';

/** How long a topic rests in each box before it comes back. */
export const BOX_INTERVALS_MS = [0, 10 * 60_000, 24 * 3_600_000, 3 * 24 * 3_600_000, 7 * 24 * 3_600_000];

export function recordPractice(p: Progress, topic: PracticeTopic, correct: boolean, code: string, at = new Date().toISOString()): Progress {
  const prev = p.practice?.[topic];
  const box = correct ? Math.min(4, (prev?.box ?? 0) + 1) : 0;
  const stat: PracticeTopicStat = {
    attempts: (prev?.attempts ?? 0) + 1,
    correct: (prev?.correct ?? 0) + (correct ? 1 : 0),
    box,
    lastAt: at,
    dueAt: new Date(Date.parse(at) + BOX_INTERVALS_MS[box]).toISOString(),
    lastCode: code,
  };
  return { ...p, updatedAt: at, practice: { ...(p.practice ?? {}), [topic]: stat } };
}

export interface TopicAccuracy {
  topic: PracticeTopic;
  attempts: number;
  correct: number;
  /** correct / attempts, undefined before the first attempt. */
  accuracy?: number;
  box: number;
  due: boolean;
  dueAt?: string;
}

export function topicAccuracy(p: Progress, now = Date.now()): TopicAccuracy[] {
  return PRACTICE_TOPIC_IDS.map((topic) => {
    const s = p.practice?.[topic];
    if (!s) return { topic, attempts: 0, correct: 0, box: 0, due: false };
    return { topic, attempts: s.attempts, correct: s.correct, accuracy: s.attempts ? s.correct / s.attempts : undefined, box: s.box, due: Date.parse(s.dueAt) <= now, dueAt: s.dueAt };
  });
}

/** Topics of the level the learner has missed (box 0, or any box whose rest is over), most urgent first. */
export function dueTopics(p: Progress, level: Level, now = Date.now()): PracticeTopic[] {
  const offered = new Set((['decide', 'spot', 'fix', 'behaviour'] as PuzzleKind[]).flatMap((k) => topicsOf(level, k)));
  return topicAccuracy(p, now)
    .filter((t) => t.attempts > 0 && t.due && offered.has(t.topic) && (t.box === 0 || t.correct < t.attempts))
    .sort((a, b) => a.box - b.box || (a.dueAt ?? '').localeCompare(b.dueAt ?? ''))
    .map((t) => t.topic);
}

/**
 * The next puzzle's seed: a due topic first (the spaced repetition), otherwise a fresh seed drawn
 * from `entropy` (the caller passes something that changes: a counter, the time).
 */
export function nextSeed(p: Progress, level: Level, entropy: number, now = Date.now()): { seed: number; because?: PracticeTopic } {
  const rng = new Rng(`next:${level}:${entropy}`);
  const start = rng.int(MAX_SEED - 1000);
  for (const topic of dueTopics(p, level, now)) {
    const seed = seedForTopic(level, topic, start);
    if (seed !== null && puzzleCode(level, seed) !== p.practice?.[topic]?.lastCode) return { seed, because: topic };
  }
  return { seed: start };
}
