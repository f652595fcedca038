// Runs a Node entry point (src/node/…) as prebuilt JavaScript, so `npm run simulate`,
// `npm run kms-server` and `npm run import-aws` start in a fraction of a second instead of compiling the TypeScript sources
// on every run (tsx). The bundle is built by Vite on the first run and again whenever a source it
// was built from changed (each input's mtime and size are recorded in a manifest beside it, and
// checked before every run: a few stat calls). src/node/prebuilt.test.ts keeps this honest.
//
//   node scripts/node-run.mjs simulate FILE --format json
//   node scripts/node-run.mjs kms-server --port 0
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = join(root, 'node_modules/.cache/kms-lab-node');

/** Entry points by name. */
export const ENTRIES = {
  simulate: 'src/node/simulate.ts',
  'kms-server': 'src/node/kms-server/main.ts',
  'import-aws': 'src/node/import-aws.ts',
};

const manifestPath = (name, dir = outDir) => join(dir, `${name}.manifest.json`);
export const bundlePath = (name, dir = outDir) => join(dir, `${name}.mjs`);

/** Why the bundle in `dir` must be (re)built, or undefined when it is current. */
export function staleReason(name, dir = outDir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath(name, dir), 'utf8'));
    statSync(bundlePath(name, dir));
  } catch {
    return 'not built yet';
  }
  if (manifest.node !== process.version) return `built for Node ${manifest.node}`;
  for (const [file, { mtimeMs, size }] of Object.entries(manifest.inputs)) {
    let st;
    try {
      st = statSync(join(root, file));
    } catch {
      return `${file} is gone`;
    }
    if (st.mtimeMs !== mtimeMs || st.size !== size) return `${file} changed`;
  }
  return undefined;
}

/**
 * Builds one entry point into one ES module (dependencies bundled: no module resolution at
 * start-up), in a private folder first and then moved into place, so a run that starts meanwhile
 * never reads a half-written bundle.
 */
export async function buildEntry(name, out = outDir) {
  const { build } = await import('vite');
  // The engine is imported by its package name (scripts/engine-package.mjs).
  const { engineAliases } = await import('./engine-package.mjs');
  const work = join(out, `.build-${process.pid}-${Date.now()}`);
  const result = await build({
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    resolve: { alias: engineAliases },
    ssr: { noExternal: true },
    build: {
      ssr: join(root, ENTRIES[name]),
      outDir: work,
      emptyOutDir: false,
      minify: false,
      sourcemap: true,
      target: 'node20',
      rollupOptions: { output: { entryFileNames: `${name}.mjs`, codeSplitting: false } },
    },
  });
  const outputs = Array.isArray(result) ? result.flatMap((r) => r.output) : result.output;
  const ids = new Set();
  for (const o of outputs) if (o.type === 'chunk') for (const id of o.moduleIds ?? Object.keys(o.modules)) ids.add(id);
  const inputs = {};
  const add = (abs) => {
    const file = abs.startsWith(root + '/') ? abs.slice(root.length + 1) : undefined;
    if (!file || file.startsWith('node_modules/')) return;
    const st = statSync(abs);
    inputs[file] = { mtimeMs: st.mtimeMs, size: st.size };
  };
  for (const id of ids) if (!id.startsWith('\0') && !id.includes('?')) add(id);
  // Dependencies: a changed lock file means changed node_modules.
  add(join(root, 'package-lock.json'));
  add(fileURLToPath(import.meta.url));
  add(join(root, 'src/engine/package.json'));
  writeFileSync(join(work, `${name}.manifest.json`), JSON.stringify({ node: process.version, inputs }, null, 1));
  // The manifest last: a bundle is current only once its manifest says so.
  for (const f of [`${name}.mjs.map`, `${name}.mjs`, `${name}.manifest.json`]) renameSync(join(work, f), join(out, f));
  rmSync(work, { recursive: true, force: true });
  return join(out, `${name}.mjs`);
}

export async function ensureBuilt(name) {
  const why = staleReason(name);
  if (why) {
    process.stderr.write(`(building ${name}: ${why})\n`);
    await buildEntry(name);
  }
  return bundlePath(name);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [name, ...args] = process.argv.slice(2);
  if (!(name in ENTRIES)) {
    process.stderr.write(`usage: node scripts/node-run.mjs ${Object.keys(ENTRIES).join('|')} [args…]\n`);
    process.exit(2);
  }
  const file = await ensureBuilt(name);
  process.argv = [process.argv[0], file, ...args];
  await import(pathToFileURL(file).href);
}
