// Runs every documentation case through evaluateAccess and checks the decision AND the
// explanation (the deciding statement, grant or layer), so a case cannot pass for the wrong reason.

import { describe, expect, test } from 'vitest';
import { evaluateAccess } from '../index';
import { ALL_CASES, buildInput, CASE_GROUPS, checkBecause } from './index';
import type { EvalCase } from './builder';

function describeResult(c: EvalCase, result: ReturnType<typeof evaluateAccess>): string {
  const layers = result.layers.map((l) => `${l.layer}=${l.outcome}`).join(' ');
  const decided = result.decidedBy.map((d) => `${d.kind}:${d.sid ?? `#${d.statementIndex}`}`).join(', ');
  return [
    `case ${c.id} (${c.doc})`,
    `  why: ${c.why}`,
    `  got ${result.decision}: ${result.summary}`,
    `  layers: ${layers}`,
    `  decidedBy: [${decided}]`,
    result.errors.length ? `  errors: ${result.errors.map((e) => `${e.policyId}#${e.statementIndex}: ${e.message}`).join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

describe('documentation cases: shape', () => {
  test('at least 150 cases', () => {
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(150);
  });
  test('ids are unique', () => {
    const seen = new Set<string>();
    const dupes = ALL_CASES.map((c) => c.id).filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
    expect(dupes).toEqual([]);
  });
  test('every case cites an AWS documentation page and says why', () => {
    for (const c of ALL_CASES) {
      expect(c.doc, c.id).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(c.why.length, c.id).toBeGreaterThan(10);
      expect(c.because.length, c.id).toBeGreaterThan(0);
    }
  });
  test('every decision is represented', () => {
    const decisions = new Set(ALL_CASES.map((c) => c.expect));
    expect([...decisions].sort()).toEqual(['Allow', 'ExplicitDeny', 'ImplicitDeny']);
  });
});

for (const [group, cases] of Object.entries(CASE_GROUPS)) {
  describe(`documentation cases: ${group}`, () => {
    test.for(cases)('$id', (c) => {
      const result = evaluateAccess(buildInput(c));
      const detail = describeResult(c, result);
      expect(result.decision, detail).toBe(c.expect);
      for (const b of c.because) expect(checkBecause(result, b), detail).toBeNull();
    });
  });
}
