/**
 * The stage of a lesson or an exam explanation: a flow on the step player (canvas or transcript,
 * narration, player bar — the Studio's own components, projected with the lesson world's keys), or
 * the decision view for an evaluation. While presenting, the canvas follows the active node.
 */
import { lazy, Suspense, useMemo } from 'react';
import { useLab, type LabDecision } from '../../store';
import { toFlow, type Flow, type WorldSnapshot } from '../../timeline';
import type { AccessEvaluation } from '@kms-lab/engine/policy';
import type { World } from '@kms-lab/engine';
import { FlowCanvas } from '../flow/FlowCanvas';
import { Narration } from '../player/Narration';
import { PlayerBar } from '../player/PlayerBar';
import { Transcript } from '../player/Transcript';
import { useReducedMotion } from '../player/hooks';
import '../flow/flow.css';
import '../policy/lab.css';

const DecisionView = lazy(() => import('../decision/DecisionView').then((m) => ({ default: m.DecisionView })));

export function FlowStage({ flow, snapshot }: { flow: Flow; snapshot: WorldSnapshot }) {
  const current = useLab((s) => s.flow);
  const cursor = useLab((s) => s.decks.flow.cursor);
  const view = useLab((s) => s.flowView);
  const speed = useLab((s) => s.speed);
  const theme = useLab((s) => s.theme);
  const presenting = useLab((s) => s.presenting);
  const reduced = useReducedMotion();
  const onPlayer = current?.id === flow.id ? current : null;
  const picture = useMemo(() => (onPlayer ? toFlow(snapshot, onPlayer, cursor) : null), [snapshot, onPlayer, cursor]);
  if (!onPlayer || !picture) {
    return (
      <div className="ls-stage__empty">
        <p>This flow is no longer on the player.</p>
        <button type="button" className="btn btn-sm" onClick={() => useLab.getState().playFlow(flow, { autoplay: true })}>
          Play it again
        </button>
      </div>
    );
  }
  return (
    <div className="ls-flow">
      {view === 'graph' ? (
        <div className="ls-canvas" role="region" aria-label={`Flow graph: ${flow.title}`}>
          <FlowCanvas picture={picture} flowId={flow.id} speed={speed} reduced={reduced} colorMode={presenting ? 'light' : theme} follow={presenting} />
        </div>
      ) : (
        <div className="ls-transcript">
          <Transcript title={flow.title} />
        </div>
      )}
      <Narration />
      <PlayerBar />
    </div>
  );
}

let decisionSeq = 1_000_000;

/**
 * The policy lab's decision view on an evaluation (evaluation order, deciding statement, missing
 * keys). The learner has already predicted (the lesson's step, the exam's question), so the view
 * does not ask again; "Show in its editor" shows `world`'s policy read-only (the lesson's world,
 * not the lab's workspace), and is hidden without a world (the exam's worlds are throwaway copies).
 */
export function DecisionStage({ evaluation, title, world }: { evaluation: AccessEvaluation; title: string; world?: World | null }) {
  const decision = useMemo<LabDecision>(() => ({ id: ++decisionSeq, source: 'call', title, evaluation, input: null }), [evaluation, title]);
  return (
    <div className="ls-decision">
      <Suspense fallback={<p className="muted">Loading the decision view…</p>}>
        <DecisionView key={decision.id} decision={decision} predict={false} policies={world ? { kind: 'world', world } : { kind: 'none' }} />
      </Suspense>
    </div>
  );
}
