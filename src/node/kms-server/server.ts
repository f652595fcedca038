// The KMS endpoint (docs/kms-endpoint.md): the engine behind the real AWS KMS wire
// protocol, AWS JSON 1.1, so the AWS CLI, the SDKs and the AWS Encryption SDK work against it
// unchanged. A thin adapter:
//
//   HTTP request ─► body (≤ 1 MiB, streamed and counted) ─► X-Amz-Target ─► SigV4: caller and Region
//     ─► JSON checked against the API model (blobs base64 → bytes) ─► world.client(caller, region).<op>()
//     ─► saved to --state DIR (before answering) ─► JSON response (bytes → base64, dates → epoch s)
//
// Errors are `{"__type", "message"}` with HTTP 400 (5xx for AWS's faults), as each SDK expects.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createWorld, DEFAULT_PRINCIPAL, KmsError, REGION_PATTERN, type CryptoPort, type World, type WorldState } from '@kms-lab/engine';
import { LiveEvents, type LiveEventsOptions } from './live-events';
import { decodeRequest, encodeResponse, isOperation, KMS_MODEL, statusOf, WireError } from './model';
import { worldFromScenario } from './scenario';
import { parseAuthorization, verifySignature } from './sigv4';
import { MAX_CLOCK_MS, StateDir, type Snapshot, type WorldMode } from './store';
import { Vault } from './vault';

export const BODY_LIMIT = 1024 * 1024;

export interface KmsServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** A kms-scenario/1 file to load. */
  scenarioFile?: string;
  /**
   * Builds the world to serve, with key material from `crypto` (the same hook as --scenario; callers
   * are then recognised by the principals' access keys). For tests and embedding.
   */
  loadWorld?: (crypto: CryptoPort) => Promise<World>;
  /** Keep the world here across restarts. */
  stateDir?: string;
  /** Where the simulated clock starts without a scenario or a saved world (default: now). */
  now?: Date;
  /** Largest request body accepted (default 1 MiB). */
  bodyLimit?: number;
  /** A request (headers and body) must arrive within this time (default 30 s). */
  requestTimeoutMs?: number;
  /** Headers must arrive within this time (default 10 s). */
  headersTimeoutMs?: number;
  /** Diagnostics (default: stderr). */
  log?: (line: string) => void;
  /**
   * Origins (scheme://host:port) whose pages may read GET /_lab/events (CORS). Default: the app
   * under `npm start`, http://127.0.0.1:5173 and http://localhost:5173. Nothing else gets CORS.
   */
  allowOrigins?: string[];
  /** Buffer, heartbeat and client limits of GET /_lab/events. */
  live?: LiveEventsOptions;
}

/** The app's origin under `npm start` (vite on 127.0.0.1:5173), by either name. */
const DEFAULT_ALLOWED_ORIGINS = ['http://127.0.0.1:5173', 'http://localhost:5173'];

export interface RunningKmsServer {
  url: string;
  host: string;
  port: number;
  server: Server;
  /** The current world (it changes on POST /_lab/reset). */
  world(): World;
  /**
   * With signature checks on: the token GET /_lab/events accepts as ?token= (made at start-up,
   * new at every start; a browser cannot sign SigV4). Undefined when the lab endpoints are open.
   */
  liveToken?: string;
  /** The live events stream (GET /_lab/events). */
  live: LiveEvents;
  /** The origins allowed to read GET /_lab/events. */
  allowOrigins: string[];
  close(): Promise<void>;
}

interface Caller {
  principal: string;
  region: string;
}

const JSON_TYPE = 'application/x-amz-json-1.1';
/** The principal tag that lets a scenario principal use /_lab/* when signature checks are on. */
export const LAB_ADMIN_TAG = 'kmslab:labAdmin';

/** The lab clock moves forward by at most this many days at once (100 years). */
export const MAX_ADVANCE_DAYS = 36_500;
/** The last instant the simulated clock may show (ISO 8601 and CloudTrail have four-digit years). */
;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** An ISO 8601 date-time with a zone whose fields exist (no February 31st, no 25 o'clock). */
function isIsoDateTime(s: string): boolean {
  const m = ISO_DATE_TIME.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, sec, oh, om] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h < 24 && mi < 60 && sec < 60 && oh < 24 && om < 60 && !Number.isNaN(Date.parse(s));
}

