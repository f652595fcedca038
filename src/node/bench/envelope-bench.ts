// npm run bench:envelope — envelope encryption throughput in headless Chromium.
//
// Builds the app if dist/ is missing, serves it with `vite preview`, opens it with `?bench`, and
// envelope-encrypts and decrypts 256 MiB through the app's code path (GenerateDataKey in the
// engine → data key imported as a CryptoKey → chunked AES-256-GCM in the Web Worker → key wiped;
// Decrypt → worker decrypt) and through one bare WebCrypto AES-GCM call. Prints both throughputs,
// their ratio (aim ≥ 0.9), and the longest main-thread task while a 64 MiB file is encrypted
// (PerformanceObserver longtask; aim: none over 50 ms).
//
// Options: --mib N (default 256), --rounds N (default 2, best of), --chunk BYTES, --json, --port P.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const mib = Number(arg('mib') ?? 256);
const rounds = Number(arg('rounds') ?? 2);
const chunkSize = arg('chunk') ? Number(arg('chunk')) : undefined;
const port = Number(arg('port') ?? 4179);
const json = process.argv.includes('--json');

async function main() {
  if (!existsSync(join(root, 'dist/index.html'))) {
    const b = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('vite build failed');
  }
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: root, stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}/?bench`;
  try {
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
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForFunction(() => 'envelopeBench' in globalThis || '__envelopeBench' in globalThis, null, { timeout: 30_000 });
      const r = await page.evaluate(
        (o) => (globalThis as unknown as { __envelopeBench: (o: unknown) => Promise<Record<string, unknown>> }).__envelopeBench(o),
        { mib, rounds, chunkSize, longTaskMib: 64 },
      ) as {
        bytes: number;
        chunkSize: number;
        app: { encryptMs: number; decryptMs: number };
        bare: { encryptMs: number; decryptMs: number };
        longTask: { longestMs: number; longTasks: number; encryptMs: number };
        userAgent: string;
        cores: number;
      };
      const mbps = (ms: number) => r.bytes / 1024 / 1024 / (ms / 1000);
      const out = {
        mib,
        chunkSize: r.chunkSize,
        encrypt: { appMiBps: mbps(r.app.encryptMs), bareMiBps: mbps(r.bare.encryptMs), ratio: r.bare.encryptMs / r.app.encryptMs },
        decrypt: { appMiBps: mbps(r.app.decryptMs), bareMiBps: mbps(r.bare.decryptMs), ratio: r.bare.decryptMs / r.app.decryptMs },
        longestMainThreadTaskMs: r.longTask.longestMs,
        longTasks: r.longTask.longTasks,
        cores: r.cores,
      };
      if (json) {
        console.log(JSON.stringify(out, null, 2));
      } else {
        const f = (n: number) => n.toFixed(0).padStart(6);
        console.log(`Envelope encryption, ${mib} MiB in headless Chromium (${r.cores} cores), chunks of ${(r.chunkSize / 1024 / 1024).toFixed(0)} MiB, best of ${rounds}`);
        console.log(`                 app path (MiB/s)   bare WebCrypto (MiB/s)   ratio (aim ≥ 0.9)`);
        console.log(`  encrypt        ${f(out.encrypt.appMiBps)}             ${f(out.encrypt.bareMiBps)}                   ${out.encrypt.ratio.toFixed(2)}`);
        console.log(`  decrypt        ${f(out.decrypt.appMiBps)}             ${f(out.decrypt.bareMiBps)}                   ${out.decrypt.ratio.toFixed(2)}`);
        console.log(`Longest main-thread task while 64 MiB is envelope-encrypted: ${out.longestMainThreadTaskMs.toFixed(0)} ms (${out.longTasks} long task(s) over 50 ms; aim: none)`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    if (server.pid) process.kill(-server.pid);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
