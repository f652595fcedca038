/**
 * The live classroom slice: one connection to a KMS Lab endpoint's `GET /_lab/events` (Server-Sent
 * Events, src/timeline/live.ts for the shapes), the calls it has sent (newest last, bounded), the
 * world it holds, which call is on the player, and whether new calls play as they arrive.
 *
 * Nothing leaves the machine: the app opens an EventSource to the endpoint the user entered and
 * nothing else (when that fails, one fetch of the same URL reads why). Calls are played on the
 * store's flow deck with the keys their own event carried (`flow.world`), never the app's own world.
 */
import type { AuditEvent, CallTrace } from '@kms-lab/engine';
import { flowFromTrace, parseLiveCall, parseLiveGap, parseLiveWorld, shortArn, type Flow, type LiveWorld, type WorldSnapshot } from '../timeline';
import type { Slice } from './types';

/** How many calls the screen keeps (oldest dropped first). */
export const MAX_LIVE_CALLS = 500;

export type LiveStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface LiveCall {
  /** The SSE event id (`<run>.<n>`). */
  id: string;
  operation: string;
  /** The caller's ARN (CloudTrail's userIdentity.arn, else the trace's principal). */
  caller: string;
  keyArn?: string;
  outcome: 'success' | 'error';
  errorName?: string;
  errorMessage?: string;
  /** The authorization decision, when the call got that far. */
  decision?: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /** CloudTrail's eventTime (the server's simulated clock). */
  eventTime: string;
  trace: CallTrace;
  audit: AuditEvent;
  keys: WorldSnapshot;
}

export interface LiveConnection {
  /** The endpoint as entered, normalised (`http://127.0.0.1:4599`). */
  endpoint: string;
  /** Given as ?token= (signature checks on); never saved. */
  token: string;
  status: LiveStatus;
  /** Why the connection was refused, or why it is still trying. */
  reason: string | null;
  /** Something the stream said (a gap in the replay, an event that could not be read). */
  notice: string | null;
  calls: LiveCall[];
  world: LiveWorld | null;
  /** The call on the player (its event id). */
  selected: string | null;
  /** New calls play as they arrive (unless the player is paused mid-call). */
  follow: boolean;
}

export interface LiveSlice {
  live: LiveConnection;
  /** Opens the stream of `endpoint` (closing any other). Returns an error text for an endpoint that is not a URL. */
  liveConnect(endpoint: string, token?: string): string | null;
  liveDisconnect(): void;
  /** Puts a call on the player (and plays it). */
  liveSelect(id: string, options?: { autoplay?: boolean }): void;
  /** The next (1) or previous (-1) call: the clicker walks the calls. */
  liveStep(delta: number): void;
  liveSetFollow(on: boolean): void;
}

const IDLE: LiveConnection = { endpoint: '', token: '', status: 'idle', reason: null, notice: null, calls: [], world: null, selected: null, follow: true };

