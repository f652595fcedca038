// npm run simulate -- FILE [--format json|text] [--explain]
// Evaluates the requests of a kms-scenario/1 file (shared/reference/scenario-format.md, a contract).
// Exit status: 0 every expectation met; 1 some expectation not met; 2 the file cannot be read or is invalid.
import { readFileSync } from 'node:fs';
import { describeProblem, loadScenario } from '../engine/scenario/load';
import { explainJson, simulateScenario, type RequestResult, type SimulationReport } from '../engine/scenario/simulate';

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

const mark = (r: RequestResult) => (r.pass === undefined ? '•' : r.pass ? '✔' : '✘');

function textReport(report: SimulationReport, explain: boolean, requests: { action: string; principal: string; resource: string | string[] }[]): string {
  const out: string[] = [];
  report.results.forEach((r, i) => {
    const q = requests[i];
    out.push(`${mark(r)} ${r.id}: ${r.decision}${r.expected ? ` (expected ${r.expected}${r.pass ? '' : ' — FAILED'})` : ''}`);
    out.push(`  ${q.action} by ${q.principal}`);
    out.push(`  on ${Array.isArray(q.resource) ? q.resource.join(', ') : q.resource}`);
    out.push(`  ${r.summary}`);
    for (const d of r.decidedBy) out.push(`  decided by: ${d.policy} › ${d.statement}${d.line ? ` (line ${d.line})` : ''}`);
    for (const { resource, evaluation } of r.evaluations) {
      if (r.evaluations.length > 1) out.push(`  ${resource}: ${evaluation.decision}`);
      for (const l of evaluation.layers) out.push(`    ${l.layer.padEnd(16)} ${l.outcome.padEnd(15)} ${l.reason}`);
      if (evaluation.missingContextKeys.length) out.push(`    missing context keys: ${evaluation.missingContextKeys.join(', ')}`);
      if (explain) {
        for (const l of evaluation.layers)
          for (const p of l.policies)
            for (const s of p.statements) {
              out.push(`      ${p.label} › ${s.statement.sid ?? `Statement[${s.statement.index}]`} (${s.statement.effect}): ${s.applies ? 'applies' : 'does not apply'}`);
              out.push(`        principal: ${s.principal.result} — ${s.principal.explanation}`);
              out.push(`        action: ${s.action.result} — ${s.action.explanation}`);
              out.push(`        resource: ${s.resource.result} — ${s.resource.explanation}`);
              for (const c of s.conditions) out.push(`        ${c.entry.operator} ${c.entry.key}: ${c.result} — ${c.explanation}`);
            }
      }
    }
    out.push('');
  });
  const s = report.summary;
  out.push(`${s.total} requests: ${s.passed} passed, ${s.failed} failed, ${s.unchecked} unchecked`);
  return out.join('\n') + '\n';
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (typeof opts === 'string') {
    process.stderr.write(`simulate: ${opts}\n${opts === USAGE ? '' : USAGE + '\n'}`);
    return 2;
  }
  let text: string;
  try {
    text = opts.file === '-' ? readFileSync(0, 'utf8') : readFileSync(opts.file, 'utf8');
  } catch (e) {
    process.stderr.write(`simulate: cannot read ${opts.file}: ${(e as Error).message}\n`);
    return 2;
  }
  const loaded = await loadScenario(text);
  if (!loaded.ok) {
    const name = opts.file === '-' ? 'standard input' : opts.file;
    process.stderr.write(`simulate: ${name} is not a valid kms-scenario/1 file:\n`);
    for (const p of loaded.problems) process.stderr.write(`  ${describeProblem(p)}\n`);
    return 2;
  }
  const report = simulateScenario(loaded.world, loaded.scenario);
  if (opts.format === 'json') {
    const json = {
      results: report.results.map((r) => ({
        id: r.id,
        decision: r.decision,
        ...(r.expected ? { expected: r.expected, pass: r.pass } : {}),
        decidedBy: r.decidedBy,
        ...(opts.explain
          ? { explain: r.evaluations.length === 1 ? explainJson(r.evaluations[0].evaluation) : r.evaluations.map((e) => ({ resource: e.resource, ...(explainJson(e.evaluation) as object) })) }
          : {}),
      })),
      summary: report.summary,
    };
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  } else {
    process.stdout.write(textReport(report, opts.explain, loaded.scenario.requests ?? []));
  }
  return report.summary.failed > 0 ? 1 : 0;
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
