// The README's real-CLI walk-through, run as written: the shell block is read from README.md (not
// copied here), only its endpoint URL pointed at a server of this test, and run by bash with the AWS
// CLI the tests use (Debian's v2, or AWS_CLI_PATH) first on PATH — and again with each AWS CLI v1
// found on PATH (pyenv's, say), since the set-up must work with both. The environment is clean: no
// Region, no credentials, no config but what the block sets.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type SpawnedServer } from './test-support';

const AWS = process.env.AWS_CLI_PATH ?? '/usr/bin/aws';
if (!existsSync(AWS)) throw new Error(`The README test needs ${AWS}: install Debian's awscli (sudo apt-get install -y awscli) or set AWS_CLI_PATH.`);
const README = join(dirname(fileURLToPath(import.meta.url)), '../../../README.md');

/** The ```sh block of the README that sets up the CLI (the one exporting AWS_ACCESS_KEY_ID). */
function readmeBlock(): string {
  const blocks = [...readFileSync(README, 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  const block = blocks.find((b) => b.includes('export AWS_ACCESS_KEY_ID'));
  if (!block) throw new Error('README.md has no ```sh block that exports AWS_ACCESS_KEY_ID');
  return block;
}

const version = (cli: string) => {
  try {
    return execFileSync(cli, ['--version'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return '';
  }
};
/** Every `aws` on PATH that is an AWS CLI v1. */
const v1s = (process.env.PATH ?? '').split(':').map((d) => join(d, 'aws')).filter((p, i, all) => existsSync(p) && all.indexOf(p) === i && version(p).startsWith('aws-cli/1.'));
const clis = [AWS, ...v1s.filter((p) => p !== AWS)];

let server: SpawnedServer;
const work = mkdtempSync(join(tmpdir(), 'kms-readme-'));
beforeAll(async () => {
  server = await spawnServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

function run(cli: string, script: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = join(cwd, 'bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(cli, join(bin, 'aws'));
  return new Promise((resolve) =>
    execFile(
      'bash',
      ['-c', script],
      {
        cwd,
        timeout: 180_000,
        env: {
          // The CLI under test first; pyenv's shims need PYENV_* only when the v1 is pyenv's.
          PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
          HOME: cwd,
          ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
          AWS_CONFIG_FILE: join(cwd, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(cwd, 'no-credentials'),
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
    ),
  );
}

describe("the README's AWS CLI walk-through", () => {
  for (const cli of clis)
    it(`runs as written with ${cli} (${version(cli)})`, async () => {
      const block = readmeBlock();
      expect(block).toContain('http://127.0.0.1:4599');
      // Each run starts from the world as loaded (the block creates alias/demo).
      expect((await fetch(`${server.url}/_lab/reset`, { method: 'POST' })).status).toBe(200);
      const cwd = mkdtempSync(join(work, 'run-'));
      const r = await run(cli, block.replaceAll('http://127.0.0.1:4599', server.url), cwd);
      expect(r.stderr).not.toMatch(/You must specify a region/);
      // The decrypt with the context prints the text; the one without fails as the README says.
      expect(r.stdout, r.stderr).toMatch(/^hello$/m);
      expect(r.stderr).toMatch(/An error occurred \(InvalidCiphertextException\) when calling the Decrypt operation/);
      // Nothing else failed: that is the only error line.
      expect(r.stderr.split('\n').filter((l) => /error/i.test(l))).toHaveLength(1);
      expect(r.stdout).toMatch(/"KeyState": "PendingDeletion"/);
      expect(readFileSync(join(cwd, 'plain.txt'), 'utf8')).toBe('hello\n');
    }, 200_000);
});

describe("the README's live classroom example", () => {
  /** The ```sh block that opens the Live screen (the one with #live=). */
  const liveBlock = () => {
    const blocks = [...readFileSync(README, 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
    const block = blocks.find((b) => b.includes('#live='));
    if (!block) throw new Error('README.md has no ```sh block with a #live= link');
    return block;
  };

  it('is two commands, and each does what its comment says', async () => {
    const lines = liveBlock().trim().split('\n');
    expect(lines).toHaveLength(2);
    const [serverLine, appLine] = lines.map((l) => /^(\S.*?)\s+#\s*(.*)$/.exec(l)!);
    // 1. `npm run kms-server` prints the stream's address, as the comment shows (the server of this
    //    test is on a port of its own; the README's is the default, 4599).
    expect(serverLine[1]).toBe('npm run kms-server');
    const printed = /^prints: (kms-server live events: )http:\/\/127\.0\.0\.1:4599(\/_lab\/events) \(…\)$/.exec(serverLine[2]);
    expect(printed).not.toBeNull();
    await expect.poll(() => new RegExp(`^${printed![1]}(\\S+)`, 'm').exec(server.output().replace(/^stdout: /, ''))?.[1]).toBe(`${server.url}${printed![2]}`);
    // 2. `npm start` serves the app where the comment opens it, and that origin may read the stream.
    expect(appLine[1]).toBe('npm start');
    const link = /^then open (http:\/\/[^/]+)\/#(live=.*)$/.exec(appLine[2])!;
    const pkg = JSON.parse(readFileSync(join(dirname(README), 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const [, host, port] = /--host (\S+) --port (\d+)/.exec(pkg.scripts.start)!;
    expect(link[1]).toBe(`http://${host}:${port}`);
    const { parseLiveLink } = await import('../../store/live');
    expect(parseLiveLink(link[2])).toEqual({ endpoint: 'http://127.0.0.1:4599', token: '' });
    const events = await fetch(`${server.url}/_lab/events`, { headers: { origin: link[1] } });
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(events.headers.get('access-control-allow-origin')).toBe(link[1]);
    await events.body?.cancel();
  });
});
