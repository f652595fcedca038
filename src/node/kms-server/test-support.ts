// Shared by the endpoint's tests and the benchmark: start the server as its own process (as
// `npm run kms-server` does) and wait for the ready line; make SDK clients pointed at it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KMSClient } from '@aws-sdk/client-kms';
import { SignatureV4 } from '@smithy/signature-v4';
import { createWorld, type CryptoPort, type World } from '@kms-lab/engine';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');
const READY = /^kms-server listening on (http:\/\/\S+)$/m;

export interface SpawnedServer {
  url: string;
  port: number;
  proc: ChildProcessWithoutNullStreams;
  output: () => string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (kill -9) and wait for the exit. */
  kill9(): Promise<void>;
}

/** Spawns `main.ts` with `args` (port 0 unless given) and resolves with its URL once the ready line is printed. */
export function spawnServer(args: string[] = [], timeoutMs = 30_000): Promise<SpawnedServer> {
  const withPort = args.includes('--port') ? args : ['--port', '0', ...args];
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN, ...withPort], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const signal = async (s: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(s);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`kms-server did not print its ready line within ${timeoutMs} ms.\nstdout: ${out}\nstderr: ${err}`));
    }, timeoutMs);
    const onData = () => {
      const m = READY.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout.off('data', onData);
      const url = m[1];
      resolve({
        url,
        port: Number(new URL(url).port),
        proc,
        output: () => `stdout: ${out}\nstderr: ${err}`,
        stop: () => signal('SIGTERM'),
        kill9: () => signal('SIGKILL'),
      });
    };
    proc.stdout.on('data', onData);
    proc.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`kms-server exited (${code ?? sig}) before it was ready.\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

export const TEST_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

export function sdkClient(url: string, region = 'us-east-1', credentials = TEST_CREDENTIALS): KMSClient {
  // No retries: a test sees the first answer, as the server gave it.
  return new KMSClient({ endpoint: url, region, credentials, maxAttempts: 1 });
}

// ---- a world with two callers (for the identity and CLI tests) ----

export const ALICE = 'arn:aws:iam::111122223333:user/alice';
export const BOB = 'arn:aws:iam::111122223333:user/bob';
export const alice = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret-key' };
export const bob = { accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'anything: bob has no secret in the world' };

/** Two principals and a key whose policy lets alice (not bob) use it; the root account keeps kms:*. */
export async function twoPrincipalWorld(crypto: CryptoPort): Promise<World> {
  const world = await createWorld({ now: new Date('2026-01-01T00:00:00Z'), crypto });
  world.putPrincipal({ arn: ALICE, ...alice });
  world.putPrincipal({ arn: BOB, accessKeyId: bob.accessKeyId });
  await world.client({}).createKey({
    Description: 'alice only',
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
        { Sid: 'alice uses the key', Effect: 'Allow', Principal: { AWS: ALICE }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
      ],
    }),
  });
  return world;
}


// ---- requests signed by the SDK's own SigV4 signer, sent byte for byte (for the signature tests) ----

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface RawResponse {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
}

/** Sends exactly these headers and body (Host included) over node:http: no client adds or changes anything. */
export function sendRaw(url: string, r: RawRequest): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method: r.method, path: r.path, headers: { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) }, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let json: Record<string, unknown> | undefined;
        try {
          json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

class NodeSha256 {
  private readonly h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const bytes = (d: string | ArrayBuffer | ArrayBufferView) => (typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
    this.bytes = bytes;
  }
  private readonly bytes: (d: string | ArrayBuffer | ArrayBufferView) => string | Uint8Array;
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(this.bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

/**
 * The request the real KMSClient would send for `command` (signed by its SigV4 middleware), caught
 * just before it goes on the wire. `beforeSigning` may change the request first (e.g. add an
 * x-amz-content-sha256 header, which the signer then signs and uses as the payload hash).
 */
export async function sdkSignedRequest(
  url: string,
  /** A KMS command object (DescribeKeyCommand, EncryptCommand…). */
  command: object,
  options: { region?: string; credentials?: { accessKeyId: string; secretAccessKey: string }; systemClockOffset?: number; beforeSigning?: (r: { headers: Record<string, string>; body: unknown }) => void } = {},
): Promise<RawRequest> {
  const client = new KMSClient({ endpoint: url, region: options.region ?? 'us-east-1', credentials: options.credentials ?? TEST_CREDENTIALS, maxAttempts: 1, systemClockOffset: options.systemClockOffset ?? 0 });
  let caught: RawRequest | undefined;
  if (options.beforeSigning)
    client.middlewareStack.add((next) => (args) => {
      options.beforeSigning!((args as { request: { headers: Record<string, string>; body: unknown } }).request);
      return next(args);
    }, { step: 'build', priority: 'low' });
  client.middlewareStack.add(
    () => (args) => {
      const r = (args as { request: { method: string; path: string; query?: Record<string, string>; headers: Record<string, string>; body: string } }).request;
      const query = new URLSearchParams(r.query ?? {}).toString();
      caught = { method: r.method, path: query ? `${r.path}?${query}` : r.path, headers: { ...r.headers }, body: r.body ?? '' };
      throw new Error('caught');
    },
    { step: 'deserialize', priority: 'low' },
  );
  await (client.send.bind(client) as (c: object) => Promise<unknown>)(command).catch(() => undefined);
  client.destroy();
  if (!caught) throw new Error('the SDK did not build a request');
  return caught;
}

/** A request to any path (the /_lab/ endpoints) signed by the SDK's SigV4 signer (@smithy/signature-v4) for service kms. */
export async function smithySigned(
  url: string,
  r: { method: string; path: string; body?: string },
  credentials: { accessKeyId: string; secretAccessKey: string },
  options: { region?: string; service?: string; signingDate?: Date } = {},
): Promise<RawRequest> {
  const u = new URL(url);
  const [path, query] = r.path.split('?');
  const signer = new SignatureV4({ credentials, region: options.region ?? 'us-east-1', service: options.service ?? 'kms', sha256: NodeSha256 });
  const body = r.body ?? '';
  const unsigned = { method: r.method, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path, query: Object.fromEntries(new URLSearchParams(query ?? '')), headers: { host: u.host, 'content-type': 'application/json' }, body };
  const signed = (await signer.sign(unsigned, { signingDate: options.signingDate })) as { headers: Record<string, string> };
  return { method: r.method, path: r.path, headers: signed.headers, body };
}
