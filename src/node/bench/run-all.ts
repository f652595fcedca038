// npm run bench — runs every *-bench.ts in this folder, one after another, each in its own Node
// process (so one benchmark's JIT state and garbage do not colour the next one's numbers).

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const benches = readdirSync(here)
  .filter((f) => f.endsWith('-bench.ts'))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, file), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`${file} exited with ${r.status ?? r.signal}`);
  }
}
console.log(`\n${benches.length} benchmark(s) run${failed ? `, ${failed} failed` : ''}.`);
process.exit(failed ? 1 : 0);
