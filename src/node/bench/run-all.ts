// npm run bench — runs every *-bench.ts in this folder, one after another, each in its own Node
// process (so one benchmark's JIT state and garbage do not colour the next one's numbers), then
// prints one table of every figure the benchmarks reported (figures.ts), with its baseline and
// ratio. `npm run bench -- --quick` is the CI smoke run: small sizes, nothing judged on timing.

import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBench } from './build-and-run';
import { FIGURES_PREFIX, figureTable, type Figure } from './figures';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const benches = readdirSync(here)
  .filter((f) => f.endsWith('-bench.ts'))
  .sort();

/** Runs one bench, passing its output through, and returns the figures it reported. */
function run(bundle: string): Promise<{ status: number; figures: (Figure & { bench: string })[] }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--enable-source-maps', bundle, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const figures: (Figure & { bench: string })[] = [];
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(FIGURES_PREFIX)) {
          const r = JSON.parse(line.slice(FIGURES_PREFIX.length)) as { bench: string; figures: Figure[] };
          for (const f of r.figures) figures.push({ ...f, bench: r.bench });
        } else console.log(line);
      }
    });
    child.on('close', (code) => {
      if (buffered) console.log(buffered);
      done({ status: code ?? 1, figures });
    });
  });
}

let failed = 0;
const all: (Figure & { bench: string })[] = [];
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const { status, figures } = await run(await buildBench(file.replace(/\.ts$/, '')));
  all.push(...figures);
  if (status !== 0) {
    failed++;
    console.error(`${file} exited with ${status}`);
  }
}
console.log(`\n=== every figure (load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; ${os.cpus().length} cores) ===`);
console.log(figureTable(all, quick));
console.log(`\n${benches.length} benchmark(s) run${failed ? `, ${failed} failed` : ''}${quick ? ' (--quick: smoke run, not judged)' : ''}.`);
process.exit(failed ? 1 : 0);
