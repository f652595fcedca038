// npm run bench:server — the KMS endpoint under load from the AWS SDK, on loopback.
//
// Starts `kms-server` (its own process, no --state) and, beside it, a bare node:http server that
// answers every request with `{}` (the transport's limit: the same SDK, signing and HTTP, no
// engine). Then, for 1, 8 and 64 concurrent SDK clients (one KMSClient each), measures requests
// per second and p50/p99 latency of Encrypt, Decrypt and GenerateDataKey against kms-server, and of
// the same Encrypt call against the bare server. Bounded: each cell runs --requests N calls
// (default 4000) or --seconds S (default 10), whichever ends first, after a short warm-up.
//
// Then acknowledged mutating operations (TagResource and UpdateKeyDescription, alternating, on 8
// keys) at 8 clients, against kms-server in memory and against a second kms-server with --state
// (each answer only once its change is on disk: group commit), side by side.
//
// Options: --requests N, --seconds S, --json (machine-readable output).
import { spawn } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient, TagResourceCommand, UpdateKeyDescriptionCommand } from '@aws-sdk/client-kms';
import { spawnServer } from '../kms-server/test-support';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('--requests', 4000);
const SECONDS = arg('--seconds', 10);
const JSON_OUT = process.argv.includes('--json');
const CONCURRENCY = [1, 8, 64];
const credentials = { accessKeyId: 'AKIABENCH00000000001', secretAccessKey: 'bench' };

const BARE = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': '2', 'x-amzn-RequestId': 'bare' });
    res.end('{}');
  });
});
s.keepAliveTimeout = 5000;
s.listen(0, '127.0.0.1', () => console.log('bare listening on http://127.0.0.1:' + s.address().port));
`;

async function startBare(): Promise<{ url: string; stop: () => void }> {
  const proc = spawn(process.execPath, ['-e', BARE], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /bare listening on (\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => proc.kill('SIGTERM') });
    });
    proc.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
  });
}

interface Cell {
  target: string;
  operation: string;
  clients: number;
  requests: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

type Call = (client: KMSClient) => Promise<unknown>;

async function runCell(target: string, url: string, operation: string, clients: number, call: Call): Promise<Cell> {
  const sdk = Array.from({ length: clients }, () => new KMSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 }));
  // Warm-up: open the connections, let the JIT settle.
  await Promise.all(sdk.map(async (c) => {
    for (let i = 0; i < Math.max(3, Math.ceil(600 / clients)); i++) await call(c);
  }));
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    sdk.map(async (c) => {
      while (issued < REQUESTS && performance.now() < deadline) {
        issued++;
        const t = performance.now();
        try {
          await call(c);
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const c of sdk) c.destroy();
  latencies.sort((a, b) => a - b);
  return {
    target,
    operation,
    clients,
    requests: latencies.length,
    seconds: Number(elapsed.toFixed(2)),
    rps: Math.round(latencies.length / elapsed),
    p50ms: Number(percentile(latencies, 50).toFixed(2)),
    p99ms: Number(percentile(latencies, 99).toFixed(2)),
    errors,
  };
}

async function main() {
  const bare = await startBare();
  const kms = await spawnServer();
  const results: Cell[] = [];
  try {
    const setup = new KMSClient({ endpoint: kms.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const keyId = (await setup.send(new CreateKeyCommand({ Description: 'bench' }))).KeyMetadata!.Arn!;
    const plaintext = new TextEncoder().encode('x'.repeat(128));
    const { CiphertextBlob } = await setup.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
    setup.destroy();
    const ops: [string, Call][] = [
      ['Encrypt', (c) => c.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))],
      ['Decrypt', (c) => c.send(new DecryptCommand({ CiphertextBlob }))],
      ['GenerateDataKey', (c) => c.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }))],
    ];
    for (const clients of CONCURRENCY) {
      results.push(await runCell('bare node:http {}', bare.url, 'Encrypt', clients, ops[0][1]));
      for (const [op, make] of ops) results.push(await runCell('kms-server', kms.url, op, clients, make));
      if (!JSON_OUT) for (const r of results.filter((x) => x.clients === clients)) printRow(r);
    }
    // Acknowledged mutating operations, in memory and with --state.
    const stateDir = mkdtempSync(join(os.tmpdir(), 'kms-bench-state-'));
    const durable = await spawnServer(['--state', stateDir]);
    try {
      for (const [target, url] of [
        ['kms-server', kms.url],
        ['kms-server --state', durable.url],
      ] as const) {
        const setup = new KMSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
        const keys: string[] = [];
        for (let i = 0; i < 8; i++) keys.push((await setup.send(new CreateKeyCommand({ Description: `mutate ${i}` }))).KeyMetadata!.Arn!);
        setup.destroy();
        let n = 0;
        const mutate: Call = (c) => {
          const i = n++;
          const KeyId = keys[i % keys.length];
          return i % 2 ? c.send(new TagResourceCommand({ KeyId, Tags: [{ TagKey: 'n', TagValue: String(i) }] })) : c.send(new UpdateKeyDescriptionCommand({ KeyId, Description: `d${i}` }));
        };
        const cell = await runCell(target, url, 'Tag/UpdateDesc', 8, mutate);
        results.push(cell);
        if (!JSON_OUT) printRow(cell);
      }
    } finally {
      await durable.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  } finally {
    await kms.stop();
    bare.stop();
  }
  const memMut = results.find((r) => r.target === 'kms-server' && r.operation === 'Tag/UpdateDesc')!;
  const durMut = results.find((r) => r.target === 'kms-server --state' && r.operation === 'Tag/UpdateDesc')!;
  const bare8 = results.find((r) => r.target.startsWith('bare') && r.clients === 8)!;
  const enc8 = results.find((r) => r.target === 'kms-server' && r.operation === 'Encrypt' && r.clients === 8)!;
  const ratio = enc8.rps / bare8.rps;
  if (JSON_OUT) console.log(JSON.stringify({ machine: machine(), requestsPerCell: REQUESTS, results, encryptAt8VsBare: Number(ratio.toFixed(3)), mutatingAt8: { memory: memMut.rps, state: durMut.rps } }, null, 2));
  else {
    console.log(`\nEncrypt at 8 clients: ${enc8.rps} req/s = ${(ratio * 100).toFixed(0)}% of the bare server's ${bare8.rps} req/s (aim: at least 50%) — ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
    console.log(
      `Acknowledged mutating operations at 8 clients: ${durMut.rps}/s with --state (group commit, fdatasync'ed) beside ${memMut.rps}/s in memory (aim: at least 1000/s with --state) — ${durMut.rps >= 1000 ? 'met' : 'NOT met'}`,
    );
    console.log(machine());
  }
}

function printRow(r: Cell) {
  console.log(
    `${r.target.padEnd(18)} ${r.operation.padEnd(16)} clients=${String(r.clients).padStart(2)}  ${String(r.rps).padStart(6)} req/s  p50 ${r.p50ms.toFixed(2).padStart(7)} ms  p99 ${r.p99ms.toFixed(2).padStart(7)} ms  (${r.requests} requests in ${r.seconds}s${r.errors ? `, ${r.errors} errors` : ''})`,
  );
}

function machine() {
  return `node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, loopback; SDK clients in this process, each server in its own`;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
