// The simulate CLI as a user runs it (`npm run simulate` = node scripts/node-run.mjs simulate, the
// prebuilt bundle): exit statuses, output shape, and no silent answers (scenario-format.md).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '@kms-lab/engine/scenario';
import { simulateScenario } from '@kms-lab/engine/scenario';
import { buildWorkload } from './bench/workload';
import { jsonResult, plainResultText } from './simulate-output';

const root = new URL('../../', import.meta.url).pathname;
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, [join(root, 'scripts/node-run.mjs'), 'simulate', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
const EXAMPLE = join(root, 'examples/scenarios/key-users-and-admins.json');
const example = () => JSON.parse(readFileSync(EXAMPLE, 'utf8'));
const tempFile = (name: string, text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'simulate-')), name);
  writeFileSync(file, text);
  return file;
};
/** The 1-based line and column of the first occurrence of `needle` in `text`. */
const placeOf = (text: string, needle: string) => {
  const before = text.slice(0, text.indexOf(needle));
  const lines = before.split('\n');
  return `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
};

describe('npm run simulate', () => {
  it('prints the JSON report and exits 0 when every expectation is met', () => {
    const r = run([EXAMPLE, '--format', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ total: 7, passed: 7, failed: 0, unchecked: 0 });
    expect(out.results[0]).toMatchObject({ id: 'admin-schedules-deletion', decision: 'Allow', expected: 'Allow', pass: true });
    expect(out.results[0].decidedBy[0]).toMatchObject({ statement: 'Allow access for Key Administrators' });
    expect(out.results[0]).not.toHaveProperty('explain');
  }, 60_000);

  it('adds the explanation with --explain and reads standard input with -', () => {
    const scenario = example();
    scenario.requests = [{ ...scenario.requests[1], expect: 'Allow' }]; // a wrong expectation
    const r = run(['-', '--explain', '--format=json'], JSON.stringify(scenario));
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.results[0]).toMatchObject({ decision: 'ImplicitDeny', expected: 'Allow', pass: false });
    const layers = out.results[0].explain.layers.map((l: { layer: string; outcome: string }) => `${l.layer}:${l.outcome}`);
    expect(layers).toContain('identity:denied');
    const keyPolicy = out.results[0].explain.layers.find((l: { layer: string }) => l.layer === 'key-policy');
    expect(keyPolicy.policies[0].statements[0]).toMatchObject({ statement: 'Enable IAM User Permissions', applies: true });
  }, 60_000);

  it('explains each statement once with --explain (Deny statements under explicit-deny, Allow statements under their layer)', () => {
    const scenario = example();
    scenario.requests = [scenario.requests[0]];
    const text = run(['-', '--explain', '--format=text'], JSON.stringify(scenario));
    expect(text.status).toBe(0);
    const statements = text.stdout.split('\n').filter((l) => / › .* \((Allow|Deny)\): (applies|does not apply)$/.test(l));
    expect(statements.length).toBeGreaterThan(0);
    expect(new Set(statements.map((l) => l.replace(/^\s*[\w-]+: /, ''))).size).toBe(statements.length);
    expect(text.stdout).toContain('      key-policy: key policy of arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab › Enable IAM User Permissions (Allow): applies');
    const json = JSON.parse(run(['-', '--explain', '--format=json'], JSON.stringify(scenario)).stdout);
    const all = json.results[0].explain.layers.flatMap((l: { layer: string; policies: { policy: string; statements: { statement: string }[] }[] }) =>
      l.policies.flatMap((p) => p.statements.map((s) => `${p.policy} › ${s.statement}`)),
    );
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all).size).toBe(all.length);
  }, 60_000);

  it('exits 2 with the place of the error for an invalid file', () => {
    const file = tempFile('bad.json', '{\n  "format": "kms-scenario/1",\n  "keys": [\n    { "arn": "not-an-arn" }\n  ]\n}\n');
    const r = run([file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('keys[0].arn');
    expect(r.stderr).toContain('line 4, column 14');
    const syntax = run(['-'], '{ "format": ');
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toMatch(/not valid JSON.*line 1, column 13/);
    expect(run(['/nonexistent.json']).status).toBe(2);
  }, 60_000);

  it('refuses a request on a KMS key the file does not have (exit 2, with its place), instead of allowing it from IAM alone', () => {
    const scenario = example();
    const missing = 'arn:aws:kms:us-east-1:111122223333:key/99999999-9999-9999-9999-999999999999';
    scenario.requests.push({ id: 'on-a-missing-key', principal: 'arn:aws:iam::111122223333:root', action: 'kms:Decrypt', resource: missing });
    const text = JSON.stringify(scenario, null, 2);
    const r = run([tempFile('missing-key.json', text)]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`requests[7].resource: ${missing} is not one of the file's keys`);
    expect(r.stderr).toContain(`(${placeOf(text, `"${missing}"`)})`);
  }, 60_000);

  it('warns, with the place, about an action that is not a KMS action, and still evaluates the file', () => {
    const scenario = example();
    const key = scenario.requests[0].resource;
    scenario.requests = [
      { id: 'typo', principal: 'arn:aws:iam::111122223333:root', action: 'kms:Decrpyt', resource: key },
      { id: 'other-service', principal: 'arn:aws:iam::111122223333:root', action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/object', resourceAccount: '111122223333' },
    ];
    const text = JSON.stringify(scenario, null, 2);
    const r = run([tempFile('actions.json', text)]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`warning: `);
    expect(r.stderr).toContain(`requests[0].action: kms:Decrpyt is not a KMS action (no KMS operation or permission has that name) (${placeOf(text, '"kms:Decrpyt"')})`);
    expect(r.stderr).toContain(`requests[1].action: s3:GetObject is not a KMS action: it is evaluated from the policies alone`);
    expect(r.stderr).toContain(`(${placeOf(text, '"s3:GetObject"')})`);
    expect(JSON.parse(r.stdout).summary.total).toBe(2);
  }, 60_000);

  it('refuses a duplicate principal like a duplicate key', () => {
    const scenario = example();
    scenario.principals.push({ ...scenario.principals[0], policies: [] });
    const text = JSON.stringify(scenario, null, 2);
    const r = run([tempFile('dup.json', text)]);
    expect(r.status).toBe(2);
    const n = scenario.principals.length - 1;
    expect(r.stderr).toContain(`principals[${n}].arn: duplicate principal ${scenario.principals[0].arn}`);
    const second = text.indexOf(`"${scenario.principals[0].arn}"`, text.indexOf(`"${scenario.principals[0].arn}"`) + 1);
    expect(r.stderr).toContain(`(${placeOf(text.slice(0, second) + '\u0000', '\u0000')})`);
  }, 60_000);

  it('explains a policy given as a reference string, at its place in the file', () => {
    const scenario = example();
    scenario.principals[0].policies = ['arn:aws:iam::aws:policy/AWSKeyManagementServicePowerUser'];
    const text = JSON.stringify(scenario, null, 2);
    const r = run([tempFile('reference.json', text)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('principals[0].policies[0]: identity policy: "arn:aws:iam::aws:policy/AWSKeyManagementServicePowerUser" is not a policy document — policy references are not supported; put the policy document here');
    expect(r.stderr).toContain(`(${placeOf(text, '"arn:aws:iam::aws:policy/')})`);
    // A policy document written as a string is accepted; its problems are placed at the string in the file.
    scenario.principals[0].policies = [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'x' } } }] })];
    const text2 = JSON.stringify(scenario, null, 2);
    const r2 = run([tempFile('string-policy.json', text2)]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/principals\[0\]\.policies\[0\]: identity policy: .*StringEqualz.*of the string\)/);
    expect(r2.stderr).toContain(`(${placeOf(text2, '"{\\"Version')})`);
  }, 60_000);

  it('prints a readable text report', () => {
    const r = run([EXAMPLE, '--format', 'text']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('✔ admin-cannot-decrypt: ImplicitDeny (expected ImplicitDeny)');
    expect(r.stdout).toContain('7 requests: 7 passed, 0 failed, 0 unchecked');
  }, 60_000);

  it('decides a sample of the generated workload as it did before the speed work, and streams exactly JSON.stringify(report, null, 2)', async () => {
    const { scenario } = buildWorkload({ keys: 100, principals: 200, requests: 400, seed: 20260101 });
    const r = run([tempFile('workload.json', JSON.stringify(scenario, null, 2)), '--format', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { results: { id: string; decision: string; decidedBy: { policy: string; statement: string }[] }[] };
    const before = readFileSync(join(root, 'src/node/simulate.sample.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(before).toHaveLength(400);
    const now = out.results.map((x) => `${x.id}\t${x.decision}\t${x.decidedBy.map((d) => `${d.policy.split(' of ')[0]} › ${d.statement}`).join('|')}`);
    expect(now).toEqual(before);
    // The streamed text is the text of the whole report at once.
    const loaded = await loadScenario(scenario);
    if (!loaded.ok) throw new Error('workload refused');
    const report = simulateScenario(loaded.world, loaded.scenario);
    expect(r.stdout).toBe(JSON.stringify({ results: report.results.map((x) => jsonResult(x, false)), summary: report.summary }, null, 2) + '\n');
    for (const x of report.results.slice(0, 50)) expect(plainResultText(x)).toBe(`    ${JSON.stringify(jsonResult(x, false), null, 2).replace(/\n/g, '\n    ')}`);
  }, 120_000);
});
