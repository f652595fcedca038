/**
 * The Live screen (live classroom): the calls a KMS Lab endpoint (`npm run kms-server`) answers,
 * as they happen — typed by the teacher with the real AWS CLI, watched by the class. Each call is
 * animated on the Studio's canvas and player from the trace the server sent; a denied call opens
 * the decision view on that call's own evaluation; the server's keys come from its world events.
 * Reaches everything through the store's live slice. Lazy-loaded (React Flow lives in this chunk).
 */
import { lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useLab, evaluationOf, liveFlowId, type LabDecision, type LiveCall, type LiveStatus } from '../../store';
import { shortArn, toFlow } from '../../timeline';
import { FlowCanvas } from '../flow/FlowCanvas';
import { Narration } from '../player/Narration';
import { PlayerBar } from '../player/PlayerBar';
import { Transcript } from '../player/Transcript';
import { usePlaybackClock, useReducedMotion } from '../player/hooks';
import '../flow/flow.css';
import '../policy/lab.css';
import './live.css';

const DecisionView = lazy(() => import('../decision/DecisionView').then((m) => ({ default: m.DecisionView })));

const STATUS_WORDS: Record<LiveStatus, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  refused: 'Refused',
};

const DECISION_WORDS = { Allow: 'Allowed', ExplicitDeny: 'Denied — explicit deny', ImplicitDeny: 'Denied — nothing allowed it' } as const;

// One decision id per call's trace (the decision deck is keyed by it), never reused for another call.
const decisionIds = new WeakMap<object, number>();
let decisionSeq = 2_000_000_000;
function decisionIdOf(trace: object): number {
  let id = decisionIds.get(trace);
  if (id === undefined) decisionIds.set(trace, (id = ++decisionSeq));
  return id;
}

function callerName(arn: string): string {
  return arn.endsWith(':root') ? `root (${arn.split(':')[4]})` : shortArn(arn);
}

function ConnectForm() {
  const live = useLab((s) => s.live);
  const connect = useLab((s) => s.liveConnect);
  const disconnect = useLab((s) => s.liveDisconnect);
  const [endpoint, setEndpoint] = useState(live.endpoint || 'http://127.0.0.1:4599');
  const [token, setToken] = useState(live.token);
  // A link (#live=…) connects from outside the form: show what it connected to.
  useEffect(() => {
    if (live.endpoint) setEndpoint(live.endpoint);
    setToken(live.token);
  }, [live.endpoint, live.token]);
  const connected = live.status === 'live' || live.status === 'connecting' || live.status === 'reconnecting';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (connected) disconnect();
    else connect(endpoint, token);
  };
  return (
    <form className="lv-connect" onSubmit={submit} aria-label="Connect to a KMS Lab endpoint">
      <label className="lv-field">
        <span>Endpoint</span>
        <input className="input mono" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} disabled={connected} spellCheck={false} autoComplete="off" placeholder="http://127.0.0.1:4599" />
      </label>
      <label className="lv-field lv-field--token">
        <span>Token (only when kms-server printed one)</span>
        <input className="input mono" value={token} onChange={(e) => setToken(e.target.value)} disabled={connected} spellCheck={false} autoComplete="off" />
      </label>
      <button type="submit" className={`btn btn-sm ${connected ? '' : 'btn-primary'}`}>
        {connected ? 'Disconnect' : 'Connect'}
      </button>
    </form>
  );
}

function Status() {
  const status = useLab((s) => s.live.status);
  const reason = useLab((s) => s.live.reason);
  const endpoint = useLab((s) => s.live.endpoint);
  const notice = useLab((s) => s.live.notice);
  return (
    <div className="lv-statusbar">
      <p className={`lv-status lv-status--${status}`} role="status" aria-label="Connection">
        <span className="lv-status__dot" aria-hidden="true" />
        <strong>{STATUS_WORDS[status]}</strong>
        {endpoint && status !== 'idle' && <span className="mono"> {endpoint}</span>}
        {reason && <span className="lv-status__reason">: {reason}</span>}
      </p>
      {notice && (
        <p className="lv-notice" role="note">
          {notice}
        </p>
      )}
    </div>
  );
}

