/**
 * The Studio: the flow canvas (or its transcript), the step list, the narration line and the
 * player bar, with one-click demo flows made of real engine calls. Lazy-loaded (React Flow and
 * motion live in this chunk).
 */
import { useMemo } from 'react';
import { useLab } from '../../store';
import { DEMOS, snapshotOf, toFlow, worldOfFlow } from '../../timeline';
import { ErrorCard } from '../common/ErrorCard';
import { PlayIcon, StudioIcon } from '../common/icons';
import { FlowCanvas } from './FlowCanvas';
import { Narration } from '../player/Narration';
import { PlayerBar } from '../player/PlayerBar';
import { StepList } from '../player/StepList';
import { Transcript } from '../player/Transcript';
import { usePlaybackClock, useReducedMotion } from '../player/hooks';
import { StepDetail } from '../player/StepDetail';
import './flow.css';

function Demos() {
  const busy = useLab((s) => s.demoBusy);
  const run = useLab((s) => s.runDemo);
  const ready = useLab((s) => s.world !== null);
  const error = useLab((s) => s.demoError);
  return (
    <div className="st-demos" role="group" aria-label="Demo flows">
      <span className="st-demos__label">Demo flows</span>
      <ul className="st-demos__list">
        {DEMOS.map((d) => (
          <li key={d.id}>
            <button type="button" className="btn btn-xs st-demo" disabled={!ready || busy !== null} onClick={() => void run(d.id)} title={d.description} aria-busy={busy === d.id}>
              {d.title}
            </button>
          </li>
        ))}
      </ul>
      {error && <ErrorCard error={error} operation="Demo" />}
    </div>
  );
}

function LatestCall() {
  const latest = useLab((s) => (s.latestCallId ? s.traces[s.latestCallId] : undefined));
  const inFlow = useLab((s) => Boolean(latest && s.flow?.items.some((i) => i.kind === 'call' && i.trace.callId === latest.callId)));
  const playCall = useLab((s) => s.playCall);
  if (!latest || inFlow) return null;
  return (
    <button type="button" className="btn btn-ghost btn-sm st-latest" onClick={() => playCall(latest.callId, { autoplay: true })}>
      <PlayIcon size={12} /> Play your latest call: <span className="mono">{latest.operation}</span>
    </button>
  );
}

function Stage() {
  const flow = useLab((s) => s.flow);
  const cursor = useLab((s) => s.decks.flow.cursor);
  const world = useLab((s) => s.world);
  const revision = useLab((s) => s.worldRevision);
  const view = useLab((s) => s.flowView);
  const speed = useLab((s) => s.speed);
  const theme = useLab((s) => s.theme);
  const presenting = useLab((s) => s.presenting);
  const reduced = useReducedMotion();
  const slices = useLab((s) => s.traceWorlds);
  // The world as the flow's calls left it (a demo's own world, or the slices kept with replayed
  // calls); only a flow with neither is drawn on today's world, re-read on every call and clock move.
  const own = useMemo(() => (flow ? worldOfFlow(flow, slices) : undefined), [flow, slices]);
  const snapshot = useMemo(() => own ?? (world ? snapshotOf(world.state) : { keys: {} }), [own, world, revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const picture = useMemo(() => (flow ? toFlow(snapshot, flow, cursor) : null), [snapshot, flow, cursor]);
  if (!flow || !picture) {
    return (
      <div className="st-empty">
        <StudioIcon size={40} className="st-empty__icon" />
        <p className="st-empty__title">No flow on the player yet</p>
        <p>Pick a demo flow above, press “Play this flow” under any call in Keys &amp; crypto, or click an event in the audit log.</p>
      </div>
    );
  }
  return view === 'graph' ? (
    <div className="st-canvas" role="region" aria-label={`Flow graph: ${flow.title}`}>
      <FlowCanvas picture={picture} flowId={flow.id} speed={speed} reduced={reduced} colorMode={presenting ? 'light' : theme} follow={presenting} />
    </div>
  ) : (
    <Transcript title={flow.title} />
  );
}

export default function StudioScreen() {
  usePlaybackClock();
  const flow = useLab((s) => s.flow);
  return (
    <div className="screen studio" id="studio">
      <div className="st-head">
        <div className="st-head__text">
          <h1 className="screen__title">
            Studio{flow && <span className="st-head__flow">: {flow.title}</span>}
          </h1>
          <p className="st-head__lede">{flow?.description ?? 'Watch KMS calls step by step, drawn from the engine’s own traces.'}</p>
        </div>
        <LatestCall />
      </div>
      <Demos />
      <div className="st-body">
        <div className="st-main">
          <Stage />
        </div>
        <aside className="st-side" aria-label="Steps and detail">
          <StepList />
          <StepDetail />
        </aside>
      </div>
      <Narration />
      <PlayerBar />
    </div>
  );
}