/** Whether `host` (a --host value) only listens on this machine. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || /^::ffff:127\./.test(host);
}

/** Lower-camel-case method name of an operation: `GenerateDataKey` → `generateDataKey`. */
export const methodName = (operation: string) => operation[0].toLowerCase() + operation.slice(1);

class BodyTooLarge extends Error {}
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
class ClientGone extends Error {}

export async function startKmsServer(options: KmsServerOptions = {}): Promise<RunningKmsServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const bodyLimit = options.bodyLimit ?? BODY_LIMIT;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const headersTimeoutMs = Math.min(options.headersTimeoutMs ?? 10_000, requestTimeoutMs);

  // ---- the world: saved, or from the scenario, or empty ----
  const store = options.stateDir ? await StateDir.open(options.stateDir, log) : undefined;
  const vault = store?.vault ?? new Vault(randomBytes(32), log);
  let world: World;
  let mode: WorldMode;
  let initial: Snapshot;

  const restore = async (text: string | WorldState): Promise<World> => {
    const state = (typeof text === 'string' ? vault.parse(text) : text) as WorldState;
    const w = await createWorld({ state, crypto: vault.port });
    const lost = await vault.materialize(w.state);
    if (lost) log(`kms-server: ${lost} key material version(s) could not be restored (they were not made by the server's CryptoPort).`);
    return w;
  };

  if (store && (await store.hasSavedWorld())) {
    const saved = await store.load();
    world = await restore(saved.state);
    await store.attach(world);
    mode = saved.mode;
    initial = saved.initial;
    if (options.scenarioFile) log(`kms-server: ${options.stateDir} already holds a world; --scenario ${options.scenarioFile} is not loaded again (POST /_lab/reset returns to the world as first loaded).`);
  } else {
    if (options.scenarioFile || options.loadWorld) {
      world = options.loadWorld ? await options.loadWorld(vault.port) : await worldFromScenario(options.scenarioFile!, vault.port);
      mode = { anyKeyIsRoot: false };
      // A loader that did not use our CryptoPort leaves material the vault cannot save.
      const unsaveable = vault.unsaveable(world.state);
      if (unsaveable && store)
        log(`kms-server: the scenario loader made ${unsaveable} key(s) without the server's CryptoPort; they cannot be saved in ${options.stateDir}.`);
    } else {
      world = await createWorld({ now: options.now ?? new Date(), crypto: vault.port });
      mode = { anyKeyIsRoot: true };
    }
    const w0 = world;
    initial = {
      mode,
      worldText: await w0.exclusive(async () => {
        await vault.prepare(w0.state);
        return vault.stringify(w0.state);
      }),
    };
    if (store) {
      await store.saveInitial(initial);
      await store.fresh(world, mode);
    }
  }

  // ---- the live events stream (GET /_lab/events) ----
  const allowOrigins = options.allowOrigins ?? DEFAULT_ALLOWED_ORIGINS;
  for (const o of allowOrigins) {
    let origin = '';
    try {
      origin = new URL(o).origin;
    } catch {
      /* reported below */
    }
    if (origin !== o || !/^https?:/.test(o)) throw new Error(`--allow-origin needs an origin, scheme://host[:port] with nothing after it (e.g. http://127.0.0.1:5173), not ${JSON.stringify(o)}.`);
  }
  const live = new LiveEvents(options.live);
  live.attach(world);
  // The token a browser gives instead of a signature: made now, for this run only. Compared by
  // SHA-256 digest with timingSafeEqual (constant time, whatever the length given).
  const liveToken = randomBytes(24).toString('base64url');
  const liveTokenDigest = createHash('sha256').update(liveToken).digest();
  const isLiveToken = (given: string) => timingSafeEqual(createHash('sha256').update(given).digest(), liveTokenDigest);

  // ---- the simulated clock runs forward with real time ----
  let anchor = performance.now();
  const syncClock = (): void => {
    const elapsed = Math.floor(performance.now() - anchor);
    if (elapsed <= 0) return;
    anchor += elapsed;
    if (world.nowMs() + elapsed > MAX_CLOCK_MS) return;
    world.advanceClock({ ms: elapsed }).catch((e: unknown) => log(`kms-server: clock: ${String(e)}`));
  };

  // ---- saving before answering, one write for every request that is waiting (group commit) ----
  let waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  let saving: Promise<void> | undefined;
  const commit = (): Promise<void> => {
    if (!store) return Promise.resolve();
    const p = new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
    if (!saving)
      saving = (async () => {
        while (waiting.length) {
          const batch = waiting;
          waiting = [];
          try {
            await store.save(world);
            for (const w of batch) w.resolve();
          } catch (e) {
            log(`kms-server: saving the world failed: ${e instanceof Error ? e.message : String(e)}`);
            for (const w of batch) w.reject(e);
          }
        }
        saving = undefined;
      })();
    return p;
  };

  // Reset swaps the world; requests wait for a reset in progress.
  let gate: Promise<void> = Promise.resolve();

  // ---- HTTP ----

  const send = (res: ServerResponse, status: number, body: string, requestId: string, extra: Record<string, string> = {}) => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, {
      'Content-Type': JSON_TYPE,
      'Content-Length': String(Buffer.byteLength(body)),
      'x-amzn-RequestId': requestId,
      ...extra,
    });
    res.end(body);
  };
  const sendError = (res: ServerResponse, requestId: string, type: string, message: string, status = statusOf(type), extra?: Record<string, string>) =>
    send(res, status, JSON.stringify({ __type: type, message }), requestId, extra);

  const readBody = (req: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) > bodyLimit) return reject(new BodyTooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > bodyLimit) {
          cleanup();
          chunks.length = 0;
          reject(new BodyTooLarge());
          return;
        }
        chunks.push(chunk);
      };
      const onEnd = () => {
        cleanup();
        resolve(Buffer.concat(chunks, size));
      };
      const onGone = () => {
        cleanup();
        reject(new ClientGone());
      };
      const cleanup = () => {
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('aborted', onGone);
        req.off('error', onGone);
        req.off('close', onClose);
      };
      const onClose = () => {
        if (!req.complete) onGone();
      };
      req.on('data', onData);
      req.on('end', onEnd);
      req.on('aborted', onGone);
      req.on('error', onGone);
      req.on('close', onClose);
    });

  /** Refuses an oversized body: answer at once, then discard (never keep) what the client still sends, and close. */
  const refuseTooLarge = (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    sendError(res, requestId, 'RequestEntityTooLargeException', `Request body must be at most ${bodyLimit} bytes.`, 413, { Connection: 'close' });
    let discarded = 0;
    req.on('data', (c: Buffer) => {
      discarded += c.length;
      if (discarded > 64 * bodyLimit) req.destroy();
    });
    req.resume();
    setTimeout(() => req.destroy(), 5_000).unref();
  };

  /** Signature checks are on when the world has a principal with a secret (a scenario's, never the default world). */
  const signatureChecks = (): boolean => !mode.anyKeyIsRoot && Object.values(world.identities.principals).some((p) => !!p.secretAccessKey);

  const identify = (req: IncomingMessage, body: Buffer): Caller & { verified: boolean } => {
    const header = req.headers.authorization;
    const auth = parseAuthorization(Array.isArray(header) ? header[0] : header);
    if (auth.service !== 'kms') throw new WireError('InvalidSignatureException', `Credential should be scoped to correct service: 'kms'. `);
    if (!REGION_PATTERN.test(auth.region)) throw new WireError('InvalidSignatureException', 'Credential should be scoped to a valid region. ');
    if (mode.anyKeyIsRoot) return { principal: DEFAULT_PRINCIPAL, region: auth.region, verified: false };
    const match = Object.values(world.identities.principals).find((p) => p.accessKeyId === auth.accessKeyId);
    if (!match) throw new WireError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    if (match.secretAccessKey) verifySignature({ method: req.method ?? 'POST', url: req.url ?? '/', rawHeaders: req.rawHeaders, body }, auth, match.secretAccessKey);
    return { principal: match.arn, region: auth.region, verified: !!match.secretAccessKey };
  };

  /**
   * Who may use /_lab/*: anyone while signature checks are off (the default world, or a scenario
   * without secrets; loopback is the protection, and a non-loopback --host gets a warning at
   * start). With signature checks on: a request signed (SigV4, service kms) by a principal with a
   * secret that is an account root (arn:aws:iam::ACCOUNT:root) or tagged kmslab:labAdmin = true.
   */
  const authorizeLab = (req: IncomingMessage, body: Buffer): void => {
    if (!signatureChecks()) return;
    const caller = identify(req, body);
    const record = Object.hasOwn(world.identities.principals, caller.principal) ? world.identities.principals[caller.principal] : undefined;
    const isRoot = /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(caller.principal);
    const isLabAdmin = record !== undefined && Object.hasOwn(record.tags, LAB_ADMIN_TAG) && record.tags[LAB_ADMIN_TAG] === 'true';
    if (!caller.verified || !(isRoot || isLabAdmin))
      throw new WireError(
        'AccessDeniedException',
        `${caller.principal} may not use the KMS Lab endpoint ${new URL(req.url ?? '/', 'http://localhost').pathname}: with signature checks on, only an account root or a principal tagged ${LAB_ADMIN_TAG}=true, signing with its secretAccessKey, may.`,
        403,
      );
  };

  /**
   * AWS JSON 1.1 asks for `Content-Type: application/x-amz-json-1.1`. What KMS answers to another
   * type is not documented (a report on Kinesis, another AWS JSON service, shows
   * UnknownOperationException for application/octet-stream; nothing says what KMS does with
   * application/json or none), so the request is accepted and the log says so, once for each type.
   */
  const warnedContentTypes = new Set<string>();
  const checkContentType = (req: IncomingMessage): void => {
    const raw = req.headers['content-type'];
    const type = (raw ?? '').split(';')[0].trim().toLowerCase();
    if (type === JSON_TYPE || warnedContentTypes.has(type) || warnedContentTypes.size > 20) return;
    warnedContentTypes.add(type);
    log(`kms-server: warning: a KMS request came with ${raw === undefined ? 'no Content-Type' : `Content-Type ${JSON.stringify(raw.slice(0, 100))}`}; KMS takes ${JSON_TYPE}. Accepted (logged once for each type).`);
  };

  const sourceIp = (req: IncomingMessage) => (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');

  const handleKms = async (req: IncomingMessage, res: ServerResponse, requestId: string, body: Buffer) => {
    const target = req.headers['x-amz-target'];
    const prefix = `${KMS_MODEL.targetPrefix}.`;
    const operation = typeof target === 'string' && target.startsWith(prefix) ? target.slice(prefix.length) : '';
    if (req.method !== 'POST' || !isOperation(operation)) {
      // AWS names no operation it does not know; say what was asked for, to help a learner with curl.
      const what = typeof target === 'string' && target ? `'${target}'` : 'no X-Amz-Target header';
      throw new WireError('UnknownOperationException', `Unknown operation: ${what}${req.method !== 'POST' ? ` (${req.method ?? ''} ${req.url ?? ''}; KMS takes POST /)` : ''}.`);
    }
    checkContentType(req);
    const caller = identify(req, body);
    let text: string;
    try {
      text = UTF8.decode(body);
    } catch {
      // AWS's parser (Jackson) words it "Invalid UTF-8 start byte 0x…"; the exact text varies.
      throw new WireError('SerializationException', 'Invalid UTF-8 in the request body.');
    }
    const request = decodeRequest(operation, text);
    await gate;
    syncClock();
    const w = world;
    const kms = w.client({ principal: caller.principal, region: caller.region, context: { 'aws:SourceIp': sourceIp(req) } });
    const method = (kms as unknown as Record<string, unknown>)[methodName(operation)];
    if (typeof method !== 'function')
      throw new WireError('UnknownOperationException', `KMS Lab does not implement the operation ${operation} yet.`);
    let response: unknown;
    let failure: unknown;
    try {
      response = await (method as (r: unknown) => Promise<unknown>).call(kms, request);
    } catch (e) {
      failure = e;
    }
    // The call changed the world (its audit event at least): on disk before the answer.
    await commit();
    if (failure !== undefined) throw failure;
    send(res, 200, encodeResponse(operation, response), requestId);
  };

  const readLabJson = (body: Buffer): Record<string, unknown> => {
    let v: unknown;
    try {
      v = body.length ? JSON.parse(UTF8.decode(body)) : {};
    } catch {
      throw new WireError('SerializationException', 'The body is not JSON.');
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new WireError('SerializationException', 'The body must be a JSON object.');
    return v as Record<string, unknown>;
  };

  const handleLab = async (req: IncomingMessage, res: ServerResponse, requestId: string, body: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '')}`;
    await gate;
    authorizeLab(req, body);
    syncClock();
    const clock = () => send(res, 200, JSON.stringify({ now: world.now().toISOString() }), requestId);
    switch (route) {
      case 'GET /_lab/clock':
        return clock();
      case 'POST /_lab/clock': {
        const b = readLabJson(body);
        const keys = Object.keys(b);
        if (keys.length !== 1 || !['advanceDays', 'set'].includes(keys[0]))
          throw new WireError('ValidationException', 'Give exactly one of {"advanceDays": N} or {"set": "2027-01-01T00:00:00Z"}.');
        if (Object.hasOwn(b, 'advanceDays')) {
          const days = b.advanceDays;
          if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0 || days > MAX_ADVANCE_DAYS)
            throw new WireError('ValidationException', `advanceDays must be a number of days greater than 0 and at most ${MAX_ADVANCE_DAYS}, not ${JSON.stringify(days)}.`);
          const to = world.nowMs() + days * 86_400_000;
          if (to > MAX_CLOCK_MS)
            throw new WireError('ValidationException', `advanceDays ${days} would move the simulated clock past ${new Date(MAX_CLOCK_MS).toISOString()}, the last time it can show (it is ${world.now().toISOString()}).`);
          await world.advanceClock({ days });
        } else {
          const to = typeof b.set === 'string' && isIsoDateTime(b.set) ? new Date(b.set) : new Date(NaN);
          if (Number.isNaN(to.getTime()))
            throw new WireError('ValidationException', `set must be an ISO 8601 date-time with a time zone, e.g. "2027-01-01T00:00:00Z", not ${JSON.stringify(b.set)}.`);
          if (to.getTime() > MAX_CLOCK_MS) throw new WireError('ValidationException', `set must be at most ${new Date(MAX_CLOCK_MS).toISOString()}, not ${String(b.set)}.`);
          if (to.getTime() < world.nowMs())
            throw new WireError('ValidationException', `The simulated clock cannot go back in time: it is ${world.now().toISOString()}.`);
          await world.setClock(to);
        }
        live.worldChanged();
        await commit();
        return clock();
      }
      case 'GET /_lab/audit': {
        const raw = url.searchParams.get('limit');
        const limit = raw === null ? 50 : Number(raw);
        if (!Number.isInteger(limit) || limit < 1) throw new WireError('ValidationException', 'limit must be a whole number, 1 or more.');
        await world.idle();
        const log_ = world.auditLog();
        return send(res, 200, JSON.stringify({ events: log_.slice(Math.max(0, log_.length - limit)) }, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)), requestId);
      }
      case 'POST /_lab/reset': {
        const previous = world;
        const done = (async () => {
          await previous.idle();
          world = await restore(initial.worldText);
          mode = initial.mode;
          live.attach(world);
          anchor = performance.now();
          if (store) await store.fresh(world, mode);
        })();
        gate = done.catch(() => undefined);
        await done;
        return send(res, 200, JSON.stringify({ reset: true, now: world.now().toISOString() }), requestId);
      }
      default:
        if (['/_lab/clock', '/_lab/audit', '/_lab/reset'].includes(url.pathname.replace(/\/+$/, '')))
          return sendError(res, requestId, 'MethodNotAllowed', `${req.method ?? ''} is not allowed on ${url.pathname}.`, 405);
        return sendError(res, requestId, 'NotFound', `No lab endpoint ${url.pathname}: there are GET/POST /_lab/clock, GET /_lab/audit?limit=N, POST /_lab/reset and GET /_lab/events.`, 404);
    }
  };

  /**
   * GET /_lab/events (live-events.ts). CORS for the allowed origins only, on this path only; a
   * page from any other origin is refused (the browser would hide the stream from it anyway, and
   * it holds no connection open). Authentication as the other /_lab/* endpoints, or, with
   * signature checks on, ?token= — the token printed at start-up, accepted here and nowhere else.
   */
  const handleEvents = async (req: IncomingMessage, res: ServerResponse, requestId: string, body: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const allowed = origin !== undefined && allowOrigins.includes(origin);
    const cors: Record<string, string> = allowed ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { Vary: 'Origin' };
    const refuse = (type: string, message: string, status: number, extra: Record<string, string> = {}) => sendError(res, requestId, type, message, status, { ...cors, ...extra });
    if (origin !== undefined && !allowed)
      return refuse('AccessDeniedException', `Pages from ${origin.slice(0, 200)} may not read /_lab/events: this kms-server allows ${allowOrigins.join(', ') || 'no origin'}. Start it with --allow-origin ${origin.slice(0, 200)} to allow that page.`, 403);
    if (req.method === 'OPTIONS') {
      // A CORS preflight (EventSource never sends one; fetch() with a Last-Event-ID header does).
      if (res.headersSent) return;
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Allow-Headers': 'Last-Event-ID, Cache-Control', 'Access-Control-Max-Age': '600', 'Content-Length': '0' });
      return res.end();
    }
    if (req.method !== 'GET') return refuse('MethodNotAllowed', `${req.method ?? ''} is not allowed on /_lab/events: it is GET (text/event-stream).`, 405, { Allow: 'GET, OPTIONS' });
    await gate;
    if (signatureChecks()) {
      const token = url.searchParams.get('token');
      if (token !== null) {
        if (!isLiveToken(token)) return refuse('AccessDeniedException', 'The token is not this kms-server\'s live events token: use the one it printed at start-up (a new one is made at every start).', 403);
      } else {
        try {
          authorizeLab(req, body);
        } catch (e) {
          if (e instanceof WireError && e.type === 'MissingAuthenticationTokenException')
            return refuse(e.type, 'Signature checks are on: give ?token= with the token kms-server printed at start-up, or sign the request (SigV4) as an account root or a kmslab:labAdmin principal.', e.status === 400 ? 401 : e.status);
          throw e;
        }
      }
    }
    if (live.full()) return refuse('ServiceUnavailableException', `kms-server already serves ${live.options.maxClients} live event streams, the most it keeps open; close one and retry.`, 503, { 'Retry-After': '5' });
    const header = req.headers['last-event-id'];
    const lastEventId = typeof header === 'string' ? header : (url.searchParams.get('lastEventId') ?? undefined);
    live.open(req, res, cors, lastEventId);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLarge) refuseTooLarge(req, res, requestId);
      // A client that went away gets no answer; nothing else to do.
      return;
    }
    try {
      const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
      if (path === '/_lab/events') await handleEvents(req, res, requestId, body);
      else if ((req.url ?? '/').startsWith('/_lab/')) await handleLab(req, res, requestId, body);
      else await handleKms(req, res, requestId, body);
    } catch (e) {
      if (e instanceof WireError) return sendError(res, requestId, e.type, e.message, e.status);
      if (e instanceof KmsError) return sendError(res, requestId, e.name, e.message);
      log(`kms-server: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return sendError(res, requestId, 'KMSInternalException', 'The request could not be completed because of an internal error in KMS Lab.', 500);
    }
  };

  const server = createServer({
    requestTimeout: requestTimeoutMs,
    headersTimeout: headersTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeoutMs / 4))),
    keepAliveTimeout: 5_000,
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void handle(req, res));
  // `Expect: 100-continue` with a body that is too large: refuse before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers['content-length'] ?? 0) > bodyLimit) return refuseTooLarge(req, res, randomUUID());
    res.writeContinue();
    void handle(req, res);
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && !socket.destroyed && err.code !== 'ECONNRESET') {
      const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
      const body = JSON.stringify({ __type: timeout ? 'RequestTimeoutException' : 'SerializationException', message: timeout ? 'The request did not arrive in time.' : 'The HTTP request is malformed.' });
      socket.end(`HTTP/1.1 ${timeout ? '408 Request Timeout' : '400 Bad Request'}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    } else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4599, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  if (!isLoopback(host) && !signatureChecks())
    log(
      `kms-server: WARNING: listening on ${host}, beyond this machine, with the lab endpoints (/_lab/clock, /_lab/audit, /_lab/reset, /_lab/events) open to anyone who can reach it: load a --scenario whose principals have a secretAccessKey to require signed requests.`,
    );
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    server,
    world: () => world,
    ...(signatureChecks() ? { liveToken } : {}),
    live,
    allowOrigins,
    async close() {
      live.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await world.idle();
      while (saving) await saving;
      await store?.close(world);
    },
  };
}
