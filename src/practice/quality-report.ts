// Prints the generator's quality measure: per level, puzzles per kind, topic and template, the
// outcomes per kind with the largest share, and any problem found.
//   npx tsx src/practice/quality-report.ts [seeds per level, default 10000]
import { largestShares, measureLevel } from './quality-kit';
import { LEVELS } from './model';

const seeds = Number(process.argv[2] ?? 10_000);
for (const level of LEVELS) {
  const r = await measureLevel(level, seeds);
  console.log(`\nLevel ${level}: ${r.seeds} seeds in ${(r.ms / 1000).toFixed(1)} s (${r.behaviourRuns} distinct behaviour runs), ${r.problems.length} problems`);
  console.log('  kinds     ', JSON.stringify(r.kinds));
  console.log('  topics    ', JSON.stringify(r.topics));
  console.log('  templates ', JSON.stringify(r.templates));
  for (const [kind, counts] of Object.entries(r.outcomes)) {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const shares = Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([o, n]) => `${o} ${((100 * n) / total).toFixed(1)}%`);
    console.log(`  ${kind.padEnd(10)} ${shares.join(', ')}  (largest: ${(100 * largestShares(r)[kind].share).toFixed(1)}%)`);
  }
  for (const p of r.problems.slice(0, 10)) console.log('  problem:', p);
}
