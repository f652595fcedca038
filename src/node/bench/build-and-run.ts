// Runs one benchmark as the app's code runs in production: bundled and minified-free by Vite
// (no tsx transform in the hot path — tsx keeps every function's name, which costs measurably in
// tight loops), in its own Node process.
//   tsx src/node/bench/build-and-run.ts policy-bench [args…]
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');

export async function buildBench(name: string): Promise<string> {
  const outDir = join(root, 'node_modules/.cache/kms-lab-bench');
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: { ssr: join(here, `${name}.ts`), outDir, emptyOutDir: false, minify: false, sourcemap: true, target: 'node20' },
  });
  return join(outDir, `${name}.js`);
}

export async function runBench(name: string, args: string[]): Promise<number> {
  const file = await buildBench(name);
  const r = spawnSync(process.execPath, ['--enable-source-maps', file, ...args], { stdio: 'inherit', cwd: root });
  return r.status ?? 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [name, ...args] = process.argv.slice(2);
  if (!name) {
    console.error('usage: tsx src/node/bench/build-and-run.ts NAME-bench [args…]');
    process.exit(2);
  }
  process.exit(await runBench(name.replace(/\.ts$/, ''), args));
}
