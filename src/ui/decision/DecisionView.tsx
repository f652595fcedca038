/**
 * The decision view: the evaluation pipeline in AWS order, walked by the app's one player (the
 * studio's: the same player bar with its scrubber, speed, reduced motion, breakpoints, transcript
 * and keyboard shortcuts — src/ui/player, on the `decision` deck), with predict-then-reveal before
 * the decision, each stage's verdict and reason, a drill-down into statements and conditions, and
 * the missing context keys.
 */
import { useLayoutEffect, useMemo, useState, type FormEvent } from 'react';
import { useLab, type LabDecision } from '../../store';
import type { World } from '@kms-lab/engine';
import { isHeld } from '../../timeline';
import { DECISION_OUTCOME, OUTCOME_WORDS, explainPrediction, summaryReason, toDecisionSteps, type DecisionStep } from '../../timeline/decision';
import type { Decision, SourceRange } from '@kms-lab/engine/policy';
import { usePlaybackClock } from '../player/hooks';
import { Narration } from '../player/Narration';
import { PlayerBar } from '../player/PlayerBar';
import { StepList, type StepPlace } from '../player/StepList';
import { Transcript, type TranscriptColumn } from '../player/Transcript';
import { OutcomeIcon } from './icons';
import { StageDetail } from './StageDetail';
import { PolicySource } from './PolicySource';
import { listTargets, targetIdFor } from '../policy/targets';

/**
 * The policies this decision read whose saved text is no longer the text it read (or that are
 * gone): the decision still shows what was evaluated, and says so.
 */
function useChangedSince(decision: LabDecision, world: World | null, enabled: boolean): string[] {
  const revision = useLab((s) => s.worldRevision);
  return useMemo(() => {
    void revision;
    if (!enabled || !world) return [];
    const targets = new Map(listTargets(world).map((t) => [t.id, t]));
    const out: string[] = [];
    const seen = new Set<string>();
    for (const l of decision.evaluation.layers) {
      for (const pe of l.policies) {
        if (seen.has(pe.policyId)) continue;
        seen.add(pe.policyId);
        const t = targets.get(targetIdFor(world, pe.policyId));
        if (!t || t.text !== pe.text) out.push(pe.label);
      }
    }
    return out;
  }, [decision, world, enabled, revision]);
}

const SOURCE_WORDS: Record<LabDecision['source'], string> = {
  simulate: 'Simulated (nothing was called)',
  perform: 'Performed: a real call to the engine',
  call: 'From a call you made',
};

const PREDICTIONS: { value: Decision; label: string }[] = [
  { value: 'Allow', label: 'Allowed' },
  { value: 'ExplicitDeny', label: 'Denied — explicit deny' },
  { value: 'ImplicitDeny', label: 'Denied — nothing allowed it' },
];

/**
 * Where "Show in its editor" takes the learner: the policy lab's editors (the lab's own world), a
 * read-only view of another world's policies (a lesson's), or nowhere (no world to show: the exam).
 */
export type PolicyTarget = { kind: 'lab' } | { kind: 'world'; world: World } | { kind: 'none' };

export interface DecisionViewProps {
  decision: LabDecision;
  /** Ask for a prediction before the decision is revealed (off where the learner already predicted: lessons, the exam). */
  predict?: boolean;
  policies?: PolicyTarget;
  /** Walk the pipeline at once (the Live screen: a denied call's decision plays as it arrives). */
  autoplay?: boolean;
}

const shown = (place: StepPlace) => place !== 'ahead';

