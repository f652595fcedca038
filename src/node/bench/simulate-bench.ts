// npm run bench:simulate — the simulate CLI and the KMS endpoint as users run them, whole process:
//  - `npm run simulate -- FILE --format json` over the generated workload (workload.ts: the policy
//    benchmark's 100-key / 200-principal world) with 10,000 and 100,000 requests: wall time, CPU
//    time and peak RSS (GNU time), and, side by side on the same 10,000 requests, the peer
//    simulator @cloud-copilot/iam-simulate when it is installed outside the repo (it is AGPL and
//    never a dependency: `npm i --prefix /tmp/peer -E @cloud-copilot/iam-simulate`; PEER_DIR to
//    point elsewhere).
//  - Start-up: simulate on a one-request scenario, and kms-server until it prints "listening",
//    prebuilt (scripts/node-run.mjs) against the TypeScript sources run through tsx (the old way).
// Candidates and baselines alternate run by run in the same sitting (the machine is shared: the
// load average is printed); each figure is the median of the runs.
// Options: --quick (1,000 requests, one run each: a smoke run, nothing asserted), --runs N.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildWorkload } from './workload';
import { printFigures, type Figure } from './figures';

const root = resolve(process.cwd());
const quick = process.argv.includes('--quick');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : quick ? 1 : 3;
const peerDir = process.env.PEER_DIR ?? '/tmp/peer';
const hasPeer = existsSync(join(peerDir, 'node_modules/@cloud-copilot/iam-simulate/package.json'));
const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));
const tmp = mkdtempSync(join(os.tmpdir(), 'simulate-bench-'));

interface Run {
  wallS: number;
  cpuS?: number;
  rssMiB?: number;
  status: number | null;
}

/** One whole process, stdout to a file; wall from here, CPU and peak RSS from GNU time when present. */
function runProcess(cmd: string[], stdoutFile: string): Run {
  const timeFile = join(tmp, 'time.txt');
  const argv = GNU_TIME ? [GNU_TIME, '-o', timeFile, '-f', '%U %S %M', ...cmd] : cmd;
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const wallS = (performance.now() - t0) / 1000;
  writeFileSync(stdoutFile, r.stdout ?? '');
  if (!GNU_TIME) return { wallS, status: r.status };
  const [u, s, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wallS, cpuS: u + s, rssMiB: kb / 1024, status: r.status };
}

