// GET /_lab/events: the live classroom's Server-Sent Events stream (docs/kms-endpoint.md, "Live
// events"). Every KMS call the server answers becomes `event: call` (its CloudTrail-shaped audit
// event, the engine's trace, the keys it names); a change to keys, aliases, grants or policies
// becomes `event: world`. Wire shapes: src/timeline/live.ts.
//
//   ids        `<run>.<n>`: <run> is random per server start, n counts from 1 — so an id from
//              another run (the server restarted) is recognised, never confused with this run's n.
//   replay     the newest `bufferEvents` events (and at most `bufferBytes` of them) are kept; a
//              client that reconnects with Last-Event-ID (header, or ?lastEventId= for a client
//              that cannot set headers) gets every kept event after it, then the world as it is
//              now. An id older than the buffer, from another run or never sent gets `event: gap`
//              saying so, then what is kept.
//   heartbeat  a comment line (`: heartbeat …`) every `heartbeatMs`, so proxies and clients see
//              the stream is alive.
//   slow       a client that has not taken `clientBacklogBytes` already written is disconnected
//              (its EventSource reconnects with Last-Event-ID and catches up from the buffer):
//              memory stays bounded whatever a client does.
//   many       at most `maxClients` streams at once; the next is refused with HTTP 503.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallTrace, World } from '@kms-lab/engine';
import { liveWorldOf, sliceOf, type LiveGap } from '../../timeline/index';

export interface LiveEventsOptions {
  /** Events kept for Last-Event-ID replay (default 1000). */
  bufferEvents?: number;
  /** …and at most this many bytes of them (default 16 MiB). */
  bufferBytes?: number;
  /** Heartbeat interval (default 15 s). */
  heartbeatMs?: number;
  /** Open streams at most (default 32). */
  maxClients?: number;
  /** A client this far behind (bytes written, not yet taken) is disconnected (default 1 MiB). */
  clientBacklogBytes?: number;
  /** The `retry:` the stream asks clients to wait before reconnecting (default 2 s). */
  retryMs?: number;
}

interface Buffered {
  n: number;
  text: string;
  bytes: number;
}

interface Client {
  res: ServerResponse;
}

/** Operations that change no key, alias, grant or policy (a world event is still sent if one did, e.g. an AWS managed key made on first use). */
const READS = /^(Describe|List|Get|Encrypt$|Decrypt$|ReEncrypt$|GenerateDataKey|GenerateRandom$|GenerateMac$|VerifyMac$|Sign$|Verify$|DeriveSharedSecret$)/;

const ID = /^([0-9a-f]{8})\.(\d{1,15})$/;

/** Audit events carry no blobs, but the endpoint's rule is the same everywhere: bytes as base64. */
const replacer = (_k: string, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v);

export class LiveEvents {
  readonly run = randomBytes(4).toString('hex');
  private n = 0;
  private buffer: Buffered[] = [];
  private bufferBytesNow = 0;
  private readonly clients = new Set<Client>();
  private worldDirty = false;
  private lastWorldText = '';
  private flushTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private world: World | undefined;
  private unsubscribe: (() => void) | undefined;
  private keyCount = 0;
  readonly options: Required<LiveEventsOptions>;
  /** Clients disconnected for falling behind (for tests and diagnostics). */
  droppedSlow = 0;

  constructor(options: LiveEventsOptions = {}) {
    this.options = {
      bufferEvents: options.bufferEvents ?? 1000,
      bufferBytes: options.bufferBytes ?? 16 * 1024 * 1024,
      heartbeatMs: options.heartbeatMs ?? 15_000,
      maxClients: options.maxClients ?? 32,
      clientBacklogBytes: options.clientBacklogBytes ?? 1024 * 1024,
      retryMs: options.retryMs ?? 2_000,
    };
  }

  /** Follows a world's calls (the server's world changes on POST /_lab/reset: attach the new one). */
  attach(world: World): void {
    this.unsubscribe?.();
    this.world = world;
    this.keyCount = Object.keys(world.state.keys).length;
    this.unsubscribe = world.subscribe((trace) => this.onCall(world, trace));
    this.worldChanged();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  get lastId(): string {
    return `${this.run}.${this.n}`;
  }

  /** Something outside a call changed the world (the clock moved, a reset): send the world if it differs. */
  worldChanged(): void {
    this.worldDirty = true;
    this.scheduleWorld();
  }

  private onCall(world: World, trace: CallTrace): void {
    // Called synchronously as the call completes (inside the world's queue): the audit event is the
    // one the trace names, and the slice is the world as this call left it.
    const auditId = trace.events.findLast((e) => e.type === 'audit');
    const log = world.state.auditLog;
    let audit: unknown = null;
    if (auditId && auditId.type === 'audit')
      for (let i = log.length - 1; i >= 0 && i >= log.length - 50; i--)
        if (log[i].eventID === auditId.eventId) {
          audit = log[i];
          break;
        }
    const text = JSON.stringify({ audit, trace, keys: sliceOf(world.state, trace) }, replacer);
    this.push('call', text);
    const keys = Object.keys(world.state.keys).length;
    if (!READS.test(trace.operation) || keys !== this.keyCount || trace.events.some((e) => e.type === 'time-effect')) {
      this.keyCount = keys;
      this.worldChanged();
    }
  }

  private scheduleWorld(): void {
    // With nobody listening the world is not serialised (a connecting client gets it fresh); a burst
    // of changes becomes one world event.
    if (!this.worldDirty || this.clients.size === 0 || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      if (!this.worldDirty || !this.world) return;
      this.worldDirty = false;
      const text = JSON.stringify(liveWorldOf(this.world.state));
      if (text === this.lastWorldText) return;
      this.lastWorldText = text;
      this.push('world', text);
    }, 25);
    this.flushTimer.unref();
  }

