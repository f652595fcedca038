// Every exam question's answer key is computed by the engine; spot checks hold it to AWS's documented facts.
import { describe, expect, it } from 'vitest';
import { missingRequirements } from '../runner';
import { TOPIC_TITLES, type LessonTopic } from '../model';
import { EXAM_QUESTIONS, answerKey, drawQuestions, isRight, type ExamQuestion } from './index';

const byId = (id: string) => EXAM_QUESTIONS.find((q) => q.id === id) as ExamQuestion;

describe('exam question bank', () => {
  it('has at least 40 questions with unique ids, single and multiple answer, on every topic', () => {
    expect(EXAM_QUESTIONS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(EXAM_QUESTIONS.map((q) => q.id)).size).toBe(EXAM_QUESTIONS.length);
    expect(EXAM_QUESTIONS.some((q) => q.kind === 'multiple')).toBe(true);
    const topics = new Set(EXAM_QUESTIONS.map((q) => q.topic));
    expect((Object.keys(TOPIC_TITLES) as LessonTopic[]).filter((t) => !topics.has(t))).toEqual([]);
    for (const q of EXAM_QUESTIONS) {
      expect(new Set(q.choices.map((c) => c.id)).size, q.id).toBe(q.choices.length);
      expect(q.sources.length, q.id).toBeGreaterThan(0);
      expect(q.explanation.length, q.id).toBeGreaterThan(0);
    }
  });

  it('runs only on operations the engine implements (questions waiting on the engine are listed)', async () => {
    const waiting: string[] = [];
    for (const q of EXAM_QUESTIONS) {
      const missing = await missingRequirements(q.requires);
      if (missing.length) waiting.push(`${q.id} waits on ${missing.join(', ')}`);
    }
    expect(waiting).toEqual([]);
  });

  for (const q of EXAM_QUESTIONS) {
    it(`computes the answer key of ${q.id}`, async () => {
      const key = await answerKey(q);
      expect(key.problems).toEqual([]);
      expect(key.correct.length).toBeGreaterThan(0);
      expect(key.correct.length).toBeLessThan(q.choices.length);
      if (q.kind === 'single') expect(key.correct).toHaveLength(1);
      // every choice has a proof the UI can open
      for (const e of key.evidence) expect(e.proof, `${q.id}/${e.choiceId}`).toBeDefined();
    }, 60_000);
  }
});

describe('explanations of every choice are true and say what differs (issue 12)', () => {
  for (const q of EXAM_QUESTIONS) {
    it(`${q.id}: a wrong choice names what it needs and what the engine got, and the two differ`, async () => {
      const key = await answerKey(q);
      for (const e of key.evidence) {
        const where = `${q.id}/${e.choiceId}`;
        // What the engine did is always stated (a refusal by the browser's WebCrypto in the app's own step is not KMS's answer).
        const last = e.outcomes[e.outcomes.length - 1];
        if (last && (last.kind !== 'local' || last.ok)) expect(e.result, where).toBeTruthy();
        if (e.holds) {
          expect(e.why, where).toBeUndefined();
          continue;
        }
        expect(e.expected, where).toBeTruthy();
        expect(e.got, where).toBeTruthy();
        // Never "expected 32 bytes, got 32 bytes": a wrong choice's two sides read differently…
        expect(e.expected, `${where}: ${e.why}`).not.toBe(e.got);
        expect(e.got!.replace(/^decision /, ''), `${where}: ${e.why}`).not.toBe(e.expected!.replace(/^decision /, ''));
        // …and the one-line explanation carries both.
        expect(e.why, where).toContain(`expected ${e.expected}, got ${e.got}`);
        // An AWS error the explanation names is one the engine really returned in this choice's checks.
        const named = e.got!.match(/^([A-Z]\w+Exception)/)?.[1];
        if (named) expect(e.outcomes.some((o) => o.error?.name === named), `${where}: ${named}`).toBe(true);
      }
    }, 60_000);
  }

  it('shows same-length bytes that differ by where they differ, never by length alone', async () => {
    const { showDifference } = await import('../values');
    const a = new Uint8Array(32);
    const b = new Uint8Array(32);
    b[20] = 1;
    const [sa, sb] = showDifference(a, b);
    expect(sa).not.toBe(sb);
    expect(sa).toContain('from byte 20');
    expect(showDifference('1', 1)[0]).not.toBe(showDifference('1', 1)[1]);
    expect(showDifference(a, a.slice())).toEqual(['32 bytes (00 00 00 00 00 00 00 00 …)', '32 bytes (00 00 00 00 00 00 00 00 …)']);
  });
});

describe('computed answers match the AWS documentation', () => {
  const spot: [string, string[]][] = [
    ['cancel-deletion-state', ['Disabled']], // CancelKeyDeletion leaves the key Disabled
    ['encrypt-max', ['4096']],
    ['ec-missing', ['invalid']], // InvalidCiphertextException
    ['ec-order-case', ['same', 'order']],
    ['trust-root-removed', ['ImplicitDeny']],
    ['xa-both-needed', ['both']],
    ['grant-never-denies', ['ExplicitDeny']],
    ['deletion-window-min', ['7']],
    ['verify-mismatch', ['invalid']], // KMSInvalidSignatureException, not SignatureValid: false
    ['mrk-replicate-replica', ['unsupported']],
    ['import-expired', ['PendingImport']],
  ];
  for (const [id, expected] of spot) {
    it(id, async () => {
      const key = await answerKey(byId(id));
      expect([...key.correct].sort()).toEqual([...expected].sort());
    }, 60_000);
  }

  it('points a decision question at the AccessEvaluation and a call question at the trace', async () => {
    const decision = await answerKey(byId('trust-root-removed'));
    expect(decision.evidence[0].proof?.kind).toBe('decision');
    const flow = await answerKey(byId('cmk-disabled-encrypt'));
    const proof = flow.evidence.find((e) => e.choiceId === 'disabled')?.proof;
    expect(proof?.kind === 'flow' ? proof.trace.error?.name : undefined).toBe('DisabledException');
  });
});

describe('scoring', () => {
  it('is right only for exactly the correct set', async () => {
    const key = await answerKey(byId('ec-order-case'));
    expect(isRight(key, ['order', 'same'])).toBe(true);
    expect(isRight(key, ['same'])).toBe(false);
    expect(isRight(key, ['same', 'order', 'case'])).toBe(false);
  });

  it('draws a reproducible timed set', () => {
    expect(drawQuestions(10, 7).map((q) => q.id)).toEqual(drawQuestions(10, 7).map((q) => q.id));
    expect(new Set(drawQuestions(10, 7).map((q) => q.id)).size).toBe(10);
  });
});
