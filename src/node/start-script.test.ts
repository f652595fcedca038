// `npm start` on a machine without a desktop (a server, a container, CI): the dev server starts and
// prints its address, and nothing else — no browser is launched, so no "spawn xdg-open ENOENT" stack.
// Vite's CLI reads `--open=false` as the path "false" and opens http://…/false; `--open` must stay out.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('npm start', () => {
  it('serves the app and prints no stack trace where no browser can be opened', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const [bin, ...args] = pkg.scripts.start.split(/\s+/);
    expect(bin).toBe('vite');
    const port = await freePort();
    const at = args.indexOf('--port');
    if (at >= 0) args.splice(at, 2);
    // No desktop: no DISPLAY, no BROWSER, and a PATH holding only node (so no xdg-open to run).
    const bare = await mkdtemp(join(tmpdir(), 'kmslab-start-'));
    await symlink(process.execPath, join(bare, 'node'));
    const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: bare, CI: '' };
    const child = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), ...args, '--port', String(port), '--strictPort'], { cwd: root, env });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`vite exited (${code}) before it was ready:\n${output}`)));
        const ready = () => (/Local:/.test(output) ? resolve() : setTimeout(ready, 50));
        ready();
      });
      // The server answers; by then anything it does on start (opening a browser) has been attempted.
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      await fetch(`http://127.0.0.1:${port}/src/main.tsx`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
    expect(output).toContain(`http://127.0.0.1:${port}/`);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toMatch(/Error|ENOENT/);
  });
});