  private push(event: 'call' | 'world', data: string): void {
    const n = ++this.n;
    const text = `id: ${this.run}.${n}\nevent: ${event}\ndata: ${data}\n\n`;
    const bytes = Buffer.byteLength(text);
    this.buffer.push({ n, text, bytes });
    this.bufferBytesNow += bytes;
    while (this.buffer.length > this.options.bufferEvents || (this.bufferBytesNow > this.options.bufferBytes && this.buffer.length > 1)) this.bufferBytesNow -= this.buffer.shift()!.bytes;
    for (const c of this.clients) this.write(c, text);
  }

  /** Writes to one client, or disconnects it when it has fallen too far behind. */
  private write(c: Client, text: string): void {
    if (c.res.destroyed) return this.drop(c);
    if (c.res.writableLength > this.options.clientBacklogBytes) {
      this.droppedSlow++;
      c.res.destroy();
      return this.drop(c);
    }
    c.res.write(text);
  }

  private drop(c: Client): void {
    this.clients.delete(c);
    if (this.clients.size === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }

  /** Whether one more stream may open. */
  full(): boolean {
    return this.clients.size >= this.options.maxClients;
  }

  /**
   * Starts a stream on `res` (authentication and CORS already settled by the server; `headers`
   * are the CORS headers to send). `lastEventId`: the header or query value, if any.
   */
  open(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, lastEventId: string | undefined): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      ...headers,
    });
    req.socket.setKeepAlive(true);
    req.socket.setNoDelay(true);
    // A stream lives as long as the client wants: no request or idle timeout on it.
    req.socket.setTimeout(0);
    const client: Client = { res };
    let out = `retry: ${this.options.retryMs}\n: kms-lab live events, run ${this.run}\n\n`;
    if (lastEventId !== undefined) {
      const { gap, from } = this.resume(lastEventId);
      if (gap) out += `event: gap\ndata: ${JSON.stringify(gap)}\n\n`;
      for (const b of this.buffer) if (b.n > from) out += b.text;
    }
    // Then the world as it is now (under the newest id: a reconnect from it misses nothing).
    if (this.world) {
      const text = JSON.stringify(liveWorldOf(this.world.state));
      out += `id: ${this.lastId}\nevent: world\ndata: ${text}\n\n`;
      if (this.worldDirty && this.clients.size === 0) {
        // Nobody was listening: this is the world every later event builds on.
        this.worldDirty = false;
        this.lastWorldText = text;
      }
    }
    res.write(out);
    this.clients.add(client);
    const gone = () => this.drop(client);
    res.on('close', gone);
    res.on('error', gone);
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => {
        const beat = `: heartbeat ${new Date().toISOString()}\n\n`;
        for (const c of this.clients) this.write(c, beat);
      }, this.options.heartbeatMs);
      this.heartbeat.unref();
    }
    this.scheduleWorld();
  }

  /** Where a Last-Event-ID resumes: after event `from` of this run, and whether something is lost. */
  private resume(raw: string): { gap?: LiveGap; from: number } {
    const shown = raw.length > 100 ? `${raw.slice(0, 100)}…` : raw;
    const m = ID.exec(raw.trim());
    const oldest = this.buffer[0]?.n ?? this.n + 1;
    if (!m) return { from: 0, gap: { reason: 'unknown-id', lastEventId: shown, message: `Last-Event-ID ${JSON.stringify(shown)} is not an event id of this stream (they look like ${this.run}.12); sending every event still kept.` } };
    const n = Number(m[2]);
    if (m[1] !== this.run)
      return { from: 0, gap: { reason: 'other-run', lastEventId: shown, message: `Event ${shown} is from another run of kms-server (it has restarted since); its events are gone. Sending every event of this run still kept.` } };
    if (n > this.n) return { from: 0, gap: { reason: 'unknown-id', lastEventId: shown, message: `No event ${shown} was sent: the newest is ${this.lastId}. Sending every event still kept.` } };
    if (n < oldest - 1) {
      const missed = oldest - 1 - n;
      return {
        from: 0,
        gap: { reason: 'older-than-buffer', lastEventId: shown, missed, message: `Event ${shown} is older than the ${this.buffer.length} events kept for replay (the oldest kept is ${this.run}.${oldest}): ${missed} event${missed === 1 ? ' was' : 's were'} missed for good. Sending every event still kept.` },
      };
    }
    return { from: n };
  }

  /** Ends every stream (server shutdown). */
  close(): void {
    this.unsubscribe?.();
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }
}
