/**
 * The live classroom's wire format (`GET /_lab/events` on `npm run kms-server`, read by the app's
 * Live screen): one copy of the shapes, shared by the server that writes them and the app that
 * reads them. Pure TypeScript.
 *
 * - `event: call` — one KMS call: the CloudTrail-shaped audit event, the engine's trace of the call
 *   (the same `CallTrace` the Studio animates; dates as ISO strings on the wire) and the slice of
 *   the world that call showed when it ran (the keys it names, as `sliceOf` takes it in the app).
 * - `event: world` — the keys (with aliases, material versions and key policy), grants and IAM
 *   principals (with their policies; never access keys or secrets) the server holds.
 * - `event: gap` — the `Last-Event-ID` a client reconnected with could not be continued from.
 *
 * Reading never trusts the sender: `parseLiveCall` / `parseLiveWorld` check every field the app
 * uses and turn the trace's dates back into `Date`s; anything else is a `LiveFormatError`.
 */
import type { AuditEvent, CallTrace, KmsEvent, WorldState } from '@kms-lab/engine';
import { snapshotOf, type KeySnapshot, type WorldSnapshot } from './project';

export interface LiveKey extends KeySnapshot {
  accountId: string;
  keySpec: string;
  keyUsage: string;
  origin: string;
  keyManager: string;
  multiRegion: boolean;
  /** ISO 8601. */
  creationDate: string;
  deletionDate?: string;
  rotationEnabled: boolean;
  /** The key policy as stored (the text the caller gave, or AWS's default). */
  policy: string;
}

export interface LiveGrant {
  grantId: string;
  keyArn: string;
  name?: string;
  granteePrincipal: string;
  retiringPrincipal?: string;
  operations: string[];
  constraints?: Record<string, unknown>;
  creationDate: string;
}

export interface LivePrincipal {
  arn: string;
  /** Identity-based policies: name and document. */
  policies: { name: string; document: string }[];
  permissionsBoundary?: string;
  tags: Record<string, string>;
}

export interface LiveWorld {
  /** The server's simulated clock. */
  now: string;
  keys: LiveKey[];
  grants: LiveGrant[];
  principals: LivePrincipal[];
}

export interface LiveCall {
  audit: AuditEvent;
  trace: CallTrace;
  /** The keys the call names, as the call left them. */
  keys: WorldSnapshot;
}

export type LiveGapReason = 'older-than-buffer' | 'other-run' | 'unknown-id';

export interface LiveGap {
  reason: LiveGapReason;
  /** The Last-Event-ID the client sent (cut to 100 characters). */
  lastEventId: string;
  /** Calls and world changes lost for good (older-than-buffer only). */
  missed?: number;
  message: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What the server sends as `event: world`: everything the app draws, nothing secret. */
export function liveWorldOf(state: WorldState): LiveWorld {
  const slim = snapshotOf(state).keys;
  const keys: LiveKey[] = Object.values(state.keys)
    .sort((a, b) => a.seq - b.seq)
    .map((k) => ({
      ...slim[k.arn],
      accountId: k.accountId,
      keySpec: k.keySpec,
      keyUsage: k.keyUsage,
      origin: k.origin,
      keyManager: k.keyManager,
      multiRegion: k.multiRegion,
      creationDate: iso(k.creationDate),
      ...(k.deletionDate !== undefined ? { deletionDate: iso(k.deletionDate) } : {}),
      rotationEnabled: Boolean(k.rotation?.enabled),
      policy: k.policy,
    }));
  const grants: LiveGrant[] = Object.values(state.grants)
    .sort((a, b) => a.creationDate - b.creationDate)
    .map((g) => ({
      grantId: g.grantId,
      keyArn: g.keyArn,
      ...(g.name !== undefined ? { name: g.name } : {}),
      granteePrincipal: g.granteePrincipal,
      ...(g.retiringPrincipal !== undefined ? { retiringPrincipal: g.retiringPrincipal } : {}),
      operations: [...g.operations],
      ...(g.constraints ? { constraints: structuredClone(g.constraints) as Record<string, unknown> } : {}),
      creationDate: iso(g.creationDate),
    }));
  // Never the access key id or the secret: the stream is for the class to watch.
  const principals: LivePrincipal[] = Object.values(state.identities.principals)
    .map((p) => ({
      arn: p.arn,
      policies: p.policies.map((x) => ({ name: x.name, document: x.document })),
      ...(p.permissionsBoundary ? { permissionsBoundary: p.permissionsBoundary.name } : {}),
      tags: { ...p.tags },
    }))
    .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  return { now: iso(state.clockMs), keys, grants, principals };
}

// ---- reading (the app) ----

export class LiveFormatError extends Error {
  override name = 'LiveFormatError';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (what: string): never => {
  throw new LiveFormatError(what);
};
const str = (o: Obj, k: string, where: string): string => (typeof o[k] === 'string' ? (o[k] as string) : fail(`${where}.${k} is not a string`));
const optStr = (o: Obj, k: string, where: string): string | undefined => (o[k] === undefined ? undefined : str(o, k, where));
const date = (o: Obj, k: string, where: string): Date => {
  const d = new Date(str(o, k, where));
  return Number.isNaN(d.getTime()) ? fail(`${where}.${k} is not a date`) : d;
};
const arr = (o: Obj, k: string, where: string): unknown[] => (Array.isArray(o[k]) ? (o[k] as unknown[]) : fail(`${where}.${k} is not a list`));

/** Copies own enumerable data into a fresh object (a `__proto__` key stays a plain key). */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: plain(x), enumerable: true, writable: true, configurable: true });
  return out;
}

