// GET /_lab/events, read as a client reads it (node:http, the stream parsed line by line) while the
// real @aws-sdk/client-kms makes calls: events in order with their traces and audit events, world
// events, Last-Event-ID replay and its gaps, the token rules, CORS, many clients and a client that
// never reads. The data is read with the app's own parser (src/timeline/live.ts).
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, ScheduleKeyDeletionCommand, TagResourceCommand, UpdateKeyDescriptionCommand } from '@aws-sdk/client-kms';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createWorld, type CryptoPort } from '@kms-lab/engine';
import { parseLiveCall, parseLiveGap, parseLiveWorld } from '../../timeline/index';
import { parseArgs } from './main';
import { LAB_ADMIN_TAG, startKmsServer, type KmsServerOptions, type RunningKmsServer } from './server';
import { alice, bob, sdkClient, sendRaw, smithySigned, TEST_CREDENTIALS, twoPrincipalWorld } from './test-support';

interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

interface Stream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body of a refused request. */
  body: string;
  events: SseEvent[];
  comments: string[];
  retry?: number;
  /** Resolves with the first event (from `from`) that `pred` accepts. */
  next(pred: (e: SseEvent) => boolean, from?: number): Promise<SseEvent>;
  nextComment(pred: (c: string) => boolean): Promise<string>;
  ended: Promise<void>;
  close(): void;
}

/** Opens the stream and parses it as the EventSource spec does (lines; blank line ends an event). */
function openStream(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const waiters: (() => void)[] = [];
      let buf = '';
      let body = '';
      let current: Partial<SseEvent> & { data?: string } = {};
      const s: Stream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        get body() {
          return body;
        },
        events,
        comments,
        next(pred, from = 0) {
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching event; got ${events.map((e) => `${e.id} ${e.event}`).join(', ')}`)), 10_000);
            const check = () => {
              const found = events.slice(from).find(pred);
              if (found) {
                clearTimeout(timer);
                ok(found);
                return true;
              }
              return false;
            };
            const wait = () => {
              if (!check()) waiters.push(wait);
            };
            wait();
          });
        },
        nextComment(pred) {
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching comment; got ${comments.join(' | ')}`)), 10_000);
            const check = () => {
              const found = comments.find(pred);
              if (found) {
                clearTimeout(timer);
                ok(found);
              }
              return Boolean(found);
            };
            const wait = () => {
              if (!check()) waiters.push(wait);
            };
            wait();
          });
        },
        ended: new Promise((ok) => res.on('close', () => ok())),
        close: () => req.destroy(),
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (!String(res.headers['content-type']).startsWith('text/event-stream')) {
          body += chunk;
          return;
        }
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).replace(/\r$/, '');
          buf = buf.slice(nl + 1);
          if (line === '') {
            if (current.data !== undefined) events.push({ id: current.id, event: current.event ?? 'message', data: current.data });
            current = {};
          } else if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else {
            const i = line.indexOf(':');
            const field = i < 0 ? line : line.slice(0, i);
            const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (field === 'data') current.data = current.data === undefined ? value : `${current.data}\n${value}`;
            else if (field === 'id') current.id = value;
            else if (field === 'event') current.event = value;
            else if (field === 'retry') s.retry = Number(value);
          }
        }
        for (const w of waiters.splice(0)) w();
      });
      res.on('end', () => {
        for (const w of waiters.splice(0)) w();
      });
      resolve(s);
    });
    req.on('error', reject);
    req.end();
  });
}

