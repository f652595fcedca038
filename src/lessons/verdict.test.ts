// The mark a lesson part gets is the learner's result: a part whose point is an AWS error, predicted
// right, is a ✓ (issue 12), never a ✕; only a wrong prediction is a ✕.
import { describe, expect, it } from 'vitest';
import { LESSONS, LessonSession } from './index';
import { partVerdict } from './verdict';

const lesson = LESSONS.find((l) => l.id === 'regional-service')!;

async function runTo(stepId: string) {
  const session = await LessonSession.start(lesson);
  for (;;) {
    const run = await session.runNext();
    if (run.stepId === stepId) return { run, step: lesson.steps[run.index] };
  }
}

describe('partVerdict', () => {
  it('marks an intended NotFoundException predicted right as the learner’s success (✓), with the intended tone', async () => {
    const { run, step } = await runTo('describe-eu');
    expect(run.outcome.ok).toBe(false);
    expect(run.outcome.error?.name).toBe('NotFoundException');
    const v = partVerdict(step, run, ['nf'], false);
    expect(v).toMatchObject({ mark: '✓', predicted: 'right', tone: 'intended', meaning: 'you predicted right' });
  });

  it('marks a wrong prediction ✕ even when the call did what the lesson intends', async () => {
    const { run, step } = await runTo('describe-eu');
    expect(partVerdict(step, run, ['ok'], false)).toMatchObject({ mark: '✕', predicted: 'wrong', tone: 'intended' });
  });

  it('marks an intended error without a prediction ✓ (done), and a skipped prediction the same', async () => {
    const { run, step } = await runTo('describe-eu-arn');
    expect(step.predict).toBeUndefined();
    expect(partVerdict(step, run, undefined, false)).toMatchObject({ mark: '✓', tone: 'intended' });
    const p = await runTo('describe-eu');
    expect(partVerdict(p.step, p.run, undefined, true)).toMatchObject({ mark: '✓', tone: 'intended' });
  });

  it('gives a successful call the ok tone', async () => {
    const { run, step } = await runTo('describe');
    expect(partVerdict(step, run, undefined, false)).toMatchObject({ mark: '✓', tone: 'ok', meaning: 'done' });
  });

  it('never marks a part ✕ in any lesson when the learner predicts every answer right', async () => {
    const bad: string[] = [];
    for (const l of LESSONS) {
      const session = await LessonSession.start(l);
      for (const run of await session.runAll()) {
        const step = l.steps[run.index];
        const v = partVerdict(step, run, run.predict?.correct, false);
        if (v.mark !== '✓') bad.push(`${l.id}/${step.id}: ${v.meaning}`);
        if (!run.outcome.ok && run.outcome.kind !== 'local' && v.tone !== 'intended') bad.push(`${l.id}/${step.id}: a failed call with tone ${v.tone}`);
      }
    }
    expect(bad).toEqual([]);
  }, 120_000);
});