export function DecisionView({ decision, predict = true, policies = { kind: 'lab' }, autoplay = false }: DecisionViewProps) {
  const key = `decision:${decision.id}`;
  const steps = useMemo(() => toDecisionSteps(decision.evaluation), [decision.evaluation]);
  const last = steps.length - 1;
  // Put this decision on the player's decision deck (before paint, so no other deck shows).
  useLayoutEffect(() => {
    useLab.getState().loadDecision(key, decision.evaluation, { held: predict, autoplay });
  }, [key, decision.evaluation, predict, autoplay]);
  usePlaybackClock('decision');
  const deck = useLab((s) => s.decks.decision);
  const dispatch = useLab((s) => s.player);
  const view = useLab((s) => s.flowView);
  const setFocusPolicy = useLab((s) => s.setFocusPolicy);
  const mine = deck.key === key;
  const labWorld = useLab((s) => s.world);
  const changedSince = useChangedSince(decision, labWorld, policies.kind === 'lab');
  const cursor = mine ? deck.cursor : 0;
  const unlocked = mine ? !isHeld(deck) : !predict;

  const [prediction, setPrediction] = useState<Decision | null>(null);
  const [choice, setChoice] = useState<Decision | ''>('');
  const [selected, setSelected] = useState<string | null>(null);
  const [source, setSource] = useState<{ policyId: string; statementIndex?: number; text?: string; range?: SourceRange } | null>(null);

  const revealed = cursor === last;
  const step = steps[cursor];
  const decidedStep = steps.find((s) => s.decidedHere);
  const selectedStep = steps.find((s) => s.id === selected) ?? (revealed ? decidedStep : undefined) ?? (step.isDecision ? undefined : step);
  const verdict = OUTCOME_WORDS[DECISION_OUTCOME[decision.evaluation.decision]];
  const feedback = prediction && revealed ? explainPrediction(prediction, decision.evaluation) : null;

  const lockIn = (e: FormEvent) => {
    e.preventDefault();
    if (!choice) return;
    setPrediction(choice);
    dispatch('decision', { type: 'limit', limit: null });
    if (cursor === last - 1) dispatch('decision', { type: 'seek', cursor: last });
    else dispatch('decision', { type: 'play' });
  };
  // "Skip and just show me": no prediction, every stage and the decision at once.
  const skip = () => {
    dispatch('decision', { type: 'limit', limit: null });
    dispatch('decision', { type: 'seek', cursor: last });
  };

  // "Show in its editor": the lab's editor for the lab's world; a read-only panel for another world; nothing without one.
  // The lab's editor gets the text this evaluation read, so it outlines the statement only on that text.
  const showPolicy =
    policies.kind === 'lab'
      ? (policyId: string, statementIndex?: number, src?: { text?: string; range?: SourceRange }) => setFocusPolicy(policyId, statementIndex, { decisionId: decision.id, ...src })
      : policies.kind === 'world'
        ? (policyId: string, statementIndex?: number, src?: { text?: string; range?: SourceRange }) => setSource({ policyId, statementIndex, text: src?.text, range: src?.range })
        : null;

  const decidedBy = decision.evaluation.decidedBy;
  const missing = decision.evaluation.missingContextKeys;
  const errors = decision.evaluation.errors;

  const stageClass = (s: DecisionStep, place: StepPlace) =>
    `dv-stage dv-stage--${shown(place) ? s.outcome : 'pending'}${revealed && s.decidedHere ? ' is-decided' : ''}${selectedStep?.id === s.id ? ' is-selected' : ''}${s.isDecision ? ' dv-stage--final' : ''}`;

  const columns: TranscriptColumn<DecisionStep>[] = [
    { header: 'Stage', className: 'pl-table__title', cell: (s) => s.title },
    { header: 'Result', cell: (s, place) => (shown(place) ? s.verdict : s.isDecision && !unlocked ? 'Hidden until you predict' : 'Not evaluated yet') },
    { header: 'Why', cell: (s, place) => (shown(place) ? (s.isDecision ? summaryReason(decision.evaluation) : s.reason) : '') },
  ];

  return (
    <section className="dv" aria-labelledby="dv-title">
      <header className="dv__head">
        <h2 id="dv-title" className="lab-h2">
          Decision <span className="dv__req mono">{decision.title}</span>
        </h2>
        <p className="dv__source">{SOURCE_WORDS[decision.source]}</p>
      </header>
      {changedSince.length > 0 && (
        <p className="dv-stale" role="note">
          Changed since this decision was made: {changedSince.join('; ')}. Everything below shows the texts as they were evaluated — simulate again for a decision on
          the policies as they are now.
        </p>
      )}

      <Narration player="decision" className="dv-narration" meta={(s) => (s.id === 'decision' ? 'The decision' : 'Evaluation stage')} empty="Loading the decision…" />
      <PlayerBar player="decision" label="Decision player" pictureLabel="Pipeline" className="dv-player" />

      {!unlocked && (
        <form className="dv-predict" onSubmit={lockIn} aria-labelledby="dv-predict-title">
          <p id="dv-predict-title" className="dv-predict__title">
            Predict: what will KMS decide?
          </p>
          <div className="dv-predict__options" role="radiogroup" aria-labelledby="dv-predict-title">
            {PREDICTIONS.map((p) => (
              <label key={p.value} className={`dv-predict__opt${choice === p.value ? ' is-chosen' : ''}`}>
                <input type="radio" name={`predict-${decision.id}`} value={p.value} checked={choice === p.value} onChange={() => setChoice(p.value)} />
                <OutcomeIcon outcome={DECISION_OUTCOME[p.value]} size={18} />
                {p.label}
              </label>
            ))}
          </div>
          <div className="dv-predict__actions">
            <button type="submit" className="btn btn-primary btn-sm" disabled={!choice}>
              Lock in my prediction
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={skip}>
              Skip and just show me
            </button>
          </div>
        </form>
      )}
      {prediction && !revealed && (
        <p className="dv-predict__locked">
          Your prediction: <strong>{PREDICTIONS.find((p) => p.value === prediction)?.label}</strong>. Play or step forward to the decision.
        </p>
      )}
      {revealed && (
        <div className={`dv-verdict dv-verdict--${DECISION_OUTCOME[decision.evaluation.decision]}`} role="status">
          <OutcomeIcon outcome={DECISION_OUTCOME[decision.evaluation.decision]} size={28} />
          <div>
            <p className="dv-verdict__word">{verdict}</p>
            {feedback ? (
              <p className={`dv-verdict__feedback ${feedback.correct ? 'is-right' : 'is-wrong'}`}>{feedback.text}</p>
            ) : (
              <p className="dv-verdict__feedback">{summaryReason(decision.evaluation)}</p>
            )}
          </div>
        </div>
      )}

      {!mine ? null : view === 'transcript' ? (
        <div className="dv-transcript">
          <Transcript<DecisionStep> player="decision" title={`the decision on ${decision.title}`} columns={columns} />
        </div>
      ) : (
        <StepList<DecisionStep>
          player="decision"
          label="Evaluation steps"
          heading={null}
          listLabel="Evaluation pipeline, in AWS order"
          className="dv-steps"
          groupOf={() => null}
          itemClass={stageClass}
          renderMarker={(s, place) => <span className="dv-stage__icon">{shown(place) ? <OutcomeIcon outcome={s.outcome} size={22} /> : <span className="dv-stage__num">{s.index + 1}</span>}</span>}
          renderTitleExtra={(s) => (
            <>
              {revealed && s.decidedHere && <span className="dv-decided">Decided here</span>}
              {revealed && s.onAllowPath && !s.decidedHere && <span className="dv-path">On the allow path</span>}
            </>
          )}
          renderBody={(s, place) => (
            <div className="dv-stage__body">
              <p className="dv-stage__verdict">{shown(place) ? s.verdict : s.isDecision && !unlocked ? 'Hidden until you predict' : 'Not evaluated yet'}</p>
              {shown(place) && !s.isDecision && <p className="dv-stage__reason">{s.reason}</p>}
              {shown(place) && !s.isDecision && (
                <button type="button" className="btn btn-ghost btn-xs dv-stage__more" aria-pressed={selectedStep?.id === s.id} onClick={() => setSelected(s.id)} aria-label={`Details: ${s.title}`}>
                  Details
                </button>
              )}
            </div>
          )}
        />
      )}

      {revealed && decidedBy.length > 0 && (
        <div className="dv-deciders">
          <h3 className="lab-h3">Decided by</h3>
          <ul>
            {decidedBy.map((d) => (
              <li key={`${d.policyId}#${d.statementIndex}`}>
                <span className={`dv-effect dv-effect--${d.effect.toLowerCase()}`}>{d.effect}</span> {d.sid ? <>statement “{d.sid}”</> : d.policyId.startsWith('grant:') ? null : <>statement #{d.statementIndex + 1}</>} in {d.label}{' '}
                {showPolicy && !d.policyId.startsWith('grant:') && (
                  <button type="button" className="btn btn-ghost btn-xs" onClick={() => showPolicy(d.policyId, d.statementIndex, { text: d.text, range: d.range })}>
                    Show in its editor
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}

      {source && policies.kind === 'world' && (
        <PolicySource world={policies.world} policyId={source.policyId} statementIndex={source.statementIndex} evaluatedText={source.text} range={source.range} onClose={() => setSource(null)} />
      )}

      {missing.length > 0 && (
        <div className="dv-missing">
          <h3 className="lab-h3">Missing context keys</h3>
          <p className="muted">Conditions ask for these keys, and the request does not carry them: positive operators fail, negated ones pass, …IfExists passes.</p>
          <ul className="chips">
            {missing.map((k) => (
              <li key={k} className="chip chip--context mono">
                {k}
              </li>
            ))}
          </ul>
        </div>
      )}
      {errors.length > 0 && (
        <div className="dv-errors" role="note">
          <h3 className="lab-h3">Could not be evaluated</h3>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>
                {e.policyId} statement #{e.statementIndex + 1}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}

      {selectedStep && !selectedStep.isDecision && selectedStep.index <= cursor && <StageDetail step={selectedStep} evaluation={decision.evaluation} revealed={revealed} onShowStatement={showPolicy} />}
    </section>
  );
}
