/**
 * A lesson: narration part by part; predict-then-reveal (the learner commits, the engine runs the
 * part, the computed answer is revealed and explained); each part's flow on the player (step by
 * step) and its decision in the decision view; then the goal — checked by the engine — with hints,
 * "Show me" and the learner's own calls in the lesson world. The clicker (presentation mode) walks
 * the same parts. Words: a lesson has *parts*; the player shows a call as *steps* (verdict.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLab, useProgress } from '../../store';
import { DECISION_CHOICES, LESSONS, TOPIC_TITLES, type Lesson, type LessonStep, type StepRun } from '../../lessons';
import { partVerdict, predictedRight } from '../../lessons/verdict';
import { snapshotOf } from '../../timeline';
import { usePlaybackClock } from '../player/hooks';
import { enterPresentation } from '../classroom/presentation';
import { LinkIcon, PresentIcon } from '../classroom/icons';
import { firstEvaluation, useLessonRun } from './run';
import { StepExplanation } from './Explain';
import { DecisionStage, FlowStage } from './Stage';
import { RequestRunner } from './RequestRunner';

function choicesOf(step: LessonStep): { id: string; label: string }[] {
  const p = step.predict;
  if (!p) return [];
  return p.kind === 'decision' ? DECISION_CHOICES.map((c) => ({ id: c.id, label: c.label })) : p.choices.map((c) => ({ id: c.id, label: c.label }));
}

function outcomeText(run: StepRun): string {
  const o = run.outcome;
  if (o.kind === 'evaluate') return o.decision === 'Allow' ? 'Allowed' : o.decision === 'ExplicitDeny' ? 'Denied — explicit deny' : 'Denied — nothing allowed it';
  if (o.ok) return 'Succeeded';
  // A local step's failure is told at the KMS level; the browser's own error is only a detail.
  if (o.kind === 'local') return o.summary ?? 'Failed in your browser (not a KMS call)';
  return `${o.error?.name ?? 'Failed'}${o.error?.message ? `: ${o.error.message}` : ''}`;
}

/** Who acted: KMS answers calls; local steps (AES-GCM, discarding a key, an export attempt) run in the browser. */
const outcomeLabel = (run: StepRun) => (run.outcome.kind === 'local' ? 'What happened (in your browser, not a KMS call):' : 'What KMS did:');