function CallRow({ call, selected }: { call: LiveCall; selected: boolean }) {
  const select = useLab((s) => s.liveSelect);
  const ok = call.outcome === 'success';
  return (
    <li className={`lv-call${selected ? ' is-selected' : ''}${ok ? '' : ' is-failed'}`}>
      <button type="button" className="lv-call__btn" aria-current={selected ? 'true' : undefined} onClick={() => select(call.id, { autoplay: true })}>
        <span className="lv-call__op mono">{call.operation}</span>
        <span className="lv-call__outcome">{ok ? 'OK' : call.errorName}</span>
        <span className="lv-call__who">{callerName(call.caller)}</span>
        {call.keyArn && <span className="lv-call__key mono">{shortArn(call.keyArn)}</span>}
        <span className="lv-call__time">{call.eventTime.slice(11, 19)}</span>
      </button>
    </li>
  );
}

function CallList() {
  const calls = useLab((s) => s.live.calls);
  const selected = useLab((s) => s.live.selected);
  const follow = useLab((s) => s.live.follow);
  const setFollow = useLab((s) => s.liveSetFollow);
  const newest = useMemo(() => [...calls].reverse(), [calls]);
  const waiting = useMemo(() => {
    const at = calls.findIndex((c) => c.id === selected);
    return at < 0 ? 0 : calls.length - 1 - at;
  }, [calls, selected]);
  return (
    <section className="lv-calls" aria-labelledby="lv-calls-title">
      <div className="lv-calls__head">
        <h2 id="lv-calls-title" className="lab-h2">
          Calls <span className="muted">({calls.length})</span>
        </h2>
        <button type="button" className="btn btn-ghost btn-xs" aria-pressed={!follow} onClick={() => setFollow(!follow)}>
          {follow ? 'Pause live' : 'Resume live'}
        </button>
      </div>
      <p className="lv-calls__hint muted">{follow ? 'Each new call plays as it arrives (unless you pause the player).' : `Paused: new calls wait here${waiting ? ` (${waiting} newer than the one on the player)` : ''}.`}</p>
      {calls.length === 0 ? (
        <p className="lv-empty">No calls yet. Make one with the AWS CLI, e.g. aws --endpoint-url … kms create-key.</p>
      ) : (
        <ol className="lv-calls__list" aria-label="Calls, newest first" reversed>
          {newest.map((c) => (
            <CallRow key={c.id} call={c} selected={c.id === selected} />
          ))}
        </ol>
      )}
    </section>
  );
}

