// The learner's progress as plain, versioned data (the UI stores it; it is never sent anywhere):
// lessons completed, the position in each lesson, predictions made and whether they were right,
// and the exam score history. Export/import as a JSON file, validated; older versions migrate.
import { z } from 'zod';

const PROGRESS_FORMAT = 'kms-lab-progress';
export const PROGRESS_VERSION = 1;

const Prediction = z.strictObject({
  /** The choice ids the learner committed to. */
  chosen: z.array(z.string()),
  correct: z.boolean(),
  at: z.string(),
});

const LessonProgress = z.strictObject({
  /** Index of the next step to run (0 = not started). */
  step: z.number().int().min(0),
  completed: z.boolean(),
  completedAt: z.string().optional(),
  /** Predictions by step id (the latest attempt). */
  predictions: z.record(z.string(), Prediction),
  /** How many times the learner revealed the reference solution. */
  solutionShown: z.number().int().min(0).optional(),
});

const ExamAttempt = z.strictObject({
  at: z.string(),
  mode: z.enum(['practice', 'timed']),
  /** Practice by topic: the topic; absent for a mixed set. */
  topic: z.string().optional(),
  durationMs: z.number().min(0).optional(),
  /** Per question: the choice ids chosen and whether that was exactly the correct set. */
  answers: z.record(z.string(), z.strictObject({ chosen: z.array(z.string()), correct: z.boolean() })),
  score: z.number().int().min(0),
  total: z.number().int().min(0),
});

/** Generated practice (src/practice): per topic, how the learner does and when the topic comes back (a Leitner box). */
const PracticeTopicStat = z.strictObject({
  attempts: z.number().int().min(0),
  correct: z.number().int().min(0),
  /** 0 = missed last time (comes back soonest) … 4 = known well. */
  box: z.number().int().min(0).max(4),
  lastAt: z.string(),
  /** When the topic is due again. */
  dueAt: z.string(),
  /** The last puzzle of the topic answered (v1.<level>.<seed>). */
  lastCode: z.string().max(40).optional(),
});

const ProgressSchema = z.strictObject({
  format: z.literal(PROGRESS_FORMAT),
  version: z.literal(PROGRESS_VERSION),
  updatedAt: z.string(),
  lessons: z.record(z.string(), LessonProgress),
  exams: z.array(ExamAttempt),
  /** Practice by topic id (lower-case words and dashes only: never "__proto__"). Absent in files from before practice. */
  practice: z.record(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), PracticeTopicStat).optional(),
});

export type Progress = z.infer<typeof ProgressSchema>;
export type LessonProgress = z.infer<typeof LessonProgress>;
export type ExamAttempt = z.infer<typeof ExamAttempt>;
export type PracticeTopicStat = z.infer<typeof PracticeTopicStat>;

export class ProgressImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProgressImportError';
  }
}

/**
 * Migrations: `MIGRATIONS[n]` turns a version-n record into version n+1. Register one here whenever
 * PROGRESS_VERSION goes up; importProgress applies them in order.
 */
export const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

const nowIso = () => new Date().toISOString();

export function emptyProgress(at = nowIso()): Progress {
  return { format: PROGRESS_FORMAT, version: PROGRESS_VERSION, updatedAt: at, lessons: {}, exams: [] };
}

const lessonOf = (p: Progress, lessonId: string): LessonProgress => p.lessons[lessonId] ?? { step: 0, completed: false, predictions: {} };

/** The learner reached step `step` of a lesson (returns a new record). */
export function setLessonStep(p: Progress, lessonId: string, step: number, at = nowIso()): Progress {
  return { ...p, updatedAt: at, lessons: { ...p.lessons, [lessonId]: { ...lessonOf(p, lessonId), step } } };
}

export function recordPrediction(p: Progress, lessonId: string, stepId: string, chosen: string[], correct: boolean, at = nowIso()): Progress {
  const l = lessonOf(p, lessonId);
  return { ...p, updatedAt: at, lessons: { ...p.lessons, [lessonId]: { ...l, predictions: { ...l.predictions, [stepId]: { chosen, correct, at } } } } };
}

export function completeLesson(p: Progress, lessonId: string, at = nowIso()): Progress {
  return { ...p, updatedAt: at, lessons: { ...p.lessons, [lessonId]: { ...lessonOf(p, lessonId), completed: true, completedAt: at } } };
}

export function recordSolutionShown(p: Progress, lessonId: string, at = nowIso()): Progress {
  const l = lessonOf(p, lessonId);
  return { ...p, updatedAt: at, lessons: { ...p.lessons, [lessonId]: { ...l, solutionShown: (l.solutionShown ?? 0) + 1 } } };
}

export function recordExam(p: Progress, attempt: ExamAttempt): Progress {
  return { ...p, updatedAt: attempt.at, exams: [...p.exams, attempt] };
}

/** Forget one lesson, or everything. */
export function resetProgress(p: Progress, lessonId?: string, at = nowIso()): Progress {
  if (!lessonId) return emptyProgress(at);
  const lessons = { ...p.lessons };
  delete lessons[lessonId];
  return { ...p, updatedAt: at, lessons };
}

/** Share of predictions that were right, over all lessons (undefined when none were made). */
export function predictionAccuracy(p: Progress): number | undefined {
  const all = Object.values(p.lessons).flatMap((l) => Object.values(l.predictions));
  return all.length ? all.filter((x) => x.correct).length / all.length : undefined;
}

/** The progress as a JSON file's text. */
export function exportProgress(p: Progress): string {
  return JSON.stringify(ProgressSchema.parse(p), null, 2);
}

/** Reads an exported file: checks it, migrates older versions, refuses anything else with a clear message. */
export function importProgress(text: string): Progress {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ProgressImportError(`This is not a KMS Lab progress file: it is not valid JSON (${(e as Error).message}).`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ProgressImportError('This is not a KMS Lab progress file: expected a JSON object.');
  let obj = raw as Record<string, unknown>;
  if (obj.format !== PROGRESS_FORMAT) throw new ProgressImportError(`This is not a KMS Lab progress file: "format" must be "${PROGRESS_FORMAT}".`);
  let version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    throw new ProgressImportError('This progress file has no valid "version".');
  if (version > PROGRESS_VERSION)
    throw new ProgressImportError(`This progress file is version ${version}, newer than this app understands (${PROGRESS_VERSION}). Update KMS Lab to import it.`);
  while (version < PROGRESS_VERSION) {
    const migrate = MIGRATIONS[version];
    if (!migrate) throw new ProgressImportError(`No migration from progress version ${version}.`);
    obj = migrate(obj);
    version += 1;
  }
  const parsed = ProgressSchema.safeParse(obj);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ProgressImportError(`This progress file is damaged: ${first.path.join('.') || '(top level)'}: ${first.message}.`);
  }
  return parsed.data;
}
