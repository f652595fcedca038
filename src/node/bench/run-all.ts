// npm run bench — runs every *-bench.ts in this folder, one after another, each in its own Node
// process (so one benchmark's JIT state and garbage do not colour the next one's numbers).

import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench } from './build-and-run';

const here = dirname(fileURLToPath(import.meta.url));
const benches = readdirSync(here)
  .filter((f) => f.endsWith('-bench.ts'))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const status = await runBench(file.replace(/\.ts$/, ''), process.argv.slice(2));
  if (status !== 0) {
    failed++;
    console.error(`${file} exited with ${status}`);
  }
}
console.log(`\n${benches.length} benchmark(s) run${failed ? `, ${failed} failed` : ''}.`);
process.exit(failed ? 1 : 0);
