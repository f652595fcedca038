// npm run bench:envelope — envelope encryption throughput in headless Chromium.
//
// Builds the app if dist/ is missing (or with --build), serves it with `vite preview`, opens it with
// `?bench` (src/envelope/bench-page.ts) and envelope-encrypts and decrypts 256 MiB through the app's
// code path (GenerateDataKey in the engine → data key imported as a CryptoKey → chunked AES-256-GCM
// in the Web Worker → key wiped; Decrypt → worker decrypt) and through one bare WebCrypto AES-GCM
// call over the same bytes in memory, two ways:
//
//   transfer  the data in memory, moved to the worker by transfer, the result back as parts;
//   file      the studio's path: a file on disk picked through an <input type=file>, read by the
//             worker as a stream, the envelope back as a Blob; then that envelope downloaded, picked
//             again and decrypted to a plaintext Blob (checked against the original).
//
// Prints both throughputs and their ratio (aim ≥ 0.95) for each, the extra SHA-256 the studio does,
// and the longest main-thread task while a 64 MiB file is encrypted (PerformanceObserver longtask;
// aim: none over 50 ms). Rounds alternate bare and app; the best and the median are shown.
//
// Options: --mib N (default 256), --rounds N (default 3), --chunk BYTES, --only transfer|file,
// --json, --port P (default $E2E_PORT or 4179), --build (rebuild dist/ first), --quick (16 MiB, one
// round: a smoke run, not judged).
import { spawn, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import type { EnvelopeBench } from '../../envelope/bench-page';
import { printFigures, type Figure } from './figures';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const quick = process.argv.includes('--quick');
const mib = Number(arg('mib') ?? (quick ? 16 : 256));
const rounds = Number(arg('rounds') ?? (quick ? 1 : 3));
const chunkSize = arg('chunk') ? Number(arg('chunk')) : undefined;
const port = Number(arg('port') ?? process.env.E2E_PORT ?? 4179);
const only = arg('only');
const json = process.argv.includes('--json');
const MiB = 1024 * 1024;
/** Progress on stderr, so `--json` output stays clean. */
const log = (m: string) => process.stderr.write(`[bench:envelope] ${m}\n`);

/** A file of random bytes (incompressible, like the data people encrypt). */
function writeRandomFile(path: string, bytes: number) {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(8 * MiB);
  try {
    for (let at = 0; at < bytes; at += block.length) {
      const n = Math.min(block.length, bytes - at);
      randomFillSync(block, 0, n);
      writeSync(fd, block, 0, n);
    }
  } finally {
    closeSync(fd);
  }
}

const best = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Throughputs and ratios from per-round times (ms) of the app and of bare WebCrypto. */
function compare(bytes: number, app: number[], bare: number[]) {
  const mbps = (ms: number) => bytes / MiB / (ms / 1000);
  return {
    appMiBps: mbps(best(app)),
    bareMiBps: mbps(best(bare)),
    ratio: best(bare) / best(app),
    medianAppMiBps: mbps(median(app)),
    medianBareMiBps: mbps(median(bare)),
    medianRatio: median(bare) / median(app),
    appMs: app.map(Math.round),
    bareMs: bare.map(Math.round),
  };
}

/** Runs one of the page's bench functions; gives up after 5 minutes instead of hanging (see the note in bench-page.ts). */
const bench = <K extends keyof EnvelopeBench>(page: Page, name: K, ...args: Parameters<EnvelopeBench[K]>) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bench step ${name} did not finish in 5 minutes`)), 300_000);
  });
  const run = page.evaluate(
    ([n, a]) => (globalThis as unknown as { __envelopeBench: Record<string, (...x: unknown[]) => unknown> }).__envelopeBench[n as string](...(a as unknown[])),
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<EnvelopeBench[K]>>>;
  return Promise.race([run, limit]).finally(() => clearTimeout(timer));
};

async function main() {
  if (process.argv.includes('--build') || !existsSync(join(root, 'dist/index.html'))) {
    const b = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('vite build failed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'kms-lab-bench-'));
  const plainPath = join(dir, 'bench.bin');
  const envelopePath = join(dir, 'bench.bin.kmsenv');
  const smallPath = join(dir, 'small.bin');
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: root, stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}/?bench`;
  try {
    if (only !== 'transfer') writeRandomFile(plainPath, mib * MiB);
    writeRandomFile(smallPath, 64 * MiB);
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
      } catch {
        /* not up yet */
      }
      if (i > 100) throw new Error('vite preview did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'],
    });
    try {
      // Playwright's default context is like an Incognito window: Blobs live in memory only, 500 MiB in all.
      const page = await browser.newPage({ acceptDownloads: true });
      page.on('pageerror', (e) => log(`page error: ${e.message}`));
      page.on('crash', () => log('the page crashed'));
      await page.goto(url);
      await page.waitForFunction(() => '__envelopeBench' in globalThis, null, { timeout: 30_000 });

      let transfer: { encrypt: ReturnType<typeof compare>; decrypt: ReturnType<typeof compare> } | undefined;
      let cores = 0;
      if (only !== 'file') {
        log('transfer path…');
        const t = await bench(page, 'transfer', { mib, rounds, chunkSize });
        cores = t.cores;
        transfer = {
          encrypt: compare(t.bytes, t.app.map((r) => r.encryptMs), t.bare.map((r) => r.encryptMs)),
          decrypt: compare(t.bytes, t.app.map((r) => r.decryptMs), t.bare.map((r) => r.decryptMs)),
        };
        // The transfer round's buffers are garbage now; let the file path start clean.
        await page.reload();
        await page.waitForFunction(() => '__envelopeBench' in globalThis, null, { timeout: 30_000 });
      }

      let file: { encrypt: ReturnType<typeof compare>; decrypt: ReturnType<typeof compare>; roundTripChecked: boolean; studioSha256Ms: number } | undefined;
      if (only !== 'transfer') {
        log('file path: encrypt…');
        await page.setInputFiles('#bench-plain', plainPath);
        const e = await bench(page, 'fileEncrypt', { rounds, chunkSize });
        // Download the envelope (as the studio's "Download" does), then pick it again to decrypt.
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#bench-download')]);
        log('file path: downloading the envelope…');
        await download.saveAs(envelopePath);
        await download.delete();
        await page.setInputFiles('#bench-envelope', envelopePath);
        log('file path: decrypt…');
        const d = await bench(page, 'fileDecrypt', { rounds });
        const digest = await bench(page, 'studioDigest');
        await bench(page, 'release');
        file = {
          encrypt: compare(e.bytes, e.app, e.bare),
          decrypt: compare(d.bytes, d.app, d.bare),
          roundTripChecked: d.same,
          studioSha256Ms: digest.sha256Ms,
        };
      }

      log('longest main-thread task…');
      await page.setInputFiles('#bench-small', smallPath);
      const lt = await bench(page, 'longestTask', { chunkSize });
      cores ||= await page.evaluate(() => navigator.hardwareConcurrency);

      const out = {
        mib,
        chunkSize: chunkSize ?? MiB,
        rounds,
        cores,
        transfer,
        file,
        longestMainThreadTaskMs: lt.longestMs,
        longTasks: lt.longTasks,
        longTaskFileMiBps: lt.bytes / MiB / (lt.encryptMs / 1000),
      };
      if (json) {
        console.log(JSON.stringify(out, null, 2));
      } else {
        const f = (n: number) => n.toFixed(0).padStart(6);
        const row = (label: string, c: ReturnType<typeof compare>) =>
          console.log(`  ${label.padEnd(22)} ${f(c.appMiBps)}  ${f(c.bareMiBps)}   ${c.ratio.toFixed(2)}   | ${f(c.medianAppMiBps)}  ${f(c.medianBareMiBps)}   ${c.medianRatio.toFixed(2)}`);
        console.log(`Envelope encryption, ${mib} MiB in headless Chromium (${cores} cores), chunks of ${((chunkSize ?? MiB) / MiB).toFixed(0)} MiB, ${rounds} rounds (bare and app alternate)`);
        console.log(`                           best of ${rounds}: app · bare MiB/s · ratio | median: app · bare MiB/s · ratio   (aim ≥ 0.95)`);
        if (transfer) {
          row('transfer  encrypt', transfer.encrypt);
          row('transfer  decrypt', transfer.decrypt);
        }
        if (file) {
          row('file      encrypt', file.encrypt);
          row('file      decrypt', file.decrypt);
          console.log(`  file path: a file on disk → worker stream → envelope Blob; the downloaded envelope → plaintext Blob (${file.roundTripChecked ? 'checked against the original' : 'MISMATCH with the original'})`);
          console.log(`  the studio also hashes the plaintext (SHA-256, "matches the original"): ${file.studioSha256Ms.toFixed(0)} ms for ${mib} MiB, after encrypting and again after decrypting`);
        }
        console.log(`Longest main-thread task while 64 MiB is envelope-encrypted: ${out.longestMainThreadTaskMs.toFixed(0)} ms (${out.longTasks} long task(s) over 50 ms; aim: none)`);
      }
      const figures: Figure[] = [];
      const figure = (label: string, c: ReturnType<typeof compare>) =>
        figures.push({ figure: `envelope ${mib} MiB ${label}`, value: c.appMiBps, unit: 'MiB/s', baseline: 'bare WebCrypto AES-GCM', baselineValue: c.bareMiBps, ratio: c.ratio, goal: '≥ 0.95', met: c.ratio >= 0.95 });
      if (file) {
        figure('from a File, encrypt', file.encrypt);
        figure('from a File, decrypt', file.decrypt);
      }
      if (transfer) {
        figure('in memory (transfer), encrypt', transfer.encrypt);
        figure('in memory (transfer), decrypt', transfer.decrypt);
      }
      figures.push({ figure: 'envelope: longest main-thread task while 64 MiB is encrypted', value: out.longestMainThreadTaskMs, unit: 'ms', goal: '≤ 50 ms', met: out.longestMainThreadTaskMs <= 50 });
      if (!json) printFigures('envelope', figures, quick);
      if (file && !file.roundTripChecked) process.exitCode = 1;
    } finally {
      await browser.close();
    }
  } finally {
    if (server.pid) process.kill(-server.pid);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
