// The generator's guarantees (issue 18), beyond the 10,000-seed measure of quality.level*.test.ts:
// same seed → same puzzle; links that parse and refuse nonsense; answers from the engine; a Fix
// checked over its goal; and exporting a puzzle as kms-scenario/1 gives the same answer through
// the public path — the simulate module on many seeds, the `npm run simulate` process on a few.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario, simulateScenario, describeProblem } from '@kms-lab/engine/scenario';
import { seededIds } from '@kms-lab/engine';
import {
  LEVELS, NOTHING_DECIDES, answerPolicyPuzzle, answerPuzzle, checkFix, exportPuzzle, generatePuzzle, kindOf, parsePuzzleCode, policyAt, puzzleCode, referenceText, seedForTopic, type FixPuzzle, type Level, type Puzzle,
} from './index';

const root = new URL('../../', import.meta.url).pathname;
type PolicyPuzzle = Exclude<Puzzle, { kind: 'behaviour' }>;
const firstOf = (level: Level, kind: Puzzle['kind'], from = 0): Puzzle => {
  for (let s = from; ; s++) if (kindOf(level, s) === kind) return generatePuzzle(level, s);
};

describe('the generator', () => {
  it('gives the same puzzle for the same level and seed, and another for another seed', () => {
    for (const level of LEVELS)
      for (const seed of [0, 1, 7, 4242, 2 ** 31 - 1]) {
        expect(generatePuzzle(level, seed)).toEqual(generatePuzzle(level, seed));
        expect(generatePuzzle(level, seed).code).toBe(`v1.${level}.${seed}`);
      }
    expect(JSON.stringify(generatePuzzle(2, 10))).not.toBe(JSON.stringify(generatePuzzle(2, 11)));
  });

  it('reads links v1.<level>.<seed> and refuses anything else', () => {
    expect(parsePuzzleCode('v1.2.1234')).toEqual({ level: 2, seed: 1234 });
    expect(parsePuzzleCode(puzzleCode(3, 2 ** 31 - 1))).toEqual({ level: 3, seed: 2 ** 31 - 1 });
    for (const bad of ['', 'v1', 'v1.0.1', 'v1.4.1', 'v2.1.1', 'v1.1.-1', 'v1.1.1.5', 'v1.1.2147483648', 'v1.1.99999999999', 'v1.1.1e3', '__proto__', 'v1.1.0x10', 'v1.1. 1'])
      expect(parsePuzzleCode(bad), bad).toBeNull();
    expect(() => generatePuzzle(4 as Level, 1)).toThrow(RangeError);
    expect(() => generatePuzzle(1, -1)).toThrow(RangeError);
    expect(() => generatePuzzle(1, 1.5)).toThrow(RangeError);
    expect(() => generatePuzzle(1, Number.NaN)).toThrow(RangeError);
  });

  it('never gives two seeds in a row the same kind of puzzle, and gives every kind in every block of four', () => {
    for (const level of LEVELS) {
      for (let s = 1; s < 4000; s++) expect(kindOf(level, s), `${level}.${s}`).not.toBe(kindOf(level, s - 1));
      for (let b = 0; b < 100; b++) expect(new Set([0, 1, 2, 3].map((i) => kindOf(level, b * 4 + i))).size).toBe(4);
    }
  });

  it('finds a seed for a topic the learner missed', () => {
    const s = seedForTopic(2, 'grants', 100);
    expect(s).not.toBeNull();
    expect(generatePuzzle(2, s!).topic).toBe('grants');
    expect(seedForTopic(1, 'multi-region', 0)).toBeNull(); // not a level-1 topic
  });

  it('asks a Decide question in words built from the request, never from the answer', () => {
    const p = firstOf(2, 'decide') as PolicyPuzzle;
    const a = answerPolicyPuzzle(p);
    if (a.kind !== 'decide') throw new Error('not a decide answer');
    const req = p.scenario.requests![0];
    expect(p.prompt).toContain(req.action);
    expect(p.prompt).not.toMatch(/\b(is allowed|is denied)\b/);
    expect(JSON.stringify(p)).not.toContain('"expect"');
    expect(['Allow', 'ExplicitDeny', 'ImplicitDeny']).toContain(a.decision);
  });

  it('answers a Spot puzzle with the evaluator’s deciding statements, among the statements it shows', () => {
    let seen = 0;
    for (let s = 0; seen < 40; s++) {
      if (kindOf(2, s) !== 'spot') continue;
      seen++;
      const a = answerPolicyPuzzle(generatePuzzle(2, s) as PolicyPuzzle);
      if (a.kind !== 'spot') throw new Error('not a spot answer');
      if (a.evaluation.decision === 'ImplicitDeny') expect(a.correct).toEqual([NOTHING_DECIDES]);
      else {
        expect(a.correct).toEqual(a.evaluation.decidedBy.map((d) => (d.policyId.startsWith('grant:') ? d.policyId : `${d.policyId}#${d.statementIndex}`)));
        for (const r of a.correct) expect(a.candidates.map((c) => c.ref)).toContain(r);
      }
      // every candidate's text is a statement of the policy the evaluator read
      for (const c of a.candidates) expect(() => JSON.parse(c.text)).not.toThrow();
    }
  });
});