/** The endpoint as a base URL, or why it is not one. */
export function normaliseEndpoint(raw: string): { url: string } | { error: string } {
  const text = raw.trim();
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { error: `“${text.slice(0, 200)}” is not a URL: give the endpoint kms-server printed, e.g. http://127.0.0.1:4599.` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { error: `The endpoint must be http:// or https://, not ${u.protocol}` };
  if (u.username || u.password) return { error: 'The endpoint must not carry a user name or password.' };
  if (u.search || u.hash) return { error: 'Give the endpoint without ?… or #… (the token has its own field).' };
  return { url: `${u.origin}${u.pathname.replace(/\/+$/, '')}` };
}

/** `live=<endpoint>[&token=<token>]`, each part URL-encoded or not. */
export function parseLiveLink(h: string): { endpoint: string; token: string } {
  const rest = h.replace(/^live=/, '');
  const at = rest.indexOf('&token=');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return at < 0 ? { endpoint: decode(rest), token: '' } : { endpoint: decode(rest.slice(0, at)), token: decode(rest.slice(at + '&token='.length)) };
}

export function liveFlowId(call: Pick<LiveCall, 'id'>): string {
  return `live:${call.id}`;
}

/** A call as a flow for the player: its own trace, drawn with the keys its event carried. */
export function liveFlow(call: LiveCall): Flow {
  const who = call.caller.endsWith(':root') ? 'the account root' : shortArn(call.caller);
  return {
    ...flowFromTrace(call.trace, `${call.operation} by ${who}`),
    id: liveFlowId(call),
    description: `A live call to ${call.trace.region}, from the server's own trace${call.outcome === 'error' ? `: ${call.errorName ?? 'failed'}` : ''}.`,
    world: call.keys,
  };
}

function toLiveCall(id: string, data: string): LiveCall {
  const { audit, trace, keys } = parseLiveCall(data);
  const auth = trace.events.filter((e) => e.type === 'authorize');
  const denied = auth.find((e) => e.type === 'authorize' && e.decision !== 'Allow') ?? auth.at(-1);
  const resolved = trace.events.find((e) => e.type === 'resolve-key' || e.type === 'state-change');
  const keyArn = (resolved && 'keyArn' in resolved ? resolved.keyArn : undefined) ?? audit.resources?.[0]?.ARN;
  return {
    id,
    operation: trace.operation,
    caller: audit.userIdentity.arn ?? trace.principal,
    ...(keyArn ? { keyArn } : {}),
    outcome: trace.outcome,
    ...(trace.error ? { errorName: trace.error.name, errorMessage: trace.error.message } : {}),
    ...(denied?.type === 'authorize' ? { decision: denied.decision } : {}),
    eventTime: audit.eventTime,
    trace,
    audit,
    keys,
  };
}

// The connection itself is not state (zustand keeps data); one at a time.
let source: EventSource | null = null;
let generation = 0;

export const createLiveSlice: Slice<LiveSlice> = (set, get) => {
  const patch = (p: Partial<LiveConnection>) => set((s) => ({ live: { ...s.live, ...p } }));

  /** Whether the presenter has paused the player in the middle of a live call. */
  const pausedMidCall = () => {
    const s = get();
    const deck = s.decks.flow;
    return s.live.selected !== null && deck.key === `live:${s.live.selected}` && !deck.playing && deck.cursor < deck.steps.length - 1;
  };

  /**
   * An EventSource error says nothing (no status, no body): read the same URL once to learn why.
   * A page not allowed by the server's CORS settings cannot read anything, so an opaque request
   * tells "the server answers, but not to this page" from "nothing answers".
   */
  const diagnose = async (url: string, gen: number) => {
    const controller = new AbortController();
    let verdict: { refused: boolean; reason: string };
    try {
      const r = await fetch(url, { cache: 'no-store', signal: controller.signal });
      if (r.ok) verdict = { refused: false, reason: '' };
      else {
        let message = r.statusText;
        try {
          const body = (await r.json()) as { __type?: unknown; message?: unknown };
          message = `${typeof body.__type === 'string' ? `${body.__type}: ` : ''}${typeof body.message === 'string' ? body.message : ''}`;
        } catch {
          /* not JSON: the status says it */
        }
        verdict = { refused: r.status !== 503, reason: `HTTP ${r.status} ${message}`.trim() };
      }
    } catch {
      try {
        await fetch(url, { mode: 'no-cors', cache: 'no-store', signal: controller.signal });
        verdict = { refused: true, reason: `The server at ${new URL(url).origin} answers but does not let pages from ${location.origin} read its events (CORS). Start it with: npm run kms-server -- --allow-origin ${location.origin}` };
      } catch {
        verdict = { refused: false, reason: `No answer from ${new URL(url).origin}: is npm run kms-server running there? Trying again…` };
      }
    } finally {
      controller.abort();
    }
    if (gen !== generation) return;
    if (verdict.refused) {
      source?.close();
      source = null;
      patch({ status: 'refused', reason: verdict.reason });
    } else if (verdict.reason && get().live.status !== 'live') patch({ reason: verdict.reason });
  };

  return {
    live: IDLE,

    liveConnect(endpoint, token = '') {
      const n = normaliseEndpoint(endpoint);
      if ('error' in n) {
        get().liveDisconnect();
        patch({ endpoint: endpoint.trim(), status: 'refused', reason: n.error });
        return n.error;
      }
      source?.close();
      const gen = ++generation;
      const t = token.trim();
      const url = `${n.url}/_lab/events${t ? `?token=${encodeURIComponent(t)}` : ''}`;
      const sameServer = get().live.endpoint === n.url;
      set((s) => ({ live: { ...IDLE, follow: s.live.follow, endpoint: n.url, token: t, status: 'connecting', ...(sameServer ? { calls: s.live.calls, selected: s.live.selected } : {}) } }));
      let es: EventSource;
      try {
        es = new EventSource(url);
      } catch (e) {
        patch({ status: 'refused', reason: (e as Error).message });
        return (e as Error).message;
      }
      source = es;
      const mine = () => gen === generation;
      es.onopen = () => {
        if (mine()) patch({ status: 'live', reason: null });
      };
      es.onerror = () => {
        if (!mine()) return;
        const closed = es.readyState === EventSource.CLOSED;
        const wasLive = get().live.status === 'live';
        patch({ status: wasLive || get().live.status === 'reconnecting' ? 'reconnecting' : 'connecting' });
        if (closed || !wasLive) void diagnose(url, gen);
        if (closed && mine()) {
          // EventSource gave up (an HTTP error); diagnose() says why. Until it does, keep the state honest.
          patch({ status: 'refused', reason: get().live.reason ?? 'The server refused the stream.' });
        }
      };
      es.addEventListener('call', (e) => {
        if (!mine()) return;
        const ev = e as MessageEvent<string>;
        let call: LiveCall;
        try {
          call = toLiveCall(ev.lastEventId, ev.data);
        } catch (err) {
          patch({ notice: `An event from the server could not be read (${(err as Error).message}); it is left out.` });
          return;
        }
        const s = get();
        if (s.live.calls.some((c) => c.id === call.id)) return;
        const calls = [...s.live.calls, call].slice(-MAX_LIVE_CALLS);
        patch({ calls, ...(s.live.selected && !calls.some((c) => c.id === s.live.selected) ? { selected: null } : {}) });
        if (s.live.follow && !pausedMidCall()) get().liveSelect(call.id, { autoplay: true });
      });
      es.addEventListener('world', (e) => {
        if (!mine()) return;
        try {
          patch({ world: parseLiveWorld((e as MessageEvent<string>).data) });
        } catch (err) {
          patch({ notice: `The server's keys could not be read (${(err as Error).message}).` });
        }
      });
      es.addEventListener('gap', (e) => {
        if (!mine()) return;
        try {
          patch({ notice: parseLiveGap((e as MessageEvent<string>).data).message });
        } catch (err) {
          patch({ notice: `The server said the stream has a gap, in a form this app cannot read (${(err as Error).message}).` });
        }
      });
      return null;
    },

    liveDisconnect() {
      generation++;
      source?.close();
      source = null;
      set((s) => ({ live: { ...s.live, status: 'idle', reason: null } }));
    },

    liveSelect(id, options) {
      const call = get().live.calls.find((c) => c.id === id);
      if (!call) return;
      patch({ selected: id });
      get().playFlow(liveFlow(call), { autoplay: options?.autoplay ?? true, whilePresenting: true });
    },

    liveStep(delta) {
      const { calls, selected } = get().live;
      if (!calls.length) return;
      const at = calls.findIndex((c) => c.id === selected);
      const next = Math.max(0, Math.min(calls.length - 1, (at < 0 ? calls.length : at) + delta));
      if (calls[next].id !== selected) get().liveSelect(calls[next].id, { autoplay: true });
    },

    liveSetFollow(on) {
      patch({ follow: on });
      const { calls, selected } = get().live;
      // Resuming plays the newest call, if it is not the one on the player already.
      if (on && calls.length && calls.at(-1)!.id !== selected) get().liveSelect(calls.at(-1)!.id, { autoplay: true });
    },
  };
};