/** Seconds until a server process prints its ready line. */
function timeToListening(cmd: string[]): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd[0], cmd.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) {
        const s = (performance.now() - t0) / 1000;
        child.kill('SIGTERM');
        resolvePromise(s);
      }
    });
    child.on('exit', (code) => {
      if (!out.includes('listening on')) reject(new Error(`kms-server exited (${code}) before listening`));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mid = (runs: Run[], f: (r: Run) => number | undefined) => {
  const xs = runs.map(f).filter((x): x is number => x !== undefined);
  return xs.length ? median(xs) : undefined;
};

const node = process.execPath;
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const SIMULATE = [node, join(root, 'scripts/node-run.mjs'), 'simulate'];
const SIMULATE_TSX = [node, tsx, join(root, 'src/node/simulate.ts')];
const SERVER = [node, join(root, 'scripts/node-run.mjs'), 'kms-server', '--port', '0'];
const SERVER_TSX = [node, tsx, join(root, 'src/node/kms-server/main.ts'), '--port', '0'];
const PEER = [node, join(root, 'src/node/bench/peer-simulate.mjs'), peerDir];

async function main(): Promise<void> {
  const log = (s: string) => console.log(s);
  log('simulate and kms-server, whole process (npm run bench:simulate)');
  log(`  node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (shared machine: figures are noisy; ratios are from runs alternated in this sitting)`);
  log(`  ${RUNS} run(s) per figure, median; CPU and peak RSS ${GNU_TIME ? `from ${GNU_TIME}` : 'not measured (no GNU time)'}`);
  log(`  peer @cloud-copilot/iam-simulate: ${hasPeer ? `installed at ${peerDir}, measured side by side` : `NOT installed (npm i --prefix ${peerDir} -E @cloud-copilot/iam-simulate outside the repo to measure it); the side-by-side figure is skipped`}`);

  // Make sure the bundles exist before anything is timed (a first run builds them).
  spawnSync(node, [join(root, 'scripts/node-run.mjs'), 'simulate', '--help'], { cwd: root, stdio: 'ignore' });
  spawnSync(node, [join(root, 'scripts/node-run.mjs'), 'kms-server', '--help'], { cwd: root, stdio: 'ignore' });

  const small = quick ? 1_000 : 10_000;
  const big = quick ? 2_000 : 100_000;
  const files: Record<number, { scenario: string; peer: string }> = {};
  for (const n of [small, big]) {
    const w = buildWorkload({ keys: 100, principals: 200, requests: n, seed: 20260101 });
    files[n] = { scenario: join(tmp, `workload-${n}.json`), peer: join(tmp, `workload-${n}.peer.json`) };
    writeFileSync(files[n].scenario, JSON.stringify(w.scenario, null, 2));
    writeFileSync(files[n].peer, JSON.stringify(w.peer));
  }
  const example = JSON.parse(readFileSync(join(root, 'examples/scenarios/key-users-and-admins.json'), 'utf8'));
  example.requests = example.requests.slice(0, 1);
  const one = join(tmp, 'one-request.json');
  writeFileSync(one, JSON.stringify(example, null, 2));

  const figures: Figure[] = [];
  const ours: Run[] = [];
  const peer: Run[] = [];
  const bigRuns: Run[] = [];
  const startPre: number[] = [];
  const startTsx: number[] = [];
  const listenPre: number[] = [];
  const listenTsx: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(runProcess([...SIMULATE, files[small].scenario, '--format', 'json'], join(tmp, 'ours.json')));
    if (hasPeer) peer.push(runProcess([...PEER, files[small].peer], join(tmp, 'peer.json')));
    bigRuns.push(runProcess([...SIMULATE, files[big].scenario, '--format', 'json'], join(tmp, 'big.json')));
    startPre.push(runProcess([...SIMULATE, one, '--format', 'json'], join(tmp, 'one.json')).wallS);
    startTsx.push(runProcess([...SIMULATE_TSX, one, '--format', 'json'], join(tmp, 'one-tsx.json')).wallS);
    listenPre.push(await timeToListening(SERVER));
    listenTsx.push(await timeToListening(SERVER_TSX));
    log(`  run ${i + 1}: simulate ${small}: ${ours[i].wallS.toFixed(2)} s${hasPeer ? `, peer ${peer[i].wallS.toFixed(2)} s` : ''}; simulate ${big}: ${bigRuns[i].wallS.toFixed(2)} s; start-up simulate ${startPre[i].toFixed(2)} s (tsx ${startTsx[i].toFixed(2)} s), kms-server ${listenPre[i].toFixed(2)} s (tsx ${listenTsx[i].toFixed(2)} s)`);
  }
  for (const r of [...ours, ...bigRuns]) if (r.status !== 0) throw new Error(`simulate exited ${r.status}`);
  const decisions = (file: string) => (readFileSync(file, 'utf8').match(/"decision": "/g) ?? []).length;
  if (decisions(join(tmp, 'big.json')) !== big) throw new Error('simulate: the report does not have every request');

  const bigWall = mid(bigRuns, (r) => r.wallS)!;
  figures.push({ figure: `simulate ${big.toLocaleString('en-US')} requests, wall`, value: bigWall, unit: 's', goal: '≤ 3 s', met: bigWall <= 3 });
  const bigCpu = mid(bigRuns, (r) => r.cpuS);
  if (bigCpu !== undefined) figures.push({ figure: `simulate ${big.toLocaleString('en-US')} requests, CPU`, value: bigCpu, unit: 's' });
  const bigRss = mid(bigRuns, (r) => r.rssMiB);
  if (bigRss !== undefined) figures.push({ figure: `simulate ${big.toLocaleString('en-US')} requests, peak RSS`, value: bigRss, unit: 'MiB', goal: '≤ 300 MiB', met: bigRss <= 300 });
  const oursWall = mid(ours, (r) => r.wallS)!;
  if (hasPeer) {
    const peerWall = mid(peer, (r) => r.wallS)!;
    figures.push({ figure: `simulate ${small.toLocaleString('en-US')} requests vs the peer, wall`, value: oursWall, unit: 's', baseline: 'peer', baselineValue: peerWall, ratio: peerWall / oursWall, goal: '≥ 18× faster', met: peerWall / oursWall >= 18 });
    const oc = mid(ours, (r) => r.cpuS);
    const pc = mid(peer, (r) => r.cpuS);
    if (oc !== undefined && pc !== undefined) figures.push({ figure: `simulate ${small.toLocaleString('en-US')} requests vs the peer, CPU`, value: oc, unit: 's', baseline: 'peer', baselineValue: pc, ratio: pc / oc });
  } else figures.push({ figure: `simulate ${small.toLocaleString('en-US')} requests, wall (peer not installed)`, value: oursWall, unit: 's', goal: '≥ 18× faster than the peer', met: undefined });
  const sp = median(startPre);
  const st = median(startTsx);
  figures.push({ figure: 'start-up: simulate, one request', value: sp, unit: 's', baseline: 'tsx over sources', baselineValue: st, ratio: st / sp, goal: '≤ 0.3 s', met: sp <= 0.3 });
  const lp = median(listenPre);
  const lt = median(listenTsx);
  figures.push({ figure: 'start-up: kms-server to "listening"', value: lp, unit: 's', baseline: 'tsx over sources', baselineValue: lt, ratio: lt / lp, goal: '≤ 0.3 s', met: lp <= 0.3 });
  log('');
  printFigures('simulate', figures, quick);
}

await main();