function Keys() {
  const world = useLab((s) => s.live.world);
  if (!world) return null;
  return (
    <section className="lv-keys" aria-labelledby="lv-keys-title">
      <h2 id="lv-keys-title" className="lab-h2">
        Keys on the server <span className="muted">({world.keys.length})</span>
      </h2>
      {world.keys.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="lv-keys__list" aria-label="Keys on the server">
          {world.keys.map((k) => (
            <li key={k.arn} className="lv-key">
              <span className="lv-key__name">{k.aliases[0] ?? (k.description || k.keyId)}</span>
              <span className="lv-key__id mono">{k.keyId}</span>
              <span className="lv-key__meta">
                {k.state} · {k.keySpec} · {k.region}
                {k.aliases.length > 0 && k.description ? ` · ${k.description}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {world.grants.length > 0 && <p className="muted">Grants: {world.grants.length}</p>}
    </section>
  );
}

function Stage({ call }: { call: LiveCall }) {
  const flow = useLab((s) => s.flow);
  const cursor = useLab((s) => s.decks.flow.cursor);
  const view = useLab((s) => s.flowView);
  const speed = useLab((s) => s.speed);
  const theme = useLab((s) => s.theme);
  const presenting = useLab((s) => s.presenting);
  const reduced = useReducedMotion();
  const onPlayer = flow?.id === liveFlowId(call) ? flow : null;
  // The keys as this call left them, from its own event (never the app's own workspace).
  const picture = useMemo(() => (onPlayer ? toFlow(onPlayer.world ?? call.keys, onPlayer, cursor) : null), [onPlayer, call.keys, cursor]);
  if (!onPlayer || !picture) {
    return (
      <div className="lv-stage__empty">
        <p>This call is not on the player.</p>
        <button type="button" className="btn btn-sm" onClick={() => useLab.getState().liveSelect(call.id, { autoplay: true })}>
          Play it
        </button>
      </div>
    );
  }
  return (
    <div className="lv-flow">
      <h2 className="lv-flow__title">
        <span className="mono">{call.operation}</span> by {callerName(call.caller)}
        {call.outcome === 'error' && <span className="lv-flow__error">: {call.errorName}</span>}
      </h2>
      {view === 'graph' ? (
        <div className="lv-canvas" role="region" aria-label={`Flow graph: ${onPlayer.title}`}>
          <FlowCanvas picture={picture} flowId={onPlayer.id} speed={speed} reduced={reduced} colorMode={presenting ? 'light' : theme} follow={presenting} />
        </div>
      ) : (
        <div className="lv-transcript">
          <Transcript title={onPlayer.title} />
        </div>
      )}
      <Narration />
      <PlayerBar />
    </div>
  );
}

/** The decision view on the call's own evaluation (the authorize event of the trace the server sent). */
function Decision({ call }: { call: LiveCall }) {
  const evaluation = useMemo(() => evaluationOf(call.trace), [call.trace]);
  const decision = useMemo<LabDecision | null>(() => {
    if (!evaluation) return null;
    const r = evaluation.request;
    const title = `${r.action} by ${callerName(r.principal.arn)}${r.resource === '*' ? '' : ` on ${shortArn(r.resource)}`}`;
    return { id: decisionIdOf(call.trace), source: 'call', title, evaluation, input: null };
  }, [evaluation, call.trace]);
  if (!decision || decision.evaluation.decision === 'Allow') return null;
  return (
    <div className="lv-decision">
      <Suspense fallback={<p className="muted">Loading the decision view…</p>}>
        <DecisionView key={call.id} decision={decision} predict={false} policies={{ kind: 'none' }} autoplay />
      </Suspense>
    </div>
  );
}

export default function LiveScreen() {
  usePlaybackClock();
  const calls = useLab((s) => s.live.calls);
  const selectedId = useLab((s) => s.live.selected);
  const presenting = useLab((s) => s.presenting);
  const selected = calls.find((c) => c.id === selectedId) ?? null;

  // Presenting: the clicker walks the calls (next / back), and the presenter window says where.
  useEffect(() => {
    if (!presenting) return;
    const lab = useLab.getState();
    lab.setStepper({ next: () => useLab.getState().liveStep(1), back: () => useLab.getState().liveStep(-1) });
    return () => useLab.getState().setStepper(null);
  }, [presenting]);
  const position = selected ? calls.indexOf(selected) : -1;
  useEffect(() => {
    if (!presenting || !selected) return;
    const next = calls[position + 1];
    useLab.getState().setPresenterNotes({
      title: `Live: ${selected.operation}`,
      position: `Call ${position + 1} of ${calls.length}`,
      current: selected.outcome === 'success' ? `${selected.operation} by ${callerName(selected.caller)} succeeded.` : `${selected.operation} by ${callerName(selected.caller)} failed: ${selected.errorName}: ${selected.errorMessage}`,
      ...(next ? { next: `${next.operation} by ${callerName(next.caller)}` } : {}),
      ...(selected.decision ? { extra: [DECISION_WORDS[selected.decision]] } : {}),
    });
    return () => useLab.getState().setPresenterNotes(null);
  }, [presenting, selected, position, calls]);

  return (
    <div className="screen live-screen" id="live">
      <div className="lv-head">
        <h1 className="screen__title">Live classroom</h1>
        <p className="screen__lede">
          The calls a KMS Lab endpoint (<span className="mono">npm run kms-server</span>) answers, as they happen — type them with the real AWS CLI and watch each one here, animated from the
          server’s own trace. This page talks to the endpoint you enter and nothing else.
        </p>
      </div>
      <ConnectForm />
      <Status />
      <div className="lv-body">
        <CallList />
        <div className="lv-main">
          {selected ? (
            <>
              <Stage call={selected} />
              <Decision call={selected} />
            </>
          ) : (
            <div className="lv-stage__empty">
              <p>The newest call plays here as soon as it arrives.</p>
            </div>
          )}
        </div>
        <Keys />
      </div>
    </div>
  );
}
