/**
 * The audit log, CloudTrail-style: every call the app made (its own reads included, as the AWS
 * console's are), and the service events time produces. Filters; a virtualized table; clicking
 * an event replays its flow on the Studio's player.
 */
import { useEffect, useMemo, useRef, useState, type UIEvent } from 'react';
import { useLab } from '../../store';
import type { AuditEvent } from '@kms-lab/engine';
import { flowFromTrace, isReadOnlyOperation, shortArn, type Flow } from '../../timeline';
import { AuditIcon, CheckCircleIcon, StopIcon } from '../common/icons';
import { openFlowInStudio } from '../player/PlayFlowButton';
import '../flow/flow.css';

const ROW_H = 44;
const OVERSCAN = 8;

type Outcome = 'all' | 'success' | 'error';

function keyOf(e: AuditEvent): string | undefined {
  return e.resources?.[0]?.ARN ?? (typeof e.additionalEventData?.keyId === 'string' ? (e.additionalEventData.keyId as string) : undefined);
}

function callerOf(e: AuditEvent): string {
  if (e.userIdentity.invokedBy) return e.userIdentity.invokedBy;
  const arn = e.userIdentity.arn ?? '';
  return arn.endsWith(':root') ? `root (${e.userIdentity.accountId})` : (arn.split(':').pop() ?? arn);
}

function decisionOf(e: AuditEvent): { word: string; allow: boolean } | null {
  const d = e.accessDecisions?.at(-1);
  if (!d) return null;
  const allow = d.decision === 'Allow';
  return { word: allow ? 'Allowed' : d.decision === 'ExplicitDeny' ? 'Denied — explicit' : 'Denied — implicit', allow };
}

/** A service event (deletion, rotation) as a one-step flow. */
function serviceFlow(e: AuditEvent): Flow | null {
  const keyArn = keyOf(e);
  if (!keyArn || (e.eventName !== 'DeleteKey' && e.eventName !== 'RotateKey')) return null;
  const at = new Date(e.eventTime);
  return {
    id: e.eventID,
    title: `${e.eventName} (service event)`,
    items: [{ kind: 'clock', from: at, to: at, effects: [{ effect: e.eventName === 'DeleteKey' ? 'delete-key' : 'rotate-key', keyArn, at }] }],
  };
}