function Predict({ step, index }: { step: LessonStep; index: number }) {
  const chosen = useLessonRun((s) => s.chosen[step.id]);
  const busy = useLessonRun((s) => s.busy);
  const choose = useLessonRun((s) => s.choose);
  const runNext = useLessonRun((s) => s.runNext);
  const p = step.predict!;
  const name = `predict-${step.id}`;
  return (
    <form
      className="ls-predict"
      onSubmit={(e) => {
        e.preventDefault();
        void runNext();
      }}
    >
      <fieldset>
        <legend className="ls-predict__q">
          <span className="ls-predict__tag">Predict</span> {p.question}
        </legend>
        <div className="ls-predict__choices">
          {choicesOf(step).map((c) => (
            <label key={c.id} className={`ls-choice${chosen?.includes(c.id) ? ' is-chosen' : ''}`}>
              <input type="radio" name={name} value={c.id} checked={chosen?.includes(c.id) ?? false} onChange={() => choose(step.id, [c.id])} />
              <span>{c.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="ls-step__actions">
        <button type="submit" className="btn btn-primary btn-sm" disabled={!chosen?.length || busy}>
          Lock in and run part {index + 1}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" disabled={busy} onClick={() => void runNext()}>
          Skip predicting, just run it
        </button>
      </div>
    </form>
  );
}

function Reveal({ step, run }: { step: LessonStep; run: StepRun }) {
  const chosen = useLessonRun((s) => s.chosen[step.id]);
  const skipped = useLessonRun((s) => s.skipped[step.id]);
  const presenting = useLab((s) => s.presenting);
  const answer = run.predict;
  if (!answer) return null;
  const right = !skipped && predictedRight(run, chosen);
  const labels = new Map(choicesOf(step).map((c) => [c.id, c.label]));
  return (
    <div className={`ls-reveal ${skipped ? 'is-skipped' : right ? 'is-right' : 'is-wrong'}`} role="status" data-testid={`reveal-${step.id}`}>
      <p className="ls-reveal__verdict">
        {skipped && presenting ? (
          <>The answer, for the class to check its prediction:</>
        ) : skipped ? (
          <>You ran this part without predicting.</>
        ) : right ? (
          <>
            <span aria-hidden="true">✓ </span>Right: you predicted “{labels.get(chosen![0])}”.
          </>
        ) : (
          <>
            <span aria-hidden="true">✕ </span>Not quite: you predicted “{labels.get(chosen?.[0] ?? '')}”.
          </>
        )}
      </p>
      <p className="ls-reveal__answer">
        The engine computed: <strong>{answer.correct.map((c) => labels.get(c) ?? c).join(', ')}</strong>
      </p>
      <ul className="ls-reveal__choices" aria-label="The choices">
        {choicesOf(step).map((c) => {
          const correct = answer.correct.includes(c.id);
          const mine = chosen?.includes(c.id);
          return (
            <li key={c.id} className={`${correct ? 'is-correct' : ''}${mine ? ' is-mine' : ''}`}>
              <span className="ls-mark" aria-hidden="true">
                {correct ? '✓' : mine ? '✕' : '·'}
              </span>
              {c.label}
              {correct && <span className="ls-note"> (correct)</span>}
              {mine && <span className="ls-note"> (your prediction)</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function StepCard({ lesson, step, index }: { lesson: Lesson; step: LessonStep; index: number }) {
  const run = useLessonRun((s) => s.runs[index]);
  const chosen = useLessonRun((s) => s.chosen[step.id]);
  const skipped = useLessonRun((s) => !!s.skipped[step.id]);
  const position = useLessonRun((s) => s.runs.length);
  const view = useLessonRun((s) => s.view);
  const busy = useLessonRun((s) => s.busy);
  const stageLabel = useLessonRun((s) => s.stage?.label);
  const { runNext, focus, showStepFlow, showStepDecision } = useLessonRun.getState();
  const ref = useRef<HTMLLIElement>(null);
  const focused = view === index;
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [focused]);
  const current = index === position;
  const verdict = run ? partVerdict(step, run, chosen, skipped) : null;
  const hasFlow = !!run?.outcome.flowItems.length;
  const hasDecision = !!run?.outcome.evaluation;
  return (
    <li ref={ref} className={`ls-step${focused ? ' is-focus' : ''}${run ? ' is-run' : ''}${current ? ' is-current' : ''}`} aria-current={focused ? 'step' : undefined}>
      <button type="button" className="ls-step__num" onClick={() => run && focus(index)} disabled={!run} aria-label={`Part ${index + 1}${verdict ? ` (${verdict.meaning}): show it` : ''}`}>
        {verdict ? verdict.mark : index + 1}
      </button>
      <div className="ls-step__body">
        <p className="ls-step__meta">
          Part {index + 1} of {lesson.steps.length}
        </p>
        <p className="ls-step__text">{step.narration}</p>
        {!run && current && (step.predict ? <Predict step={step} index={index} /> : (
          <div className="ls-step__actions">
            <button type="button" className="btn btn-primary btn-sm" disabled={busy} onClick={() => void runNext()}>
              Run part {index + 1}
            </button>
          </div>
        ))}
        {run && (
          <>
            <p className={`ls-outcome is-${verdict!.tone}`} data-testid={`outcome-${step.id}`}>
              <span className="ls-outcome__label">{outcomeLabel(run)}</span> {outcomeText(run)}
              {verdict!.tone === 'intended' && <span className="ls-outcome__note"> — the error this part sets out to show</span>}
            </p>
            {run.outcome.detail && (
              <details className="ls-outcome__detail">
                <summary>The browser’s own words</summary>
                <code>{run.outcome.detail}</code>
              </details>
            )}
            <Reveal step={step} run={run} />
            <div className="ls-step__actions">
              {hasFlow && (
                <button type="button" className="btn btn-ghost btn-xs" aria-pressed={focused && stageLabel?.startsWith('Part')} onClick={() => showStepFlow(index)}>
                  Show the flow
                </button>
              )}
              {hasDecision && (
                <button type="button" className="btn btn-ghost btn-xs" onClick={() => showStepDecision(index)}>
                  Why? Open the decision
                </button>
              )}
              {index === position - 1 && position < lesson.steps.length && (
                <button type="button" className="btn btn-sm" onClick={() => focus(position)}>
                  Next part
                </button>
              )}
            </div>
          </>
        )}
      </div>
    </li>
  );
}

function Goal({ lesson }: { lesson: Lesson }) {
  const goal = useLessonRun((s) => s.goal);
  const busy = useLessonRun((s) => s.busy);
  const hintsShown = useLessonRun((s) => s.hintsShown);
  const solutionShown = useLessonRun((s) => s.solutionShown);
  const view = useLessonRun((s) => s.view);
  const { checkGoal, showHint, showSolution } = useLessonRun.getState();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (view === lesson.steps.length) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [view, lesson.steps.length]);
  const nextLesson = LESSONS[LESSONS.findIndex((l) => l.id === lesson.id) + 1];
  return (
    <section ref={ref} className={`ls-goal${view === lesson.steps.length ? ' is-focus' : ''}`} aria-labelledby="ls-goal-title">
      <h2 id="ls-goal-title" className="ls-h2">
        Your goal
      </h2>
      <p className="ls-goal__text">{lesson.goal.description}</p>
      <div className="ls-step__actions">
        <button type="button" className="btn btn-primary btn-sm" disabled={busy} onClick={() => void checkGoal()}>
          Check my goal
        </button>
        <button type="button" className="btn btn-sm" disabled={hintsShown >= lesson.hints.length} onClick={showHint}>
          {hintsShown >= lesson.hints.length ? 'No more hints' : `Hint (${lesson.hints.length - hintsShown} left)`}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" disabled={busy || solutionShown} onClick={() => void showSolution()}>
          {solutionShown ? 'Solution applied' : 'Show me'}
        </button>
      </div>
      {hintsShown > 0 && (
        <ol className="ls-hints" aria-label="Hints">
          {lesson.hints.slice(0, hintsShown).map((h) => (
            <li key={h}>{h}</li>
          ))}
        </ol>
      )}
      {solutionShown && !goal && <p className="ls-msg">The reference solution ran in your lesson world (its flow is on the stage). Check the goal now.</p>}
      {goal && (
        <div className={`ls-goal__result ${goal.reached ? 'is-reached' : 'is-not'}`} role="status" data-testid="goal-result">
          <p className="ls-goal__verdict">{goal.reached ? '✓ Goal reached — checked by the engine.' : '✕ Not yet. The engine checked:'}</p>
          <ul>
            {goal.checks.map((c) => (
              <li key={c.label} className={c.passed ? 'is-pass' : 'is-fail'}>
                <span aria-hidden="true">{c.passed ? '✓ ' : '✕ '}</span>
                {c.label}
                {!c.passed && c.why && <span className="ls-why"> — {c.why}</span>}
              </li>
            ))}
          </ul>
          {goal.reached && (
            <p className="ls-goal__done">
              Lesson complete. {nextLesson ? <a href={`#lessons/${nextLesson.id}`}>Next lesson: {nextLesson.title}</a> : <a href="#exam">Try the exam practice</a>}
            </p>
          )}
        </div>
      )}
      <RequestRunner lesson={lesson} />
    </section>
  );
}

function ShareLesson({ lesson }: { lesson: Lesson }) {
  const position = useLessonRun((s) => s.runs.length);
  const [url, setUrl] = useState<string | null>(null);
  const make = async () => {
    const { shareUrl } = await import('../../store/share');
    const base = new URL(location.href);
    base.hash = '';
    const u = shareUrl({ lesson: { id: lesson.id, step: position } }, base.toString());
    setUrl(u);
    void navigator.clipboard?.writeText(u).catch(() => undefined);
  };
  return (
    <div className="ls-share">
      <button type="button" className="btn btn-sm btn-ghost" onClick={() => void make()}>
        <LinkIcon size={16} /> Share this part
      </button>
      {url && (
        <label className="ls-share__url">
          <span className="sr-only">Share link (copied)</span>
          <input className="input mono" readOnly value={url} onFocus={(e) => e.currentTarget.select()} aria-describedby="ls-share-note" />
          <span id="ls-share-note" className="muted">
            Copied. It opens this lesson at {position + 1 > lesson.steps.length ? 'the goal' : `part ${position + 1}`}; no keys or data are in it.
          </span>
        </label>
      )}
    </div>
  );
}

function useStageSnapshot() {
  const session = useLessonRun((s) => s.session);
  const runs = useLessonRun((s) => s.runs.length);
  const free = useLessonRun((s) => s.free.length);
  const solved = useLessonRun((s) => s.solutionShown);
  return useMemo(() => (session ? snapshotOf(session.world.state) : { keys: {} }), [session, runs, free, solved]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** Presenting, before a step runs: its question for the class, large, on the stage. */
function AskTheClass({ step, index }: { step: LessonStep; index: number }) {
  return (
    <div className="ls-ask" data-testid="ask-the-class">
      <p className="ls-ask__tag">Part {index + 1} · {step.predict ? 'Ask the class' : 'Next'}</p>
      <p className="ls-ask__narration">{step.narration}</p>
      {step.predict && (
        <>
          <p className="ls-ask__q">{step.predict.question}</p>
          <ol className="ls-ask__choices" type="A">
            {choicesOf(step).map((c) => (
              <li key={c.id}>{c.label}</li>
            ))}
          </ol>
        </>
      )}
      <p className="ls-ask__hint">
        <kbd>PgDn</kbd> {step.predict ? 'reveals the answer: the engine runs this part' : 'runs this part'}
      </p>
    </div>
  );
}

function StagePane() {
  const stage = useLessonRun((s) => s.stage);
  const world = useLessonRun((s) => s.session?.world ?? null);
  const lesson = useLessonRun((s) => s.lesson);
  const view = useLessonRun((s) => s.view);
  const run = useLessonRun((s) => s.runs[s.view]);
  const explaining = useLessonRun((s) => s.explaining);
  const changes = useLessonRun((s) => s.changes[s.view]);
  const presenting = useLab((s) => s.presenting);
  const snapshot = useStageSnapshot();
  const askStep = presenting && lesson && !run ? lesson.steps[view] : undefined;
  if (askStep) {
    return (
      <section className="ls-stage" aria-label="Stage">
        <AskTheClass step={askStep} index={view} />
      </section>
    );
  }
  if (presenting && run && explaining === view) {
    return (
      <section className="ls-stage" aria-label="Stage">
        <StepExplanation index={view} evaluation={firstEvaluation(run.outcome)} changes={changes ?? []} world={world} />
      </section>
    );
  }
  return (
    <section className="ls-stage" aria-label="Stage">
      {!stage ? (
        <div className="ls-stage__empty">
          <p className="ls-stage__hint">Run part 1: its KMS calls play here, step by step.</p>
        </div>
      ) : stage.kind === 'flow' ? (
        <FlowStage flow={stage.flow} snapshot={snapshot} />
      ) : stage.kind === 'decision' ? (
        <DecisionStage evaluation={stage.evaluation} title={stage.label} world={world} />
      ) : (
        <div className="ls-stage__empty">
          <p>{stage.text}</p>
        </div>
      )}
    </section>
  );
}

/** Publishes the presenter notes and offers next/back to the clicker while the lesson is on stage. */
function useClassroom(lesson: Lesson) {
  const view = useLessonRun((s) => s.view);
  const runs = useLessonRun((s) => s.runs);
  const explaining = useLessonRun((s) => s.explaining);
  const onFlow = useLessonRun((s) => s.stage?.kind === 'flow');
  const flowCursor = useLab((s) => s.decks.flow.cursor);
  const flowSteps = useLab((s) => s.decks.flow.steps);
  const presenting = useLab((s) => s.presenting);
  useEffect(() => {
    const lab = useLab.getState();
    lab.setStepper({ next: () => useLessonRun.getState().next(), back: () => useLessonRun.getState().back() });
    return () => {
      useLab.getState().setStepper(null);
      useLab.getState().setPresenterNotes(null);
    };
  }, []);
  useEffect(() => {
    const n = lesson.steps.length;
    const step = lesson.steps[view];
    const run = runs[view];
    const extra: string[] = [];
    if (step?.predict) {
      extra.push(`Ask the class: ${step.predict.question}`);
      if (run?.predict) extra.push(`Engine’s answer: ${run.predict.actual}`);
    }
    if (view >= n - 1) extra.push(`Goal: ${lesson.goal.description}`);
    // The same cursor as the stage: which part of the step the clicker is on.
    const phase = !presenting || view >= n ? '' : !run ? (step?.predict ? ' · the class predicts' : ' · not run yet') : explaining === view ? ' · why' : onFlow && flowSteps.length ? ` · flow ${flowCursor + 1} of ${flowSteps.length}` : ' · run';
    const flowText = presenting && run && explaining !== view && onFlow ? flowSteps[flowCursor]?.text : undefined;
    useLab.getState().setPresenterNotes({
      title: lesson.title,
      position: view >= n ? 'The goal' : `Part ${view + 1} of ${n}${presenting ? phase : run ? '' : ' (not run yet)'}`,
      current: flowText ? `${step?.narration ?? ''} — ${flowText}` : (step?.narration ?? lesson.goal.description),
      next: view + 1 < n ? lesson.steps[view + 1].narration : view + 1 === n ? `The goal: ${lesson.goal.description}` : undefined,
      extra,
    });
  }, [lesson, view, runs, explaining, onFlow, flowCursor, flowSteps, presenting]);
}

export function LessonView({ lesson }: { lesson: Lesson }) {
  usePlaybackClock();
  useClassroom(lesson);
  const loading = useLessonRun((s) => s.loading);
  const error = useLessonRun((s) => s.error);
  const position = useLessonRun((s) => s.runs.length);
  const open = useLessonRun((s) => s.lesson === lesson && !!s.session);
  const presenting = useLab((s) => s.presenting);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const launch = useLab.getState().lessonLaunch;
      if (launch?.id === lesson.id) {
        useLab.getState().setLessonLaunch(null);
        await useLessonRun.getState().open(lesson, launch.step);
        return;
      }
      await useProgress.getState().loadProgress();
      if (cancelled) return;
      const saved = useProgress.getState().progress.lessons[lesson.id];
      await useLessonRun.getState().open(lesson, saved && !saved.completed ? saved.step : 0);
    })();
    return () => {
      cancelled = true;
      useLessonRun.getState().close();
    };
  }, [lesson]);

  const visible = lesson.steps.slice(0, Math.min(lesson.steps.length, position + 1));
  return (
    <div className={`screen ls ls-lesson${presenting ? ' is-presenting' : ''}`}>
      <header className="ls-lesson__head">
        <p className="ls-crumbs">
          <a href="#lessons">Lessons</a> <span aria-hidden="true">/</span> {TOPIC_TITLES[lesson.topic]}
        </p>
        <div className="ls-lesson__titlebar">
          <h1 className="screen__title">{lesson.title}</h1>
          <div className="ls-lesson__tools">
            <ShareLesson lesson={lesson} />
            {!presenting && (
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => enterPresentation()}>
                <PresentIcon size={16} /> Present this lesson
              </button>
            )}
          </div>
        </div>
        <p className="ls-lede">{lesson.summary}</p>
        <p className="ls-howto muted">
          This lesson has {lesson.steps.length} parts, then a goal for you. Each part runs one action in the lesson’s own world; its KMS call plays on the player
          step by step.
        </p>
        <details className="ls-sources">
          <summary>AWS documentation this lesson follows</summary>
          <ul>
            {lesson.sources.map((s) => (
              <li key={s.url}>
                <a href={s.url} target="_blank" rel="noreferrer">
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </details>
      </header>
      {error && (
        <p className="ls-msg ls-msg--error" role="alert">
          {error}
        </p>
      )}
      {loading || !open ? (
        <p className="muted" role="status">
          Loading the lesson world…
        </p>
      ) : (
        <div className="ls-lesson__body">
          <div className="ls-lesson__steps">
            <ol className="ls-steps" aria-label="Parts of the lesson">
              {visible.map((step, i) => (
                <StepCard key={step.id} lesson={lesson} step={step} index={i} />
              ))}
            </ol>
            {position < lesson.steps.length ? (
              <p className="ls-more muted">
                {lesson.steps.length - visible.length > 0 ? `${lesson.steps.length - visible.length} more part${lesson.steps.length - visible.length === 1 ? '' : 's'}, then the goal.` : 'Then the goal.'}
              </p>
            ) : (
              <Goal lesson={lesson} />
            )}
          </div>
          <StagePane />
        </div>
      )}
    </div>
  );
}
