// npm run simulate -- FILE [--format json|text] [--explain]
// Evaluates the requests of a kms-scenario/1 file (shared/reference/scenario-format.md, a contract).
// Exit status: 0 every expectation met; 1 some expectation not met; 2 the file cannot be read or is invalid.
import { readFileSync } from 'node:fs';
import { describeProblem, loadScenario, type LoadScenarioResult } from '@kms-lab/engine/scenario';
import { simulateRequests, type SimulationReport } from '@kms-lab/engine/scenario';
import { indented, jsonResult, plainResultText, textBlock } from './simulate-output';

const USAGE = 'usage: npm run simulate -- FILE|- [--format json|text] [--explain]';

interface Options {
  file: string;
  format: 'json' | 'text';
  explain: boolean;
}

function parseArgs(argv: string[]): Options | string {
  let file: string | undefined;
  let format: 'json' | 'text' | undefined;
  let explain = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--explain') explain = true;
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      if (v !== 'json' && v !== 'text') return `--format takes json or text, not ${v ?? 'nothing'}`;
      format = v;
    } else if (a === '--help' || a === '-h') return USAGE;
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `one file at a time (got ${file} and ${a})`;
  }
  if (!file) return 'no scenario file given';
  return { file, format: format ?? (process.stdout.isTTY ? 'text' : 'json'), explain };
}

/** Standard output in large writes, waiting whenever the pipe is full (memory stays flat however long the report). */
class Output {
  private parts: string[] = [];
  private size = 0;
  async write(s: string): Promise<void> {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.size) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!process.stdout.write(chunk)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
}

/** Reads and loads the file (its text is not kept: a big file's text is let go once it is read). */
async function readScenario(file: string): Promise<LoadScenarioResult | string> {
  let text: string;
  try {
    text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  } catch (e) {
    return (e as Error).message;
  }
  return loadScenario(text);
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (typeof opts === 'string') {
    process.stderr.write(`simulate: ${opts}\n${opts === USAGE ? '' : USAGE + '\n'}`);
    return 2;
  }
  const name = opts.file === '-' ? 'standard input' : opts.file;
  const loaded = await readScenario(opts.file);
  if (typeof loaded === 'string') {
    process.stderr.write(`simulate: cannot read ${opts.file}: ${loaded}\n`);
    return 2;
  }
  for (const w of loaded.warnings ?? []) process.stderr.write(`simulate: warning: ${name}: ${describeProblem(w)}\n`);
  if (!loaded.ok) {
    process.stderr.write(`simulate: ${name} is not a valid kms-scenario/1 file:\n`);
    for (const p of loaded.problems) process.stderr.write(`  ${describeProblem(p)}\n`);
    return 2;
  }
  const requests = loaded.scenario.requests ?? [];
  const out = new Output();
  const results = simulateRequests(loaded.world, loaded.scenario);
  let summary: SimulationReport['summary'];
  // The same text JSON.stringify(report, null, 2) gives, one result at a time.
  if (opts.format === 'json') await out.write(requests.length ? '{\n  "results": [\n' : '{\n  "results": [],\n');
  for (let i = 0; ; i++) {
    const step = results.next();
    if (step.done) {
      summary = step.value;
      break;
    }
    if (opts.format === 'json') await out.write(`${i ? ',\n' : ''}${opts.explain ? `    ${indented(jsonResult(step.value, true), 2)}` : plainResultText(step.value)}`);
    else await out.write(textBlock(step.value, requests[i], opts.explain));
  }
  if (opts.format === 'json') await out.write(`${requests.length ? '\n  ],\n' : ''}  "summary": ${indented(summary, 1)}\n}\n`);
  else await out.write(`${summary.total} requests: ${summary.passed} passed, ${summary.failed} failed, ${summary.unchecked} unchecked\n`);
  await out.flush();
  return summary.failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`simulate: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