export default function AuditScreen() {
  const world = useLab((s) => s.world);
  const revision = useLab((s) => s.worldRevision);
  const traces = useLab((s) => s.traces);
  const [op, setOp] = useState('');
  const [outcome, setOutcome] = useState<Outcome>('all');
  const [key, setKey] = useState('');
  const [hideReads, setHideReads] = useState(true);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const scroller = useRef<HTMLDivElement>(null);

  // The log is the engine's (append-only); re-read it whenever a call or the clock changed the world.
  const log = useMemo(() => (world ? [...world.auditLog()].reverse() : []), [world, revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const operations = useMemo(() => [...new Set(log.map((e) => e.eventName))].sort(), [log]);
  const keys = useMemo(() => [...new Set(log.flatMap((e) => keyOf(e) ?? []))].sort(), [log]);
  const rows = useMemo(
    () =>
      log.filter(
        (e) =>
          (!hideReads || !isReadOnlyOperation(e.eventName)) &&
          (!op || e.eventName === op) &&
          (outcome === 'all' || (outcome === 'error' ? Boolean(e.errorCode) : !e.errorCode)) &&
          (!key || keyOf(e) === key),
      ),
    [log, hideReads, op, outcome, key],
  );

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_H) + OVERSCAN);
  const visible = rows.slice(first, last);

  const replay = (e: AuditEvent) => {
    const trace = e.callId ? traces[e.callId] : undefined;
    const flow = trace ? flowFromTrace(trace) : serviceFlow(e);
    if (flow) openFlowInStudio(flow);
  };

  return (
    <div className="screen audit" id="audit">
      <div className="screen__intro">
        <h1 className="screen__title">Audit log</h1>
        <p className="screen__lede">
          Every KMS call, as CloudTrail records it: who called, which key, what came of it. Plaintext and ciphertext are never logged. Click an event to replay it step by step.
        </p>
      </div>
      <form className="au-filters" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <label className="au-field">
          <span>Operation</span>
          <select className="select" value={op} onChange={(e) => setOp(e.target.value)}>
            <option value="">All operations</option>
            {operations.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <label className="au-field">
          <span>Outcome</span>
          <select className="select" value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
            <option value="all">Any outcome</option>
            <option value="success">Succeeded</option>
            <option value="error">Failed</option>
          </select>
        </label>
        <label className="au-field au-field--key">
          <span>Key</span>
          <select className="select" value={key} onChange={(e) => setKey(e.target.value)}>
            <option value="">All keys</option>
            {keys.map((k) => (
              <option key={k} value={k}>
                {shortArn(k)} ({k.split(':')[3]})
              </option>
            ))}
          </select>
        </label>
        <label className="pl-check au-check">
          <input type="checkbox" checked={hideReads} onChange={(e) => setHideReads(e.target.checked)} aria-describedby="au-reads-hint" />
          Hide reads (List, Describe, Get)
          <span id="au-reads-hint" className="sr-only">
            The console's own reads. CloudTrail also marks Encrypt and Decrypt read-only; they stay visible.
          </span>
        </label>
        <p className="au-count" role="status">
          {rows.length.toLocaleString('en')} of {log.length.toLocaleString('en')} events
        </p>
      </form>
      <div className="au-scroller" ref={scroller} onScroll={(e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)} tabIndex={0} role="region" aria-label="Audit events">
        <table className="au-table" aria-rowcount={rows.length + 1}>
          <caption className="sr-only">Audit events, newest first</caption>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">Time (simulated, UTC)</th>
              <th scope="col">Event</th>
              <th scope="col">Caller</th>
              <th scope="col">Key</th>
              <th scope="col">Result</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {first > 0 && (
              <tr aria-hidden="true" style={{ height: first * ROW_H }}>
                <td colSpan={6} />
              </tr>
            )}
            {visible.map((e, i) => {
              const d = decisionOf(e);
              const k = keyOf(e);
              const canReplay = (e.callId && traces[e.callId]) || serviceFlow(e);
              return (
                <tr key={e.eventID} aria-rowindex={first + i + 2} className={e.errorCode ? 'is-error' : ''} style={{ height: ROW_H }}>
                  <td className="mono au-time">{e.eventTime.replace('T', ' ').replace('Z', '')}</td>
                  <td>
                    {canReplay ? (
                      <button type="button" className="au-event" onClick={() => replay(e)} aria-label={`Replay ${e.eventName} at ${e.eventTime}`}>
                        <span className="mono">{e.eventName}</span>
                        {e.eventType === 'AwsServiceEvent' && <span className="au-svc">service</span>}
                      </button>
                    ) : (
                      <span className="mono" title="This call's trace is no longer kept (the app keeps the latest 500)">
                        {e.eventName}
                      </span>
                    )}
                  </td>
                  <td className="mono au-caller">{callerOf(e)}</td>
                  <td className="mono">{k ? shortArn(k) : '—'}</td>
                  <td>
                    {e.errorCode ? (
                      <span className="au-result au-result--error">
                        <StopIcon size={14} /> {e.errorCode}
                      </span>
                    ) : (
                      <span className="au-result au-result--ok">
                        <CheckCircleIcon size={14} /> Success
                      </span>
                    )}
                  </td>
                  <td>{d ? <span className={`au-decision ${d.allow ? 'is-allow' : 'is-deny'}`}>{d.word}</span> : <span className="muted">—</span>}</td>
                </tr>
              );
            })}
            {last < rows.length && (
              <tr aria-hidden="true" style={{ height: (rows.length - last) * ROW_H }}>
                <td colSpan={6} />
              </tr>
            )}
          </tbody>
        </table>
        {rows.length === 0 && (
          <p className="au-empty">
            <AuditIcon size={20} /> No events match these filters.
          </p>
        )}
      </div>
    </div>
  );
}
