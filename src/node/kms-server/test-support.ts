// Shared by the endpoint's tests and the benchmark: start the server as its own process (as
// `npm run kms-server` does) and wait for the ready line; make SDK clients pointed at it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KMSClient } from '@aws-sdk/client-kms';
import { createWorld, type CryptoPort, type World } from '../../engine/index';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');
export const READY = /^kms-server listening on (http:\/\/\S+)$/m;

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

