// npm run bench:policy — how fast the policy evaluator reaches a decision.
//
// Generates a realistic world with a seeded PRNG (accounts in and out of an organization, users,
// roles and their sessions with identity policies, boundaries and session policies, KMS keys with
// 5–15-statement key policies full of conditions, grants), indexes it so a request gathers only
// what applies to it (the key's own policy and grants, the caller's policies, the caller account's
// SCPs), and evaluates 100,000 requests in a single-threaded loop. Then it grows the world 10× and
// measures again: the cost per request must not grow with keys and principals that do not apply.
//
// How it measures (so the numbers mean what they say):
//  - Each world runs in its own Node process (--expose-gc), so one world's heap and JIT state do
//    not colour the next.
//  - The world and all requests are built before any timing; the request generator is never timed.
//    What is timed per decision is gathering (a few index lookups) and evaluateAccess.
//  - Warm-up: 30,000 decisions, then a full GC. Then 5 timed passes over all requests, each after
//    a full GC; the median pass is reported with the range. Wall time and this process's CPU time
//    are both reported (on a shared machine CPU time is the steadier of the two).
//  - evaluateAccess explains lazily: the decision, summary, deciding statements, missing keys and
//    errors are computed for every request; `layers` (every statement of every policy, in plain
//    words) is built when first read. A separate pass reads `layers` for every request, to show
//    what the full explanation costs when something does read it.
//
// Options: --requests N (default 100000), --seed S (default 20260101), --passes P (default 5),
// --json (machine-readable).

import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { evaluateAccess } from '@kms-lab/engine/policy';
import type { AccessInput, Decision } from '@kms-lab/engine/policy';
import { buildRequests, buildWorld, type Request, type World } from './world';
import { printFigures } from './figures';

// ---------------------------------------------------------------------------------------------
// Gathering: only what applies to this request, by index lookups

function gather(world: World, r: Request): AccessInput {
  const p = world.principalsByArn.get(r.principalArn);
  const k = world.keysByArn.get(r.keyArn);
  if (!p || !k) throw new Error('bench: request names an unknown principal or key');
  return {
    request: r.request,
    keyPolicy: k.policy,
    key: { arn: k.arn, accountId: k.accountId, keyManager: k.keyManager },
    identityPolicies: p.identityPolicies,
    permissionsBoundary: p.boundary,
    sessionPolicy: p.sessionPolicy,
    scps: world.scpsByAccount.get(p.info.accountId),
    rcps: world.rcpsByAccount.get(k.accountId),
    grants: k.grants,
    encryptionContext: r.encryptionContext,
  };
}

// ---------------------------------------------------------------------------------------------
// Measurement

interface Measurement {
  keys: number;
  principals: number;
  requests: number;
  keyPolicyStatementsAvg: number;
  statementsPerRequestAvg: number;
  /** From the median pass (wall clock). */
  decisionsPerSecond: number;
  meanUs: number;
  /** Every timed pass, wall clock and CPU time (ms). */
  passesMs: number[];
  passesCpuMs: number[];
  /** From the median pass's CPU time. */
  cpuDecisionsPerSecond: number;
  p50Us: number;
  p99Us: number;
  /** Decisions per second when every result's `layers` (the full explanation) is also read. */
  explainedDecisionsPerSecond: number;
  mix: Record<Decision, number>;
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const fullGc = (): void => (globalThis as { gc?: () => void }).gc?.();

function measure(nKeys: number, nPrincipals: number, nRequests: number, seed: number, passes: number, log: (s: string) => void, activeFraction = 1): Measurement {
  const t0 = performance.now();
  const world = buildWorld(nKeys, nPrincipals, seed);
  const active =
    activeFraction < 1
      ? { principals: world.principals.slice(0, Math.round(nPrincipals * activeFraction)), keys: world.keys.slice(0, Math.round(nKeys * activeFraction)) }
      : undefined;
  const requests = buildRequests(world, nRequests, seed + 1, active);
  log(
    `  world built in ${((performance.now() - t0) / 1000).toFixed(2)} s (${nKeys} keys, ${nPrincipals} principals, ${nRequests.toLocaleString('en-US')} requests` +
      (active ? ` touching only ${active.keys.length} keys and ${active.principals.length} principals)` : ')'),
  );

  // Input size per request (what gathering hands the evaluator).
  let stmts = 0;
  for (let i = 0; i < Math.min(requests.length, 10_000); i++) {
    const inp = gather(world, requests[i]);
    stmts += (inp.keyPolicy?.policy.statements.length ?? 0) + inp.identityPolicies.reduce((s, p) => s + p.policy.statements.length, 0);
  }
  const statementsPerRequestAvg = stmts / Math.min(requests.length, 10_000);

  // Warm-up: let the JIT and the evaluator's compiled policies settle.
  for (let i = 0; i < Math.min(30_000, requests.length); i++) evaluateAccess(gather(world, requests[i]));
  const mix: Record<Decision, number> = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
  for (let i = 0; i < requests.length; i++) mix[evaluateAccess(gather(world, requests[i])).decision]++;

  // Throughput: tight single-threaded passes over all requests, each after a full GC.
  const passesMs: number[] = [];
  const passesCpuMs: number[] = [];
  let sink = 0;
  for (let pass = 0; pass < passes; pass++) {
    fullGc();
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < requests.length; i++) sink += evaluateAccess(gather(world, requests[i])).decidedBy.length;
    passesMs.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    passesCpuMs.push((used.user + used.system) / 1000);
  }
  const elapsedMs = median(passesMs);
  log(`  throughput passes (wall): ${passesMs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`);
  log(`  throughput passes (CPU):  ${passesCpuMs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`);

