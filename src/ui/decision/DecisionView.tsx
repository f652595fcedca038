/**
 * The decision view: the evaluation pipeline in AWS order, walked step by step (back, forward,
 * play, speed — the studio player's speed and timing), with predict-then-reveal before the
 * decision, each stage's verdict and reason, a drill-down into statements and conditions, and the
 * missing context keys.
 *
 * Adapter note: the studio's player (src/ui/player) plays engine call flows from the store; a
 * decision is not a call flow, so this view keeps its own cursor but shares the player's speed
 * setting, its base step duration and its reduced-motion rule.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useLab, SPEEDS, type LabDecision } from '../../store';
import { DECISION_OUTCOME, OUTCOME_WORDS, explainPrediction, summaryReason, toDecisionSteps, type DecisionStep } from '../../timeline/decision';
import type { Decision } from '../../engine/policy';
import { BASE_MS } from '../player/timing';
import { useReducedMotion } from '../player/hooks';
import { OutcomeIcon } from './icons';
import { StageDetail } from './StageDetail';

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

function Stage({ step, state, revealed, selected, onSelect }: { step: DecisionStep; state: 'pending' | 'current' | 'done'; revealed: boolean; selected: boolean; onSelect(): void }) {
  const showDecided = revealed && step.decidedHere;
  const shown = state !== 'pending';
  return (
    <li
      className={`dv-stage dv-stage--${shown ? step.outcome : 'pending'}${state === 'current' ? ' is-current' : ''}${showDecided ? ' is-decided' : ''}${selected ? ' is-selected' : ''}${step.isDecision ? ' dv-stage--final' : ''}`}
      aria-current={state === 'current' ? 'step' : undefined}
    >
      <span className="dv-stage__icon">{shown ? <OutcomeIcon outcome={step.outcome} size={22} /> : <span className="dv-stage__num">{step.index + 1}</span>}</span>
      <div className="dv-stage__body">
        <p className="dv-stage__title">
          <span>{step.title}</span>
          {showDecided && <span className="dv-decided">Decided here</span>}
          {revealed && step.onAllowPath && !step.decidedHere && <span className="dv-path">On the allow path</span>}
        </p>
        <p className="dv-stage__verdict">{shown ? step.verdict : step.isDecision ? 'Hidden until you predict' : 'Not evaluated yet'}</p>
        {shown && !step.isDecision && <p className="dv-stage__reason">{step.reason}</p>}
      </div>
      {shown && !step.isDecision && (
        <button type="button" className="btn btn-ghost btn-xs dv-stage__more" aria-pressed={selected} onClick={onSelect} aria-label={`Details: ${step.title}`}>
          Details
        </button>
      )}
    </li>
  );
}

export function DecisionView({ decision }: { decision: LabDecision }) {
  const steps = useMemo(() => toDecisionSteps(decision.evaluation), [decision.evaluation]);
  const last = steps.length - 1;
  const [cursor, setCursor] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [prediction, setPrediction] = useState<Decision | null>(null);
  const [choice, setChoice] = useState<Decision | ''>('');
  const [skipped, setSkipped] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const speed = useLab((s) => s.speed);
  const setSpeed = useLab((s) => s.setSpeed);
  const setFocusPolicy = useLab((s) => s.setFocusPolicy);
  const reduced = useReducedMotion();

  const unlocked = prediction !== null || skipped;
  const maxCursor = unlocked ? last : last - 1;
  const revealed = cursor === last;

  useEffect(() => {
    if (!playing) return;
    if (cursor >= maxCursor) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => setCursor((c) => Math.min(maxCursor, c + 1)), reduced ? BASE_MS / 2 / speed : BASE_MS / speed);
    return () => clearTimeout(t);
  }, [playing, cursor, maxCursor, speed, reduced]);

  const step = steps[cursor];
  const decidedStep = steps.find((s) => s.decidedHere);
  const selectedStep = steps.find((s) => s.id === selected) ?? (revealed ? decidedStep : undefined) ?? (step.isDecision ? undefined : step);
  const verdict = OUTCOME_WORDS[DECISION_OUTCOME[decision.evaluation.decision]];
  const feedback = prediction && revealed ? explainPrediction(prediction, decision.evaluation) : null;

  const lockIn = (e: FormEvent) => {
    e.preventDefault();
    if (!choice) return;
    setPrediction(choice);
    if (cursor === last - 1) setCursor(last);
    else setPlaying(true);
  };

  const decidedBy = decision.evaluation.decidedBy;
  const missing = decision.evaluation.missingContextKeys;
  const errors = decision.evaluation.errors;

  return (
    <section className="dv" aria-labelledby="dv-title">
      <header className="dv__head">
        <h2 id="dv-title" className="lab-h2">
          Decision <span className="dv__req mono">{decision.title}</span>
        </h2>
        <p className="dv__source">{SOURCE_WORDS[decision.source]}</p>
      </header>

      <div className="dv-player" role="group" aria-label="Decision player">
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => { setPlaying(false); setCursor((c) => Math.max(0, c - 1)); }} disabled={cursor === 0}>
          Back
        </button>
        <button type="button" className="btn btn-primary btn-sm" onClick={() => setPlaying((p) => !p)} disabled={cursor >= maxCursor && !playing}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => { setPlaying(false); setCursor((c) => Math.min(maxCursor, c + 1)); }} disabled={cursor >= maxCursor}>
          Forward
        </button>
        <span className="dv-player__count" aria-live="off">
          Step {cursor + 1} of {steps.length}
        </span>
        <label className="dv-player__speed">
          Speed
          <select className="select select--sm" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="dv-narration" aria-live="polite">
        {step.text}
      </p>

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
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setSkipped(true)}>
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

      <ol className="dv-pipeline" aria-label="Evaluation pipeline, in AWS order">
        {steps.map((s) => (
          <Stage key={s.id} step={s} state={s.index < cursor ? 'done' : s.index === cursor ? 'current' : 'pending'} revealed={revealed} selected={selectedStep?.id === s.id} onSelect={() => setSelected(s.id)} />
        ))}
      </ol>

      {revealed && decidedBy.length > 0 && (
        <div className="dv-deciders">
          <h3 className="lab-h3">Decided by</h3>
          <ul>
            {decidedBy.map((d) => (
              <li key={`${d.policyId}#${d.statementIndex}`}>
                <span className={`dv-effect dv-effect--${d.effect.toLowerCase()}`}>{d.effect}</span> {d.sid ? <>statement “{d.sid}”</> : d.policyId.startsWith('grant:') ? null : <>statement #{d.statementIndex + 1}</>} in {d.label}{' '}
                {!d.policyId.startsWith('grant:') && (
                  <button type="button" className="btn btn-ghost btn-xs" onClick={() => setFocusPolicy(d.policyId, d.statementIndex)}>
                    Show in its editor
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
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

      {selectedStep && !selectedStep.isDecision && selectedStep.index <= cursor && (
        <StageDetail step={selectedStep} evaluation={decision.evaluation} />
      )}
    </section>
  );
}
