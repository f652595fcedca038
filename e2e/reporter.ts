/**
 * The browser suite's own summary, beside Playwright's usual reporter: it makes flakiness visible.
 * A test that failed and then passed on its retry is listed as FLAKY, with the error of the failed
 * try, so a retry never hides a problem. It also writes the counts as JSON (`E2E_SUMMARY_FILE`, for
 * scripts/test.sh's closing line).
 *
 * Counts: passed (first try or on retry), flaky (the part of passed that needed a retry), failed,
 * skipped (test.skip / test.fixme), notRun (interrupted, or never started: counted as failed by CI).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { FullConfig, FullResult, Reporter, Suite, TestCase } from '@playwright/test/reporter';

export interface E2eSummary {
  passed: number;
  flaky: number;
  failed: number;
  skipped: number;
  notRun: number;
  flakyTests: string[];
  failedTests: string[];
  status: FullResult['status'];
  durationMs: number;
}

const firstLine = (s: string | undefined) => stripVTControlCharacters(s ?? '').split('\n').find((l) => l.trim()) ?? '';

export default class SummaryReporter implements Reporter {
  private suite: Suite | null = null;
  private root = '';

  onBegin(config: FullConfig, suite: Suite): void {
    this.suite = suite;
    this.root = config.rootDir;
  }

  printsToStdio(): boolean {
    return true;
  }

  private name(test: TestCase): string {
    return `${relative(process.cwd(), test.location.file) || relative(this.root, test.location.file)}:${test.location.line} › ${test.titlePath().slice(3).join(' › ') || test.title}`;
  }

  onEnd(result: FullResult): void {
    const s: E2eSummary = { passed: 0, flaky: 0, failed: 0, skipped: 0, notRun: 0, flakyTests: [], failedTests: [], status: result.status, durationMs: Math.round(result.duration) };
    for (const test of this.suite?.allTests() ?? []) {
      const ran = test.results.filter((r) => r.status !== 'interrupted' && r.status !== 'skipped');
      const outcome = test.outcome();
      if (outcome === 'expected') s.passed++;
      else if (outcome === 'flaky') {
        s.passed++;
        s.flaky++;
        const failedTry = test.results.find((r) => r.status !== 'passed' && r.status !== 'skipped');
        s.flakyTests.push(`${this.name(test)} — try ${(failedTry?.retry ?? 0) + 1} ${failedTry?.status}: ${firstLine(failedTry?.error?.message)}`);
      } else if (outcome === 'unexpected') {
        s.failed++;
        s.failedTests.push(this.name(test));
      } else if (ran.length === 0 && test.expectedStatus === 'skipped') s.skipped++;
      else s.notRun++;
    }
    if (s.flakyTests.length) {
      console.log(`\nFLAKY — ${s.flaky} browser test${s.flaky === 1 ? '' : 's'} failed, then passed on the retry (a retry is not a pass to ignore):`);
      for (const t of s.flakyTests) console.log(`  FLAKY ${t}`);
    }
    if (s.notRun) console.log(`\n${s.notRun} browser test${s.notRun === 1 ? '' : 's'} did not run (interrupted or never started).`);
    const file = process.env.E2E_SUMMARY_FILE;
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(s, null, 2));
    }
  }
}