describe('a Fix puzzle is checked by the engine over its goal', () => {
  const fixes = LEVELS.map((l) => firstOf(l, 'fix') as FixPuzzle);

  it('starts broken, and the reference change (one statement) reaches the goal', () => {
    for (const p of fixes) {
      const a = answerPolicyPuzzle(p);
      expect(a.kind === 'fix' && a.signature).not.toBe('holds');
      const ref = checkFix(p, referenceText(p));
      expect(ref.problems).toEqual([]);
      expect(ref.reached).toBe(true);
      expect(ref.results!.map((r) => r.decision === 'Allow')).toEqual(p.goal.map((g) => g.want === 'Allow'));
    }
  });

  it('keeps the policy as it is: the goal is not reached', () => {
    for (const p of fixes) {
      const unchanged = checkFix(p, JSON.stringify(policyAt(p.scenario, p.target), null, 2));
      expect(unchanged.ok).toBe(true);
      expect(unchanged.reached).toBe(false);
    }
  });

  it('refuses an edit that does not parse (with its place), one that changes two statements, and hostile keys', () => {
    const p = fixes[0];
    const bad = checkFix(p, '{"Version": "2012-10-17", "Statement": [');
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]).toMatch(/line 1, column \d+/);
    const doc = policyAt(p.scenario, p.target);
    const who = p.target.kind === 'key-policy' ? { Principal: { AWS: '*' } } : {};
    const two = { ...doc, Statement: [...[doc.Statement].flat(), { Effect: 'Deny', ...who, Action: 'kms:Encrypt', Resource: '*' }, { Effect: 'Deny', ...who, Action: 'kms:Decrypt', Resource: '*' }] };
    const r = checkFix(p, JSON.stringify(two));
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatch(/Change one statement only/);
    const proto = checkFix(p, '{"Version":"2012-10-17","__proto__":{"x":1},"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}');
    expect(proto.ok).toBe(false);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('a behaviour puzzle is answered by running its steps in a scratch world', () => {
  it('reads what the engine did, and exactly one choice matches it', async () => {
    for (const level of LEVELS) {
      const p = firstOf(level, 'behaviour');
      const a = await answerPuzzle(p);
      if (a.kind !== 'behaviour') throw new Error('not behaviour');
      expect(a.problems).toEqual([]);
      expect(a.correct).toHaveLength(1);
      expect(a.outcomes.length).toBe(p.kind === 'behaviour' ? p.steps.length : 0);
      expect(a.outcomes.some((o) => o.outcome.trace)).toBe(true);
    }
  }, 60_000);
});

describe('exported as kms-scenario/1, a puzzle gets the same answer through the public path', () => {
  const policySeeds = (level: Level, n: number) => {
    const out: Puzzle[] = [];
    for (let s = 0; out.length < n; s++) if (kindOf(level, s) !== 'behaviour') out.push(generatePuzzle(level, s));
    return out;
  };

  it('the simulate module, on a loaded world (keys built through the engine), for 150 puzzles per level', async () => {
    for (const level of LEVELS) {
      for (const p of policySeeds(level, 150)) {
        const a = answerPolicyPuzzle(p as PolicyPuzzle);
        const file = JSON.stringify(exportPuzzle(p, a), null, 2);
        const loaded = await loadScenario(file, { ids: seededIds(p.code) });
        if (!loaded.ok) throw new Error(`${p.code}: ${loaded.problems.map(describeProblem).join('; ')}`);
        const report = simulateScenario(loaded.world, loaded.scenario);
        expect(report.summary.failed, p.code).toBe(0);
        if (a.kind === 'decide') expect(report.results[0].decision, p.code).toBe(a.decision);
        if (a.kind === 'fix') expect(report.results.map((r) => r.decision), p.code).toEqual(a.before.map((r) => r.decision));
        if (a.kind === 'spot') expect(report.results[0].decidedBy, p.code).toEqual(a.result.decidedBy);
      }
    }
  }, 300_000);

  it('the `npm run simulate` process, for a Decide, a Spot and a Fix puzzle of each level', () => {
    const dir = mkdtempSync(join(tmpdir(), 'practice-'));
    for (const level of LEVELS) {
      for (const kind of ['decide', 'spot', 'fix'] as const) {
        const p = firstOf(level, kind, 20);
        const a = answerPolicyPuzzle(p as PolicyPuzzle);
        const file = join(dir, `${p.code}.json`);
        const scenario = exportPuzzle(p, a);
        expect(parseScenario(scenario).ok).toBe(true);
        writeFileSync(file, JSON.stringify(scenario, null, 2));
        const run = spawnSync(process.execPath, [join(root, 'scripts/node-run.mjs'), 'simulate', file, '--format', 'json'], { cwd: root, encoding: 'utf8' });
        expect(run.status, `${p.code}: ${run.stderr}`).toBe(0);
        const out = JSON.parse(run.stdout) as { results: { decision: string; decidedBy: { policy: string; statement: string }[] }[] };
        const expected = a.kind === 'fix' ? a.before.map((r) => r.decision) : [a.result.decision];
        expect(out.results.map((r) => r.decision), p.code).toEqual(expected);
        if (a.kind === 'spot') expect(out.results[0].decidedBy, p.code).toEqual(a.result.decidedBy.map(({ policy, statement }) => ({ policy, statement, ...{} })).map((d) => expect.objectContaining(d)));
      }
    }
  }, 120_000);
});
