// The engine is a package (src/engine/package.json): outside src/engine it is imported by name,
// `@kms-lab/engine`, `@kms-lab/engine/policy`, `@kms-lab/engine/scenario`, and by nothing else.
// Vite, Vitest and the prebuilt Node scripts resolve those names with these aliases, built from the
// package's own "exports" map; tsconfig.json "paths" says the same to tsc and tsx
// (src/engine/public-surface.test.ts checks that the three agree).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const engineDir = join(root, 'src/engine');
const pkg = JSON.parse(readFileSync(join(engineDir, 'package.json'), 'utf8'));
export const engineName = pkg.name;

/** Import name → absolute file, one per entry of "exports". */
export const engineEntries = Object.fromEntries(
  Object.entries(pkg.exports).map(([sub, file]) => [sub === '.' ? engineName : `${engineName}/${sub.slice(2)}`, join(engineDir, file)]),
);

/** Vite's resolve.alias: exact names only, so a deep `@kms-lab/engine/kms/…` does not resolve. */
export const engineAliases = Object.entries(engineEntries).map(([name, file]) => ({
  find: new RegExp(`^${name.replace(/[/.]/g, '\\$&')}$`),
  replacement: file,
}));
