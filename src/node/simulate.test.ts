// The simulate CLI as a user runs it: exit statuses and output shape (scenario-format.md).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src/node/simulate.ts'), ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
  });
const EXAMPLE = join(root, 'examples/scenarios/key-users-and-admins.json');

describe('npm run simulate', () => {
  it('prints the JSON report and exits 0 when every expectation is met', () => {
    const r = run([EXAMPLE, '--format', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ total: 7, passed: 7, failed: 0, unchecked: 0 });
    expect(out.results[0]).toMatchObject({ id: 'admin-schedules-deletion', decision: 'Allow', expected: 'Allow', pass: true });
    expect(out.results[0].decidedBy[0]).toMatchObject({ statement: 'Allow access for Key Administrators' });
    expect(out.results[0]).not.toHaveProperty('explain');
  }, 30_000);

  it('adds the explanation with --explain and reads standard input with -', () => {
    const scenario = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    scenario.requests = [{ ...scenario.requests[1], expect: 'Allow' }]; // a wrong expectation
    const r = run(['-', '--explain', '--format=json'], JSON.stringify(scenario));
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.results[0]).toMatchObject({ decision: 'ImplicitDeny', expected: 'Allow', pass: false });
    const layers = out.results[0].explain.layers.map((l: { layer: string; outcome: string }) => `${l.layer}:${l.outcome}`);
    expect(layers).toContain('identity:denied');
    const keyPolicy = out.results[0].explain.layers.find((l: { layer: string }) => l.layer === 'key-policy');
    expect(keyPolicy.policies[0].statements[0]).toMatchObject({ statement: 'Enable IAM User Permissions', applies: true });
  }, 30_000);

  it('exits 2 with the place of the error for an invalid file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "format": "kms-scenario/1",\n  "keys": [\n    { "arn": "not-an-arn" }\n  ]\n}\n');
    const r = run([file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('keys[0].arn');
    expect(r.stderr).toContain('line 4, column 14');
    const syntax = run(['-'], '{ "format": ');
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toMatch(/not valid JSON.*line 1, column 13/);
    expect(run(['/nonexistent.json']).status).toBe(2);
  }, 30_000);

  it('prints a readable text report', () => {
    const r = run([EXAMPLE, '--format', 'text']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('✔ admin-cannot-decrypt: ImplicitDeny (expected ImplicitDeny)');
    expect(r.stdout).toContain('7 requests: 7 passed, 0 failed, 0 unchecked');
  }, 30_000);
});
