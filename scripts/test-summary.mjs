// The closing lines of scripts/test.sh: the unit (Vitest JSON) and browser (e2e/reporter.ts JSON, one per run)
// counts, the flaky browser tests, then `N passed, N failed` (`, N skipped` if any) over both.
// A suite that did not report (its stage crashed, or never ran) counts as one failure, so the
// closing line can never read clean when tests went missing. Exit 1 when anything failed.
import { existsSync, readFileSync } from 'node:fs';

const [unitFile, ...e2eFiles] = process.argv.slice(2);
const read = (f) => (f && existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

let passed = 0;
let failed = 0;
let skipped = 0;

const unit = read(unitFile);
if (unit) {
  // A file that fails to load has no failed tests but is a failure all the same.
  const brokenFiles = (unit.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  const u = { passed: unit.numPassedTests, failed: unit.numFailedTests + brokenFiles, skipped: unit.numPendingTests + unit.numTodoTests };
  console.log(`unit: ${u.passed} passed, ${u.failed} failed${u.skipped ? `, ${u.skipped} skipped` : ''}${brokenFiles ? ` (${plural(brokenFiles, 'file')} failed to run)` : ''}`);
  passed += u.passed;
  failed += u.failed;
  skipped += u.skipped;
} else {
  console.log('unit: no results (the stage did not report): counted as 1 failed');
  failed += 1;
}

// The browser suite runs twice: against the build, and its dev-server specs against `npm start`.
const e2eRuns = e2eFiles.map(read);
if (e2eRuns.every(Boolean)) {
  const e2e = { passed: 0, flaky: 0, failed: 0, skipped: 0, notRun: 0, flakyTests: [], failedTests: [] };
  for (const r of e2eRuns) for (const k of Object.keys(e2e)) e2e[k] = Array.isArray(e2e[k]) ? [...e2e[k], ...r[k]] : e2e[k] + r[k];
  const notRun = e2e.notRun ? `, ${e2e.notRun} did not run` : '';
  console.log(`e2e: ${e2e.passed} passed${e2e.flaky ? ` (${e2e.flaky} flaky: passed only on the retry)` : ''}, ${e2e.failed} failed${e2e.skipped ? `, ${e2e.skipped} skipped` : ''}${notRun}`);
  for (const t of e2e.flakyTests) console.log(`  FLAKY ${t}`);
  for (const t of e2e.failedTests) console.log(`  FAILED ${t}`);
  passed += e2e.passed;
  failed += e2e.failed + e2e.notRun;
  skipped += e2e.skipped;
} else {
  const missing = e2eRuns.filter((r) => !r).length;
  for (const r of e2eRuns.filter(Boolean)) {
    passed += r.passed;
    failed += r.failed + r.notRun;
    skipped += r.skipped;
  }
  console.log(`e2e: ${plural(missing, 'run')} did not report (its stage crashed or never ran): counted as ${missing} failed`);
  failed += missing;
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