const servers: RunningKmsServer[] = [];
const streams: Stream[] = [];
async function server(options: KmsServerOptions = {}) {
  const s = await startKmsServer({ port: 0, now: new Date('2026-01-01T00:00:00Z'), log: () => undefined, ...options });
  servers.push(s);
  return s;
}
async function stream(url: string, headers?: Record<string, string>) {
  const s = await openStream(url, headers);
  streams.push(s);
  return s;
}
afterEach(() => {
  for (const s of streams.splice(0)) s.close();
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

const text = (s: string) => new TextEncoder().encode(s);
const calls = (s: Stream) => s.events.filter((e) => e.event === 'call').map((e) => parseLiveCall(e.data));
const seqOf = (id: string | undefined) => Number(id?.split('.')[1]);

describe('GET /_lab/events while the real SDK makes calls', () => {
  it('sends each call in order, with its audit event, its trace and the keys it names; world events follow the keys', async () => {
    const srv = await server();
    const s = await stream(`${srv.url}/_lab/events`);
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(s.headers['cache-control']).toContain('no-cache');
    const first = await s.next((e) => e.event === 'world');
    expect(parseLiveWorld(first.data).keys).toEqual([]);
    expect(s.retry).toBe(2000);

    const kms = sdkClient(srv.url);
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'live demo' }));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: text('hello'), EncryptionContext: { app: 'demo' } }));
    const failed = await kms.send(new DecryptCommand({ CiphertextBlob })).catch((e: Error) => e);
    expect((failed as Error).name).toBe('InvalidCiphertextException');
    kms.destroy();

    await s.next((e) => e.event === 'call' && parseLiveCall(e.data).trace.operation === 'Decrypt');
    const got = calls(s);
    expect(got.map((c) => c.trace.operation)).toEqual(['CreateKey', 'Encrypt', 'Decrypt']);
    // Ids rise one by one within this run.
    const ids = s.events.slice(1).map((e) => e.id!);
    for (let i = 1; i < ids.length; i++) expect(seqOf(ids[i])).toBeGreaterThan(seqOf(ids[i - 1]));
    expect(new Set(ids.map((id) => id.split('.')[0]))).toEqual(new Set([srv.live.run]));

    const [create, encrypt, decrypt] = got;
    const arn = KeyMetadata!.Arn!;
    // The audit event is the one the server's log holds for that call, and the trace the engine made.
    const log = srv.world().auditLog();
    for (const c of got) {
      const kept = log.find((a) => a.callId === c.trace.callId)!;
      expect(c.audit).toEqual(JSON.parse(JSON.stringify(kept)));
      expect(c.trace.events.at(-1)).toMatchObject({ type: 'audit', eventId: kept.eventID });
      expect(c.trace.startedAt).toBeInstanceOf(Date);
      expect(c.trace.events.every((e) => e.at instanceof Date)).toBe(true);
    }
    expect(create.audit.eventName).toBe('CreateKey');
    expect(create.trace.events.map((e) => e.type)).toEqual(['request', 'validate', 'authorize', 'crypto', 'state-change', 'audit']);
    expect(create.keys.keys[arn]).toMatchObject({ arn, description: 'live demo', state: 'Enabled' });
    expect(encrypt.trace.outcome).toBe('success');
    expect(encrypt.trace.events.filter((e) => e.type === 'crypto').map((e) => (e as { step: string }).step)).toEqual(['select-material', 'bind-encryption-context', 'encrypt']);
    expect(encrypt.trace.events.find((e) => e.type === 'authorize')).toMatchObject({ decision: 'Allow', action: 'kms:Encrypt' });
    expect(encrypt.audit.requestParameters).toMatchObject({ keyId: KeyMetadata!.KeyId, encryptionContext: { app: 'demo' } });
    expect(decrypt.trace.outcome).toBe('error');
    expect(decrypt.trace.error?.name).toBe('InvalidCiphertextException');
    expect(decrypt.audit.errorCode).toBe('InvalidCiphertextException');
    // The key arrived in a world event after CreateKey (and none after the reads).
    const worlds = s.events.filter((e) => e.event === 'world');
    const after = parseLiveWorld(worlds.at(-1)!.data);
    expect(after.keys.map((k) => [k.arn, k.description, k.state, k.keySpec])).toEqual([[arn, 'live demo', 'Enabled', 'SYMMETRIC_DEFAULT']]);
    expect(after.keys[0].policy).toContain('Enable IAM User Permissions');
    expect(seqOf(worlds.at(-1)!.id)).toBeGreaterThan(seqOf(s.events.find((e) => e.event === 'call')!.id));
  });

  it('sends a world event for aliases, policies, tags, deletions by the clock and a reset', async () => {
    const srv = await server();
    const s = await stream(`${srv.url}/_lab/events`);
    await s.next((e) => e.event === 'world');
    const kms = sdkClient(srv.url);
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'doomed' }));
    await s.next((e) => e.event === 'world' && parseLiveWorld(e.data).keys.length === 1);
    await kms.send(new UpdateKeyDescriptionCommand({ KeyId: KeyMetadata!.KeyId, Description: 'renamed' }));
    await s.next((e) => e.event === 'world' && parseLiveWorld(e.data).keys[0]?.description === 'renamed');
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata!.KeyId, PendingWindowInDays: 7 }));
    await s.next((e) => e.event === 'world' && parseLiveWorld(e.data).keys[0]?.state === 'PendingDeletion');
    kms.destroy();
    expect((await fetch(`${srv.url}/_lab/clock`, { method: 'POST', body: JSON.stringify({ advanceDays: 8 }) })).status).toBe(200);
    const n = s.events.length;
    await s.next((e) => e.event === 'world' && parseLiveWorld(e.data).keys.length === 0, n);
    // A reset brings back the world as loaded (empty here), and the stream goes on.
    const k2 = sdkClient(srv.url);
    await k2.send(new CreateKeyCommand({ Description: 'before reset' }));
    await s.next((e) => e.event === 'world' && parseLiveWorld(e.data).keys.length === 1, n);
    expect((await fetch(`${srv.url}/_lab/reset`, { method: 'POST' })).status).toBe(200);
    const m = s.events.length;
    await s.next((e) => e.event === 'world' && parseLiveWorld(e.data).keys.length === 0, m);
    await k2.send(new CreateKeyCommand({ Description: 'after reset' }));
    k2.destroy();
    const c = await s.next((e) => e.event === 'call', m);
    expect(parseLiveCall(c.data).trace.operation).toBe('CreateKey');
  });

  it('sends heartbeats as comment lines', async () => {
    const srv = await server({ live: { heartbeatMs: 50 } });
    const s = await stream(`${srv.url}/_lab/events`);
    expect(await s.nextComment((c) => c.startsWith('heartbeat '))).toMatch(/^heartbeat \d{4}-\d{2}-\d{2}T/);
  });
});

