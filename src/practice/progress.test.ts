// Per-topic accuracy and spaced repetition over the learner's progress record (issue 18).
import { describe, expect, it } from 'vitest';
import { emptyProgress, exportProgress, importProgress } from '../lessons/progress';
import { dueTopics, generatePuzzle, nextSeed, recordPractice, topicAccuracy, topicOf, BOX_INTERVALS_MS } from './index';

const T0 = '2026-03-01T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

describe('practice progress', () => {
  it('counts attempts and right answers per topic, and keeps them through export and import', () => {
    let p = recordPractice(emptyProgress(T0), 'grants', false, 'v1.2.5', T0);
    p = recordPractice(p, 'grants', true, 'v1.2.9', at(1000));
    const g = topicAccuracy(p, Date.parse(at(2000))).find((t) => t.topic === 'grants')!;
    expect(g).toMatchObject({ attempts: 2, correct: 1, accuracy: 0.5, box: 1 });
    expect(importProgress(exportProgress(p)).practice).toEqual(p.practice);
  });

  it('brings a missed topic back at once, and a known one only after its rest', () => {
    let p = recordPractice(emptyProgress(T0), 'grants', false, 'v1.2.5', T0);
    p = recordPractice(p, 'via-service', true, 'v1.2.6', T0);
    expect(dueTopics(p, 2, Date.parse(T0))).toEqual(['grants']);
    const next = nextSeed(p, 2, 42, Date.parse(T0));
    expect(next.because).toBe('grants');
    expect(generatePuzzle(2, next.seed).topic).toBe('grants');
    // answered right twice: box 2, back after a day
    p = recordPractice(p, 'grants', true, 'v1.2.7', at(1));
    p = recordPractice(p, 'grants', true, 'v1.2.8', at(2));
    expect(dueTopics(p, 2, Date.parse(at(3)))).toEqual([]);
    expect(dueTopics(p, 2, Date.parse(at(2 + BOX_INTERVALS_MS[2])))).toEqual(['grants']);
    // a topic the level does not offer never comes back there
    expect(dueTopics(recordPractice(emptyProgress(T0), 'multi-region', false, 'v1.3.1', T0), 1, Date.parse(T0))).toEqual([]);
  });

  it('reads a seed’s topic without building the puzzle, the same as building it', () => {
    for (const level of [1, 2, 3] as const) for (let s = 0; s < 200; s++) expect(topicOf(level, s)).toBe(generatePuzzle(level, s).topic);
  });

  it('drops a hostile "__proto__" topic from a progress file (no prototype changed), and refuses an unknown-shaped one', () => {
    const text = exportProgress(emptyProgress(T0)).replace('"exams": []', '"exams": [], "practice": {"__proto__": {"attempts": 1, "correct": 1, "box": 0, "lastAt": "x", "dueAt": "x"}}');
    const p = importProgress(text);
    expect(Object.keys(p.practice ?? {})).toEqual([]);
    expect(Object.getPrototypeOf(p.practice)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).attempts).toBeUndefined();
    expect(topicAccuracy(p).every((t) => t.attempts === 0)).toBe(true);
    const bad = exportProgress(emptyProgress(T0)).replace('"exams": []', '"exams": [], "practice": {"Grants!": {"attempts": 1, "correct": 1, "box": 9, "lastAt": "x", "dueAt": "x"}}');
    expect(() => importProgress(bad)).toThrow(/damaged/);
  });
});