const DECISIONS = new Set(['Allow', 'ExplicitDeny', 'ImplicitDeny']);

function readEvent(v: unknown, i: number): KmsEvent {
  const where = `trace.events[${i}]`;
  if (!isObj(v)) return fail(`${where} is not an object`);
  const e = plain(v) as Obj;
  const type = str(e, 'type', where);
  e.at = date(e, 'at', where);
  if (type === 'time-effect') e.dueAt = date(e, 'dueAt', where);
  if (type === 'crypto' && e.validTo !== undefined) e.validTo = date(e, 'validTo', where);
  if (type === 'authorize') {
    str(e, 'action', where);
    if (!DECISIONS.has(e.decision as string)) fail(`${where}.decision is not Allow, ExplicitDeny or ImplicitDeny`);
    const ev = e.evaluation;
    const check = (x: unknown, w: string) => {
      if (!isObj(x) || !DECISIONS.has(x.decision as string) || typeof x.summary !== 'string' || !Array.isArray(x.layers) || !Array.isArray(x.decidedBy) || !Array.isArray(x.missingContextKeys) || !Array.isArray(x.errors) || !isObj(x.request))
        fail(`${w} is not a policy evaluation`);
    };
    if (ev !== undefined) {
      if (Array.isArray(ev)) ev.forEach((x, j) => (isObj(x) ? check(x.evaluation, `${where}.evaluation[${j}].evaluation`) : fail(`${where}.evaluation[${j}] is not an object`)));
      else check(ev, `${where}.evaluation`);
    }
  }
  if (type === 'error') {
    str(e, 'name', where);
    str(e, 'message', where);
  }
  return e as unknown as KmsEvent;
}

function readTrace(v: unknown): CallTrace {
  if (!isObj(v)) return fail('trace is not an object');
  const outcome = v.outcome;
  if (outcome !== 'success' && outcome !== 'error') fail('trace.outcome is not success or error');
  const error = v.error === undefined ? undefined : isObj(v.error) ? { name: str(v.error, 'name', 'trace.error'), message: str(v.error, 'message', 'trace.error') } : fail('trace.error is not an object');
  return {
    callId: str(v, 'callId', 'trace'),
    operation: str(v, 'operation', 'trace'),
    region: str(v, 'region', 'trace'),
    principal: str(v, 'principal', 'trace'),
    startedAt: date(v, 'startedAt', 'trace'),
    events: arr(v, 'events', 'trace').map(readEvent),
    outcome: outcome as CallTrace['outcome'],
    ...(error ? { error } : {}),
  };
}

function readKeySnapshot(v: unknown, where: string): KeySnapshot {
  if (!isObj(v)) return fail(`${where} is not an object`);
  const materials = arr(v, 'materials', where).map((m, i) => {
    if (!isObj(m) || typeof m.id !== 'string' || typeof m.createdAt !== 'number') return fail(`${where}.materials[${i}] is not a material version`);
    return { id: m.id, createdAt: m.createdAt };
  });
  const aliases = arr(v, 'aliases', where).map((a, i) => (typeof a === 'string' ? a : fail(`${where}.aliases[${i}] is not a string`)));
  const current = optStr(v, 'current', where);
  return { arn: str(v, 'arn', where), keyId: str(v, 'keyId', where), region: str(v, 'region', where), description: str(v, 'description', where), state: str(v, 'state', where), aliases, materials, ...(current ? { current } : {}) };
}