describe('reconnecting with Last-Event-ID', () => {
  it('replays exactly what was missed (header or ?lastEventId=), then the world as it is now', async () => {
    const srv = await server();
    const kms = sdkClient(srv.url);
    const a = await stream(`${srv.url}/_lab/events`);
    await kms.send(new CreateKeyCommand({ Description: 'seen' }));
    const seen = await a.next((e) => e.event === 'call');
    a.close();
    await a.ended;
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'missed 1' }));
    await kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId }));
    await kms.send(new TagResourceCommand({ KeyId: KeyMetadata!.KeyId, Tags: [{ TagKey: 'class', TagValue: '7' }] }));
    kms.destroy();
    await srv.world().idle();

    for (const how of ['header', 'query'] as const) {
      const b = how === 'header' ? await stream(`${srv.url}/_lab/events`, { 'last-event-id': seen.id! }) : await stream(`${srv.url}/_lab/events?lastEventId=${encodeURIComponent(seen.id!)}`);
      const last = await b.next((e) => e.event === 'world' && e.id === srv.live.lastId);
      expect(b.events.some((e) => e.event === 'gap')).toBe(false);
      // Every event after the one it had, in order, then the world now (under the newest id).
      const replayed = b.events.slice(0, b.events.indexOf(last));
      expect(replayed.every((e) => seqOf(e.id) > seqOf(seen.id))).toBe(true);
      expect(replayed.filter((e) => e.event === 'call').map((e) => parseLiveCall(e.data).trace.operation)).toEqual(['CreateKey', 'DescribeKey', 'TagResource']);
      expect(last.id).toBe(srv.live.lastId);
      expect(parseLiveWorld(last.data).keys.map((k) => k.description)).toEqual(['seen', 'missed 1']);
      b.close();
    }
  });

  it('says so when the id is older than the buffer, from another run, never sent or not an id at all', async () => {
    const srv = await server({ live: { bufferEvents: 3 } });
    const a = await stream(`${srv.url}/_lab/events`);
    const kms = sdkClient(srv.url);
    await kms.send(new CreateKeyCommand({ Description: 'k' }));
    const first = await a.next((e) => e.event === 'call');
    for (let i = 0; i < 4; i++) await kms.send(new DescribeKeyCommand({ KeyId: parseLiveCall(first.data).trace.events.find((e) => e.type === 'state-change')!.keyArn as string }));
    kms.destroy();
    await a.next((e) => e.event === 'call' && seqOf(e.id) >= seqOf(first.id) + 5);
    a.close();

    const old = await stream(`${srv.url}/_lab/events`, { 'last-event-id': first.id! });
    const gap = parseLiveGap((await old.next((e) => e.event === 'gap')).data);
    expect(gap.reason).toBe('older-than-buffer');
    // Kept: the newest 3 events; between `first` and the oldest kept, the rest were lost.
    const oldest = seqOf(srv.live.lastId) - 2;
    expect(gap.missed).toBe(oldest - 1 - seqOf(first.id));
    expect(gap.message).toContain(`older than the 3 events kept for replay`);
    await old.next((e) => e.event === 'world');
    expect(old.events.filter((e) => e.event === 'call' || (e.event === 'world' && e.id !== srv.live.lastId)).map((e) => seqOf(e.id))).toEqual([oldest, oldest + 1, oldest + 2].filter((n) => n <= seqOf(srv.live.lastId)));

    const cases: [string, string, RegExp][] = [
      ['0badc0de.3', 'other-run', /from another run of kms-server/],
      [`${srv.live.run}.999999999999999`, 'unknown-id', /No event .* was sent: the newest is/],
      ['garbage\u00e9', 'unknown-id', /is not an event id of this stream/],
      ['-1', 'unknown-id', /is not an event id of this stream/],
      [`${srv.live.run}.1e3`, 'unknown-id', /is not an event id/],
      ['x'.repeat(8000), 'unknown-id', /is not an event id/],
    ];
    for (const [id, reason, message] of cases) {
      const s = await stream(`${srv.url}/_lab/events?lastEventId=${encodeURIComponent(id)}`);
      expect(s.status).toBe(200);
      const g = parseLiveGap((await s.next((e) => e.event === 'gap')).data);
      expect(g.reason).toBe(reason);
      expect(g.message).toMatch(message);
      expect(g.lastEventId.length).toBeLessThanOrEqual(101);
      await s.next((e) => e.event === 'world');
      s.close();
    }
  });
});

