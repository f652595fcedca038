// The simulate CLI's report, one request at a time (scenario-format.md, "npm run simulate"): the
// JSON report is exactly what JSON.stringify(report, null, 2) gives, written result by result.
import { explainJson, statementsOfLayer, type RequestResult } from '@kms-lab/engine/scenario';
import type { ScenarioRequest } from '@kms-lab/engine/scenario';

const mark = (r: RequestResult) => (r.pass === undefined ? '•' : r.pass ? '✔' : '✘');

/** One request's block of the text report. */
export function textBlock(r: RequestResult, q: ScenarioRequest, explain: boolean): string {
  const out: string[] = [];
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
      // Each statement once, under the layer that weighs it (Deny statements under explicit-deny).
      for (const l of evaluation.layers)
        for (const p of l.policies)
          for (const s of statementsOfLayer(l, p)) {
            out.push(`      ${l.layer}: ${p.label} › ${s.statement.sid ?? `Statement[${s.statement.index}]`} (${s.statement.effect}): ${s.applies ? 'applies' : 'does not apply'}`);
            out.push(`        principal: ${s.principal.result} — ${s.principal.explanation}`);
            out.push(`        action: ${s.action.result} — ${s.action.explanation}`);
            out.push(`        resource: ${s.resource.result} — ${s.resource.explanation}`);
            for (const c of s.conditions) out.push(`        ${c.entry.operator} ${c.entry.key}: ${c.result} — ${c.explanation}`);
          }
    }
  }
  out.push('', '');
  return out.join('\n');
}

/** One request's result as the JSON report holds it. */
export function jsonResult(r: RequestResult, explain: boolean) {
  return {
    id: r.id,
    decision: r.decision,
    ...(r.expected ? { expected: r.expected, pass: r.pass } : {}),
    decidedBy: r.decidedBy,
    ...(explain
      ? { explain: r.evaluations.length === 1 ? explainJson(r.evaluations[0].evaluation) : r.evaluations.map((e) => ({ resource: e.resource, ...(explainJson(e.evaluation) as object) })) }
      : {}),
  };
}

const q = JSON.stringify;
/**
 * jsonResult(r, false) as JSON.stringify(…, null, 2) writes it two levels down, written directly
 * (the report of a big file is mostly these; simulate.test.ts checks they are the same text).
 */
export function plainResultText(r: RequestResult): string {
  let s = `    {\n      "id": ${q(r.id)},\n      "decision": ${q(r.decision)},\n`;
  if (r.expected) s += `      "expected": ${q(r.expected)},\n      "pass": ${q(r.pass)},\n`;
  if (!r.decidedBy.length) return `${s}      "decidedBy": []\n    }`;
  s += '      "decidedBy": [\n';
  r.decidedBy.forEach((d, i) => {
    s += `${i ? ',\n' : ''}        {\n          "policy": ${q(d.policy)},\n          "statement": ${q(d.statement)}`;
    if (d.line !== undefined) s += `,\n          "line": ${q(d.line)}`;
    if (d.column !== undefined) s += `,\n          "column": ${q(d.column)}`;
    s += '\n        }';
  });
  return `${s}\n      ]\n    }`;
}

/** `JSON.stringify(value, null, 2)` as it reads nested `depth` levels down. */
export const indented = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);

