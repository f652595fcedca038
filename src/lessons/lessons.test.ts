// The lesson replay test (issue 8): every lesson's steps and reference solution run headlessly
// through the real engine; every predict answer is computed; every goal is reached after the
// solution and NOT reached before it. Plus the coverage of the study notes.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '@kms-lab/engine/scenario';
import type { FlowItem } from '../timeline/flow';
import { LESSONS, LessonSession, TOPIC_TITLES, actionsOf, missingRequirements, notesCoverage, operationsOf, runLesson, type LessonTopic } from './index';
import { SEED_POINTS, SEED_POINT_IDS, seedCoverageRows } from './coverage';

/** Operations the engine had from the start (symmetric keys, aliases, tags, policies, rotation). */
const CORE = new Set([
  'CreateKey', 'DescribeKey', 'ListKeys', 'UpdateKeyDescription', 'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion',
  'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateRandom', 'CreateAlias', 'UpdateAlias',
  'DeleteAlias', 'ListAliases', 'TagResource', 'UntagResource', 'ListResourceTags', 'GetKeyPolicy', 'PutKeyPolicy', 'ListKeyPolicies',
  'EnableKeyRotation', 'DisableKeyRotation', 'GetKeyRotationStatus', 'RotateKeyOnDemand', 'ListKeyRotations',
]);

describe('lesson data', () => {
  it('has unique lesson ids and unique step ids within each lesson', () => {
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const l of LESSONS) expect(new Set(l.steps.map((s) => s.id)).size, l.id).toBe(l.steps.length);
  });

  it('has at least one lesson for every part of the notes and every exam topic', () => {
    const topics = new Set(LESSONS.map((l) => l.topic));
    const missing = (Object.keys(TOPIC_TITLES) as LessonTopic[]).filter((t) => !topics.has(t));
    expect(missing).toEqual([]);
  });

  it('gives every lesson a valid kms-scenario/1, AWS doc sources, hints and a non-empty goal', () => {
    for (const l of LESSONS) {
      const parsed = parseScenario(l.scenario);
      expect(parsed.ok ? [] : parsed.problems, l.id).toEqual([]);
      expect(l.sources.length, l.id).toBeGreaterThan(0);
      for (const s of l.sources) expect(s.url, l.id).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(l.hints.length, l.id).toBeGreaterThan(0);
      expect(l.goal.checks.length, l.id).toBeGreaterThan(0);
      expect(l.solution.length, l.id).toBeGreaterThan(0);
      for (const n of l.notes) expect(SEED_POINT_IDS.has(n), `${l.id}: unknown notes row ${n}`).toBe(true);
    }
  });

  it('declares every non-core operation a lesson uses in `requires`', () => {
    const undeclared = LESSONS.flatMap((l) =>
      operationsOf(actionsOf(l))
        .filter((op) => !CORE.has(op) && !(l.requires ?? []).includes(op as never))
        .map((op) => `${l.id}: ${op}`),
    );
    expect([...new Set(undeclared)]).toEqual([]);
  });

  it('runs only on operations the engine implements (lessons waiting on the engine are listed)', async () => {
    const waiting: string[] = [];
    for (const l of LESSONS) {
      const missing = await missingRequirements(l.requires);
      if (missing.length) waiting.push(`${l.id} waits on ${missing.join(', ')}`);
    }
    expect(waiting).toEqual([]);
  });
});

describe('lesson replay (steps, predictions, goal before and after the reference solution)', () => {
  for (const lesson of LESSONS) {
    it(`${lesson.id}`, async () => {
      const report = await runLesson(lesson);
      expect(report.problems).toEqual([]);
      // every step ran and every prediction has exactly one computed answer
      expect(report.steps.length).toBe(lesson.steps.length);
      for (const s of report.steps) if (s.predict) expect(s.predict.correct, s.stepId).toHaveLength(1);
      // the goal is not vacuous: it fails on the learner's starting point...
      expect(report.goalBeforeSolution.reached).toBe(false);
      // ...and the reference solution reaches it
      expect(report.goalAfterSolution.checks.filter((c) => !c.passed)).toEqual([]);
      expect(report.goalAfterSolution.reached).toBe(true);
      // the player can replay what happened: KMS calls carry their traces
      const flow: FlowItem[] = report.flow; // compile-time: lesson flow items are timeline FlowItems
      expect(flow.some((i) => i.kind === 'call')).toBe(true);
    }, 60_000);
  }
});

