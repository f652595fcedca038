import { describe, expect, it } from 'vitest';
import {
  MIGRATIONS, PROGRESS_VERSION, ProgressImportError, completeLesson, emptyProgress, exportProgress, importProgress, predictionAccuracy, recordExam,
  recordPrediction, resetProgress, setLessonStep,
} from './progress';

const AT = '2026-01-02T03:04:05.000Z';

function sample() {
  let p = emptyProgress(AT);
  p = setLessonStep(p, 'encrypt-4kb', 3, AT);
  p = recordPrediction(p, 'encrypt-4kb', 'enc4096', ['ok'], true, AT);
  p = recordPrediction(p, 'encrypt-4kb', 'enc4097', ['limit'], false, AT);
  p = completeLesson(p, 'regional-service', AT);
  p = recordExam(p, { at: AT, mode: 'timed', durationMs: 600_000, answers: { 'ec-missing': { chosen: ['invalid'], correct: true } }, score: 1, total: 1 });
  return p;
}

describe('progress', () => {
  it('round-trips through export and import', () => {
    const p = sample();
    expect(importProgress(exportProgress(p))).toEqual(p);
    expect(p.lessons['encrypt-4kb'].step).toBe(3);
    expect(predictionAccuracy(p)).toBe(0.5);
  });

  it('resets one lesson or everything', () => {
    const p = sample();
    expect(resetProgress(p, 'encrypt-4kb', AT).lessons['encrypt-4kb']).toBeUndefined();
    expect(resetProgress(p, 'encrypt-4kb', AT).lessons['regional-service'].completed).toBe(true);
    expect(resetProgress(p, undefined, AT)).toEqual(emptyProgress(AT));
  });

  it('refuses bad files with a clear error', () => {
    expect(() => importProgress('{not json')).toThrow(ProgressImportError);
    expect(() => importProgress('{not json')).toThrow(/not valid JSON/);
    expect(() => importProgress('[]')).toThrow(/expected a JSON object/);
    expect(() => importProgress(JSON.stringify({ format: 'kms-scenario/1' }))).toThrow(/"format" must be "kms-lab-progress"/);
    expect(() => importProgress(JSON.stringify({ ...sample(), version: PROGRESS_VERSION + 1 }))).toThrow(/newer than this app/);
    const damaged = JSON.parse(exportProgress(sample()));
    damaged.lessons['encrypt-4kb'].step = -1;
    expect(() => importProgress(JSON.stringify(damaged))).toThrow(/damaged: lessons\.encrypt-4kb\.step/);
    expect(() => importProgress(JSON.stringify({ ...sample(), extra: 1 }))).toThrow(/damaged/);
  });

  it('migrates an older version through the migration hook', () => {
    // A hypothetical version 0 that kept completed lessons as a list.
    MIGRATIONS[0] = (old) => ({
      format: old.format,
      version: 1,
      updatedAt: old.updatedAt,
      lessons: Object.fromEntries((old.completed as string[]).map((id) => [id, { step: 0, completed: true, predictions: {} }])),
      exams: [],
    });
    try {
      const p = importProgress(JSON.stringify({ format: 'kms-lab-progress', version: 0, updatedAt: AT, completed: ['aliases'] }));
      expect(p.lessons.aliases.completed).toBe(true);
    } finally {
      delete MIGRATIONS[0];
    }
  });
});