function readSnapshot(v: unknown, where: string): WorldSnapshot {
  if (!isObj(v) || !isObj(v.keys)) return fail(`${where}.keys is not an object`);
  const keys: Record<string, KeySnapshot> = {};
  for (const [arn, k] of Object.entries(v.keys)) {
    const key = readKeySnapshot(k, `${where}.keys[${JSON.stringify(arn)}]`);
    if (key.arn !== arn) fail(`${where}.keys[${JSON.stringify(arn)}] names another key`);
    Object.defineProperty(keys, arn, { value: key, enumerable: true, writable: true, configurable: true });
  }
  return { keys };
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail('the data is not JSON');
  }
}

/** Reads an `event: call`'s data. Throws LiveFormatError naming the first field that is wrong. */
export function parseLiveCall(text: string): LiveCall {
  const v = json(text);
  if (!isObj(v)) return fail('the data is not an object');
  if (!isObj(v.audit)) return fail('audit is not an object');
  const audit = plain(v.audit) as Obj;
  str(audit, 'eventName', 'audit');
  str(audit, 'eventTime', 'audit');
  if (!isObj(audit.userIdentity)) fail('audit.userIdentity is not an object');
  const trace = readTrace(v.trace);
  return { audit: audit as unknown as AuditEvent, trace, keys: readSnapshot(v.keys, 'keys') };
}

/** Reads an `event: world`'s data. */
export function parseLiveWorld(text: string): LiveWorld {
  const v = json(text);
  if (!isObj(v)) return fail('the data is not an object');
  const keys = arr(v, 'keys', 'world').map((k, i) => {
    const where = `world.keys[${i}]`;
    const snap = readKeySnapshot(k, where);
    const o = k as Obj;
    const deletionDate = optStr(o, 'deletionDate', where);
    return {
      ...snap,
      accountId: str(o, 'accountId', where),
      keySpec: str(o, 'keySpec', where),
      keyUsage: str(o, 'keyUsage', where),
      origin: str(o, 'origin', where),
      keyManager: str(o, 'keyManager', where),
      multiRegion: o.multiRegion === true,
      creationDate: str(o, 'creationDate', where),
      ...(deletionDate ? { deletionDate } : {}),
      rotationEnabled: o.rotationEnabled === true,
      policy: str(o, 'policy', where),
    } satisfies LiveKey;
  });
  const grants = arr(v, 'grants', 'world').map((g, i) => {
    const where = `world.grants[${i}]`;
    if (!isObj(g)) return fail(`${where} is not an object`);
    const name = optStr(g, 'name', where);
    const retiring = optStr(g, 'retiringPrincipal', where);
    return {
      grantId: str(g, 'grantId', where),
      keyArn: str(g, 'keyArn', where),
      ...(name !== undefined ? { name } : {}),
      granteePrincipal: str(g, 'granteePrincipal', where),
      ...(retiring !== undefined ? { retiringPrincipal: retiring } : {}),
      operations: arr(g, 'operations', where).map((x, j) => (typeof x === 'string' ? x : fail(`${where}.operations[${j}] is not a string`))),
      ...(isObj(g.constraints) ? { constraints: plain(g.constraints) as Record<string, unknown> } : {}),
      creationDate: str(g, 'creationDate', where),
    } satisfies LiveGrant;
  });
  const principals = arr(v, 'principals', 'world').map((p, i) => {
    const where = `world.principals[${i}]`;
    if (!isObj(p)) return fail(`${where} is not an object`);
    const boundary = optStr(p, 'permissionsBoundary', where);
    return {
      arn: str(p, 'arn', where),
      policies: arr(p, 'policies', where).map((x, j) => (isObj(x) ? { name: str(x, 'name', `${where}.policies[${j}]`), document: str(x, 'document', `${where}.policies[${j}]`) } : fail(`${where}.policies[${j}] is not an object`))),
      ...(boundary !== undefined ? { permissionsBoundary: boundary } : {}),
      tags: isObj(p.tags) ? (plain(p.tags) as Record<string, string>) : {},
    } satisfies LivePrincipal;
  });
  return { now: str(v, 'now', 'world'), keys, grants, principals };
}

/** Reads an `event: gap`'s data. */
export function parseLiveGap(text: string): LiveGap {
  const v = json(text);
  if (!isObj(v)) return fail('the data is not an object');
  const reason = v.reason;
  if (reason !== 'older-than-buffer' && reason !== 'other-run' && reason !== 'unknown-id') fail('gap.reason is not one the app knows');
  return { reason: reason as LiveGapReason, lastEventId: str(v, 'lastEventId', 'gap'), ...(typeof v.missed === 'number' ? { missed: v.missed } : {}), message: str(v, 'message', 'gap') };
}