describe('LessonSession (the step-by-step API the UI drives)', () => {
  it('runs one step at a time, computes the prediction from the result, and checks the goal on a copy', async () => {
    const lesson = LESSONS.find((l) => l.id === 'encrypt-4kb')!;
    const session = await LessonSession.start(lesson);
    expect(session.nextStep?.id).toBe('enc4096');
    expect(session.nextStep?.predict?.kind).toBe('outcome');
    const first = await session.runNext();
    expect(first.predict?.correct).toEqual(['ok']);
    expect(first.outcome.trace?.operation).toBe('Encrypt');
    const second = await session.runNext();
    expect(second.predict?.correct).toEqual(['validation']);
    expect(second.outcome.error?.name).toBe('ValidationException');
    const auditBefore = session.world.auditLog().length;
    const goal = await session.checkGoal();
    expect(goal.reached).toBe(false);
    expect(session.world.auditLog().length).toBe(auditBefore); // checking never changes the learner's world
  });

  it('gives decision steps the evaluator\u2019s explanation for the decision view', async () => {
    const lesson = LESSONS.find((l) => l.id === 'trust-not-automatic')!;
    const session = await LessonSession.start(lesson);
    const run = await session.runNext();
    expect(run.predict?.correct).toEqual(['Allow']);
    expect(run.outcome.evaluation && !Array.isArray(run.outcome.evaluation) ? run.outcome.evaluation.decision : undefined).toBe('Allow');
  });

  it('a wrong solution does not reach the goal', async () => {
    const lesson = LESSONS.find((l) => l.id === 'encryption-context')!;
    const session = await LessonSession.start(lesson);
    await session.runAll();
    // Conditioning on the wrong value is not a solution.
    await session.perform({ putPrincipal: { arn: 'arn:aws:iam::111122223333:role/analytics', policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:project': 'beta' } } }] }] } });
    expect((await session.checkGoal()).reached).toBe(false);
  });
});

describe('the replay test can fail', () => {
  it('reports an operation the engine lacks', async () => {
    expect(await missingRequirements(['Sign', 'NotAnOperation' as never])).toEqual(['NotAnOperation']);
  });

  it('reports a lesson whose solution does not reach the goal', async () => {
    const lesson = LESSONS.find((l) => l.id === 'aliases')!;
    const broken = { ...lesson, solution: [{ action: { call: 'UpdateAlias' as const, request: { AliasName: 'alias/app', TargetKeyId: lesson.scenario.keys![1].arn.split('/')[1] } } }] };
    const report = await runLesson(broken);
    expect(report.goalAfterSolution.reached).toBe(false);
    expect(report.problems.join('\n')).toMatch(/goal check .* failed after the solution/);
  });

  it('reports a step whose narration claims the wrong outcome', async () => {
    const lesson = LESSONS.find((l) => l.id === 'encrypt-4kb')!;
    const steps = lesson.steps.map((s) => (s.id === 'enc4097' ? { ...s, expect: 'success' as const } : s));
    const report = await runLesson({ ...lesson, steps });
    expect(report.problems.join('\n')).toMatch(/step enc4097: expected success, got ValidationException/);
  });
});

describe('coverage of the study notes (seed-coverage.md)', () => {
  it('teaches every row in at least one lesson', () => {
    const coverage = notesCoverage();
    const untaught = SEED_POINTS.filter((p) => !(coverage.get(p.id)?.length));
    expect(untaught.map((p) => p.notes)).toEqual([]);
  });

  it('lists exactly the rows of the reference table', () => {
    const file = fileURLToPath(new URL('../../../shared/reference/seed-coverage.md', import.meta.url));
    if (existsSync(file)) expect(SEED_POINTS.map((p) => p.notes)).toEqual(seedCoverageRows(readFileSync(file, 'utf8')));
    else expect(SEED_POINTS).toHaveLength(23);
  });
});