const ADMIN = 'arn:aws:iam::111122223333:user/teacher';
const admin = { accessKeyId: 'AKIATEACHER000000001', secretAccessKey: 'teacher-secret' };
async function signedWorld(crypto: CryptoPort) {
  const world = await twoPrincipalWorld(crypto);
  world.putPrincipal({ arn: ADMIN, ...admin, tags: { [LAB_ADMIN_TAG]: 'true' } });
  return world;
}

describe('who may read the stream', () => {
  it('with signature checks on: the start-up token as ?token=, or a signed request by a lab admin; nothing else', async () => {
    const srv = await server({ loadWorld: signedWorld });
    expect(srv.liveToken).toMatch(/^[\w-]{32}$/);
    const token = srv.liveToken!;

    const none = await stream(`${srv.url}/_lab/events`);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toEqual({ __type: 'MissingAuthenticationTokenException', message: expect.stringContaining('give ?token= with the token kms-server printed at start-up') });

    for (const bad of [token.slice(0, -1), `${token}x`, token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(), '', 'a'.repeat(5000), `${token.slice(0, -1)}\u0000`]) {
      const s = await stream(`${srv.url}/_lab/events?token=${encodeURIComponent(bad)}`);
      expect(s.status, bad).toBe(403);
      expect(JSON.parse(s.body).message).toMatch(/not this kms-server's live events token/);
    }

    const ok = await stream(`${srv.url}/_lab/events?token=${token}`);
    expect(ok.status).toBe(200);
    await ok.next((e) => e.event === 'world');
    // The world the class watches holds no access keys or secrets.
    const world = (await ok.next((e) => e.event === 'world')).data;
    for (const secret of [alice.accessKeyId, alice.secretAccessKey, admin.secretAccessKey, bob.accessKeyId]) expect(world).not.toContain(secret);
    expect(parseLiveWorld(world).principals.map((p) => p.arn)).toEqual(['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/bob', ADMIN]);

    // The token opens /_lab/events only: the other lab endpoints still want a signature.
    for (const path of ['/_lab/clock', '/_lab/audit']) {
      const r = await fetch(`${srv.url}${path}?token=${token}`);
      expect(r.status, path).not.toBe(200);
      expect(((await r.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
    }
    const reset = await fetch(`${srv.url}/_lab/reset?token=${token}`, { method: 'POST' });
    expect(reset.status).not.toBe(200);

    // Signed by the lab admin: in, no token needed. Signed by alice (no lab admin): refused.
    const signed = await smithySigned(srv.url, { method: 'GET', path: '/_lab/events' }, admin);
    const viaAdmin = await stream(`${srv.url}/_lab/events`, signed.headers);
    expect(viaAdmin.status).toBe(200);
    await viaAdmin.next((e) => e.event === 'world');
    const asAlice = await smithySigned(srv.url, { method: 'GET', path: '/_lab/events' }, alice);
    const refused = await stream(`${srv.url}/_lab/events`, asAlice.headers);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).message).toMatch(/may not use the KMS Lab endpoint \/_lab\/events/);
  });

  it('a denied call reaches the stream with the evaluation that decided it', async () => {
    const srv = await server({ loadWorld: signedWorld });
    const s = await stream(`${srv.url}/_lab/events?token=${srv.liveToken}`);
    await s.next((e) => e.event === 'world');
    const keyArn = Object.keys(srv.world().state.keys)[0];
    const asBob = sdkClient(srv.url, 'us-east-1', bob);
    const denied = await asBob.send(new EncryptCommand({ KeyId: keyArn, Plaintext: text('x') })).catch((e: Error) => e);
    asBob.destroy();
    expect((denied as Error).name).toBe('AccessDeniedException');
    const call = parseLiveCall((await s.next((e) => e.event === 'call')).data);
    expect(call.trace.principal).toBe('arn:aws:iam::111122223333:user/bob');
    expect(call.trace.error).toEqual({ name: 'AccessDeniedException', message: (denied as Error).message });
    expect(call.audit.errorCode).toBe('AccessDeniedException');
    const auth = call.trace.events.find((e) => e.type === 'authorize');
    if (auth?.type !== 'authorize') throw new Error('no authorize event');
    expect(auth.decision).toBe('ImplicitDeny');
    const evaluation = auth.evaluation as { decision: string; summary: string; layers: { layer: string; outcome: string }[] };
    expect(evaluation.decision).toBe('ImplicitDeny');
    expect(evaluation.summary).toBe(auth.reason);
    // The key policy only lets alice (and the account, by IAM) in; bob has no IAM policy.
    expect(evaluation.summary).toMatch(/^Denied — nothing allowed it: .*arn:aws:iam::111122223333:user\/bob.*kms:Encrypt/);
    expect(evaluation.layers.find((l) => l.outcome === 'denied')?.layer).toBeTruthy();
    // The same evaluation the server's audit log recorded as the access decision.
    expect(call.audit.accessDecisions?.at(-1)).toEqual({ action: 'kms:Encrypt', decision: 'ImplicitDeny', reason: evaluation.summary });
  });

  it('CORS: the allowed origins only, on /_lab/events only; any other page is refused', async () => {
    const APP = 'http://127.0.0.1:4230';
    const srv = await server({ allowOrigins: [APP] });
    const ok = await stream(`${srv.url}/_lab/events`, { origin: APP });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(APP);
    expect(ok.headers['vary']).toBe('Origin');
    expect(ok.headers['access-control-allow-credentials']).toBeUndefined();

    for (const evil of ['http://127.0.0.1:4231', 'http://evil.example', 'null', `${APP}.evil.example`, 'HTTP://127.0.0.1:4230']) {
      const s = await stream(`${srv.url}/_lab/events`, { origin: evil });
      expect(s.status, evil).toBe(403);
      expect(s.headers['access-control-allow-origin']).toBeUndefined();
      expect(JSON.parse(s.body).message).toContain('--allow-origin');
    }
    // No Origin (curl, an SDK): no CORS headers, the stream opens.
    const plain = await stream(`${srv.url}/_lab/events`);
    expect(plain.status).toBe(200);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();

    // A preflight for the allowed origin; none of the other endpoints answer CORS at all.
    const pre = await sendRaw(srv.url, { method: 'OPTIONS', path: '/_lab/events', headers: { host: new URL(srv.url).host, origin: APP, 'access-control-request-method': 'GET', 'access-control-request-headers': 'last-event-id' }, body: '' });
    expect(pre.status).toBe(204);
    const preHeaders = await fetch(`${srv.url}/_lab/events`, { method: 'OPTIONS', headers: { origin: APP } });
    expect(preHeaders.headers.get('access-control-allow-origin')).toBe(APP);
    expect(preHeaders.headers.get('access-control-allow-headers')).toContain('Last-Event-ID');
    for (const [method, path] of [['GET', '/_lab/clock'], ['GET', '/_lab/audit'], ['POST', '/']]) {
      const r = await fetch(`${srv.url}${path}`, { method, headers: { origin: APP } });
      expect(r.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    // A refused stream from the allowed origin still carries CORS, so the app can read why.
    const signedSrv = await server({ loadWorld: signedWorld, allowOrigins: [APP] });
    const bad = await fetch(`${signedSrv.url}/_lab/events?token=nope`, { headers: { origin: APP } });
    expect(bad.status).toBe(403);
    expect(bad.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('refuses an --allow-origin that is not an origin', async () => {
    for (const bad of ['127.0.0.1:5173', 'http://127.0.0.1:5173/app', 'ftp://x', '*', 'http://a.example/?q'])
      await expect(startKmsServer({ port: 0, allowOrigins: [bad], log: () => undefined })).rejects.toThrow(/--allow-origin needs an origin/);
    expect(parseArgs(['--allow-origin', 'http://127.0.0.1:4230/', '--allow-origin=https://lab.example'])).toEqual({ allowOrigins: ['http://127.0.0.1:4230', 'https://lab.example'] });
    expect(parseArgs(['--allow-origin'])).toEqual({ error: expect.stringContaining('--allow-origin needs an origin') });
  });
});

describe('bounded: many clients, and a client that never reads', () => {
  it('opens at most maxClients streams; the next gets 503 until one closes', async () => {
    const srv = await server({ live: { maxClients: 3 } });
    const open = [];
    for (let i = 0; i < 3; i++) {
      const s = await stream(`${srv.url}/_lab/events`);
      expect(s.status).toBe(200);
      await s.next((e) => e.event === 'world');
      open.push(s);
    }
    const fourth = await stream(`${srv.url}/_lab/events`);
    expect(fourth.status).toBe(503);
    expect(fourth.headers['retry-after']).toBe('5');
    expect(JSON.parse(fourth.body).message).toMatch(/already serves 3 live event streams/);
    open[0].close();
    await open[0].ended;
    await expect.poll(() => srv.live.clientCount).toBe(2);
    const again = await stream(`${srv.url}/_lab/events`);
    expect(again.status).toBe(200);
    // All of them see the same call.
    const kms = sdkClient(srv.url);
    await kms.send(new CreateKeyCommand({}));
    kms.destroy();
    for (const s of [open[1], open[2], again]) expect(parseLiveCall((await s.next((e) => e.event === 'call')).data).trace.operation).toBe('CreateKey');
  });

  it('disconnects a client that stops reading once it is clientBacklogBytes behind; the others go on', async () => {
    // 200 keys with 8,000-character descriptions: every world event is ~1.7 MB.
    const srv = await server({
      live: { clientBacklogBytes: 256 * 1024 },
      loadWorld: async (crypto) => {
        const w = await createWorld({ now: new Date('2026-01-01T00:00:00Z'), crypto });
        // The SDK's test key signs as the account root (no secret: signature checks stay off).
        w.putPrincipal({ arn: 'arn:aws:iam::111122223333:root', accessKeyId: TEST_CREDENTIALS.accessKeyId });
        const kms = w.client({});
        for (let i = 0; i < 200; i++) await kms.createKey({ Description: `${i}`.padEnd(8000, '.') });
        return w;
      },
    });
    // The stuck client: sends its request, never reads a byte.
    const u = new URL(srv.url);
    const stuck = connect(Number(u.port), u.hostname);
    let stuckClosed = false;
    stuck.on('close', () => (stuckClosed = true));
    stuck.on('error', () => undefined);
    stuck.pause();
    stuck.write(`GET /_lab/events HTTP/1.1\r\nHost: ${u.host}\r\nAccept: text/event-stream\r\n\r\n`);
    const reader = await stream(`${srv.url}/_lab/events`);
    await reader.next((e) => e.event === 'world');
    await expect.poll(() => srv.live.clientCount).toBe(2);

    const kms = sdkClient(srv.url);
    const key = Object.keys(srv.world().state.keys)[0];
    let updates = 0;
    while (srv.live.droppedSlow === 0 && updates < 60) {
      await kms.send(new UpdateKeyDescriptionCommand({ KeyId: key, Description: `update ${++updates}` }));
      await reader.next((e) => e.event === 'world' && parseLiveWorld(e.data).keys[0].description === `update ${updates}`);
    }
    kms.destroy();
    expect(srv.live.droppedSlow).toBe(1);
    // The server closed that connection: reading it now runs into its end.
    stuck.resume();
    await expect.poll(() => stuckClosed).toBe(true);
    expect(srv.live.clientCount).toBe(1);
    // The reader was never dropped and saw every update.
    expect(reader.events.filter((e) => e.event === 'world').length).toBeGreaterThanOrEqual(updates);
    stuck.destroy();
  }, 120_000);
});

describe('npm run kms-server prints where the stream is', () => {
  it('with signature checks on, the token (new at every start) that opens it', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnServer } = await import('./test-support');
    const dir = mkdtempSync(join(tmpdir(), 'kms-live-'));
    const file = join(dir, 'class.json');
    writeFileSync(file, JSON.stringify({ format: 'kms-scenario/1', principals: [{ arn: 'arn:aws:iam::111122223333:root', policies: [], ...alice }], keys: [] }));
    const tokens: string[] = [];
    try {
      for (let run = 0; run < 2; run++) {
        const spawned = await spawnServer(['--scenario', file, '--allow-origin', 'http://127.0.0.1:4230']);
        try {
          await expect.poll(() => /kms-server live events: (\S+)/.exec(spawned.output())?.[1]).toBeTruthy();
          const line = /kms-server live events: (\S+) \((.*)\)/.exec(spawned.output())!;
          expect(line[1]).toMatch(new RegExp(`^${spawned.url.replace(/[.]/g, '\\.')}/_lab/events\\?token=[\\w-]{32}$`));
          expect(line[2]).toContain('pages from http://127.0.0.1:4230 may read the stream');
          tokens.push(new URL(line[1]).searchParams.get('token')!);
          const s = await stream(line[1]);
          expect(s.status).toBe(200);
          s.close();
          expect((await stream(`${spawned.url}/_lab/events`)).status).toBe(401);
        } finally {
          await spawned.stop();
        }
      }
      expect(tokens[0]).not.toBe(tokens[1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('with the lab endpoints open, the stream without a token', async () => {
    const { spawnServer } = await import('./test-support');
    const spawned = await spawnServer();
    try {
      await expect.poll(() => /kms-server live events: (\S+)/.exec(spawned.output())?.[1]).toBe(`${spawned.url}/_lab/events`);
      expect(spawned.output()).toContain('pages from http://127.0.0.1:5173, http://localhost:5173 may read it');
    } finally {
      await spawned.stop();
    }
  }, 60_000);
});