  // With the full explanation: read every result's layers (built on first read), after a
  // warm-up of its own (the explanation code has not run yet in this process).
  const explainAll = (from: number, to: number) => {
    for (let i = from; i < to; i++) for (const l of evaluateAccess(gather(world, requests[i])).layers) for (const pe of l.policies) sink += pe.statements.length;
  };
  const nExplained = Math.min(requests.length, 20_000);
  explainAll(0, Math.min(requests.length, 5_000));
  fullGc();
  const ex0 = performance.now();
  explainAll(0, nExplained);
  const explainedMs = performance.now() - ex0;

  // Latency: each decision timed on its own.
  fullGc();
  const lat = new Float64Array(requests.length);
  for (let i = 0; i < requests.length; i++) {
    const s = process.hrtime.bigint();
    evaluateAccess(gather(world, requests[i]));
    lat[i] = Number(process.hrtime.bigint() - s) / 1000;
  }
  lat.sort();
  if (sink === -1) log('');

  return {
    keys: nKeys,
    principals: nPrincipals,
    requests: requests.length,
    keyPolicyStatementsAvg: world.keys.reduce((s, k) => s + k.statementCount, 0) / world.keys.length,
    statementsPerRequestAvg,
    decisionsPerSecond: requests.length / (elapsedMs / 1000),
    meanUs: (elapsedMs * 1000) / requests.length,
    passesMs,
    passesCpuMs,
    cpuDecisionsPerSecond: requests.length / (median(passesCpuMs) / 1000),
    p50Us: quantile(lat, 0.5),
    p99Us: quantile(lat, 0.99),
    explainedDecisionsPerSecond: nExplained / (explainedMs / 1000),
    mix,
  };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const WORLDS = {
  '1x': { keys: 100, principals: 200, active: 1, label: 'World 1× (100 keys, 200 principals)' },
  '10x': { keys: 1000, principals: 2000, active: 1, label: 'World 10× (1,000 keys, 2,000 principals)' },
  '10x-1x-set': {
    keys: 1000,
    principals: 2000,
    active: 0.1,
    label: 'World 10×, requests touching only 100 keys and 200 principals (900 keys and 1,800 principals never apply)',
  },
} as const;
type WorldName = keyof typeof WORLDS;

/** Each world is measured in its own Node process, so one measurement's heap and JIT state do not colour the next. */
function runIsolated(name: WorldName, nRequests: number, seed: number, passes: number): Measurement {
  const args = [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), '--only', name, '--requests', String(nRequests), '--seed', String(seed), '--passes', String(passes)];
  const r = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench: measuring ${name} failed (exit ${r.status})`);
  const lines = r.stdout.trim().split('\n');
  for (const l of lines.slice(0, -1)) console.log(l);
  return JSON.parse(lines[lines.length - 1]) as Measurement;
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const nRequests = Number(argValue('--requests') ?? (quick ? 5_000 : 100_000));
  const seed = Number(argValue('--seed') ?? 20260101);
  const passes = Math.max(1, Number(argValue('--passes') ?? (quick ? 1 : 5)));
  const only = argValue('--only') as WorldName | undefined;
  if (only) {
    const w = WORLDS[only];
    const m = measure(w.keys, w.principals, nRequests, seed, passes, (s) => console.log(s), w.active);
    console.log(JSON.stringify(m));
    return;
  }
  const json = process.argv.includes('--json');
  const cpuUs = (m: Measurement) => 1e6 / m.cpuDecisionsPerSecond;
  const log = json ? () => {} : (s: string) => console.log(s);
  const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const pct = (m: Measurement, d: Decision) => `${fmt((100 * m.mix[d]) / m.requests, 1)}%`;

  log('Policy evaluator benchmark (npm run bench:policy)');
  log(`  node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)}`);
  log(`  single-threaded loop, each world in its own process, seed ${seed}, ${passes} timed passes per world (median reported)`);
  const results = {} as Record<WorldName, Measurement>;
  for (const name of Object.keys(WORLDS) as WorldName[]) {
    log('');
    log(WORLDS[name].label);
    results[name] = runIsolated(name, nRequests, seed, passes);
  }
  const base = results['1x'];
  const big = results['10x'];
  const bigSameSet = results['10x-1x-set'];

  if (json) {
    console.log(JSON.stringify({ seed, base, big, bigSameSet, growth: big.meanUs / base.meanUs, growthSameWorkingSet: bigSameSet.meanUs / base.meanUs, growthCpu: cpuUs(big) / cpuUs(base), growthSameWorkingSetCpu: cpuUs(bigSameSet) / cpuUs(base) }, null, 2));
    return;
  }
  const range = (m: Measurement) => {
    const rates = m.passesMs.map((ms) => m.requests / (ms / 1000));
    return `${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}`;
  };
  const row = (label: string, m: Measurement) =>
    `  ${label.padEnd(12)} ${fmt(m.decisionsPerSecond).padStart(9)} decisions/s (passes ${range(m)})   CPU time: ${fmt(m.cpuDecisionsPerSecond).padStart(9)}/s   mean ${fmt(m.meanUs, 2).padStart(6)} µs   p50 ${fmt(m.p50Us, 2).padStart(6)} µs   p99 ${fmt(m.p99Us, 2).padStart(7)} µs`;
  const rows = [
    ['world 1×', base],
    ['world 10×', big],
    ['10×, 1× set', bigSameSet],
  ] as const;
  log('');
  log('Results (decisions/s from the median of the timed passes, wall clock; CPU time: the same from this process\'s CPU time; p50/p99 from timing each decision)');
  for (const [label, m] of rows) log(row(label, m));
  log('');
  log('With the full explanation read (every result\'s layers, i.e. every statement of every policy in plain words; 20,000 requests)');
  for (const [label, m] of rows) log(`  ${label.padEnd(12)} ${fmt(m.explainedDecisionsPerSecond).padStart(9)} decisions/s`);
  log('');
  log('Decision mix');
  for (const [label, m] of rows) log(`  ${label.padEnd(12)} Allow ${pct(m, 'Allow')}   ExplicitDeny ${pct(m, 'ExplicitDeny')}   ImplicitDeny ${pct(m, 'ImplicitDeny')}`);
  log('');
  log('Input per request (gathered by index: the key’s policy and grants, the caller’s policies, its account’s SCPs)');
  for (const [label, m] of rows)
    log(`  ${label.padEnd(12)} key policies average ${fmt(m.keyPolicyStatementsAvg, 1)} statements; ${fmt(m.statementsPerRequestAvg, 1)} key+identity statements per request`);
  log('');
  const growth = (m: Measurement) =>
    `${fmt(base.meanUs, 2)} µs → ${fmt(m.meanUs, 2)} µs (×${fmt(m.meanUs / base.meanUs, 2)}); CPU time ${fmt(cpuUs(base), 2)} µs → ${fmt(cpuUs(m), 2)} µs (×${fmt(cpuUs(m) / cpuUs(base), 2)})`;
  log(`Cost per request, world grown 10× (requests over all keys/principals): ${growth(big)}`);
  log(`Cost per request, 900 keys and 1,800 principals added that never apply: ${growth(bigSameSet)}`);
  const cpuGrowth = cpuUs(big) / cpuUs(base);
  const cpuGrowthSame = cpuUs(bigSameSet) / cpuUs(base);
  printFigures(
    'policy',
    [
      { figure: 'evaluator, world 1×, decisions/s (CPU time)', value: base.cpuDecisionsPerSecond, unit: '/s', goal: '≥ 100,000/s', met: base.cpuDecisionsPerSecond >= 100_000 },
      { figure: 'evaluator, world 10×, cost per decision (CPU)', value: cpuUs(big), unit: 'µs', baseline: 'world 1×', baselineValue: cpuUs(base), ratio: 1 / cpuGrowth, goal: 'within 1.2× of 1× (ratio ≥ 0.83)', met: cpuGrowth <= 1.2 },
      { figure: 'evaluator, world 10×, 1× working set, cost per decision (CPU)', value: cpuUs(bigSameSet), unit: 'µs', baseline: 'world 1×', baselineValue: cpuUs(base), ratio: 1 / cpuGrowthSame, goal: 'within 1.2× of 1× (ratio ≥ 0.83)', met: cpuGrowthSame <= 1.2 },
    ],
    quick,
  );
  log(`Target ≥ 100,000 decisions/s: ${base.decisionsPerSecond >= 100_000 ? 'met' : 'NOT met'} (world 1×: ${fmt(base.decisionsPerSecond)}/s)`);
}

main();
