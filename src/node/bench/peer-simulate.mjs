// The peer simulator, whole process, for the side-by-side figure of simulate-bench.ts: reads the
// workload in the peer's shape (workload.ts), runs @cloud-copilot/iam-simulate's runSimulation for
// every request and writes one JSON report. The peer is AGPL: it is never a dependency of this
// repository; it is used only when installed outside it (npm i --prefix /tmp/peer -E
// @cloud-copilot/iam-simulate), at the folder given as the first argument.
//   node src/node/bench/peer-simulate.mjs /tmp/peer WORKLOAD.peer.json > report.json
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [peerDir, file] = process.argv.slice(2);
const entry = join(peerDir, 'node_modules/@cloud-copilot/iam-simulate/dist/esm/index.js');
const { runSimulation } = await import(pathToFileURL(entry).href);
const { policies, requests } = JSON.parse(readFileSync(file, 'utf8'));
const named = (id) => ({ name: id, policy: policies[id] });
const org = (levels) => levels.map((level, i) => ({ orgIdentifier: `level-${i}`, policies: level.map(named) }));
const out = [];
for (const r of requests) {
  const result = await runSimulation(
    {
      request: { principal: r.principal, action: r.action, resource: { resource: r.resource, accountId: r.accountId }, contextVariables: r.context },
      identityPolicies: r.identity.map(named),
      serviceControlPolicies: org(r.scps),
      resourceControlPolicies: org(r.rcps),
      resourcePolicy: policies[r.keyPolicy],
      ...(r.boundary ? { permissionBoundaryPolicies: [named(r.boundary)] } : {}),
      ...(r.session ? { sessionPolicy: policies[r.session] } : {}),
    },
    {},
  );
  out.push({ decision: result.overallResult ?? result.resultType });
}
process.stdout.write(JSON.stringify({ results: out }, null, 2) + '\n');
