// The engine is a package (src/engine/package.json) whose "exports" are its only doors:
// `@kms-lab/engine` (src/engine/index.ts: what the store, UI, timeline and lessons import),
// `@kms-lab/engine/policy` and `@kms-lab/engine/scenario` (kept apart because it pulls zod, which the
// app lazy-loads). Nothing outside src/engine may import anything else of it.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as engine from './index';
import * as scenario from './scenario';
import { engineAliases, engineEntries } from '../../scripts/engine-package.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')) as { name: string; exports: Record<string, string> };

/** Every import specifier of a source text: static and type imports, re-exports, dynamic import(), vi.mock(). */
function specifiersOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|^\s*import\s*|\bimport\s*\(\s*|\bvi\.(?:do)?[mM]ock\s*\(\s*)(['"])([^'"\n]+)\1/gm)) out.push(m[2]);
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(entry.name)) out.push(p);
  }
  return out;
}

/** Bare packages reached from `entry` through value (not type-only) imports and re-exports. */
function packagesReachedFrom(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const spec = m[1];
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const target = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && p.endsWith('.ts'));
      if (target) visit(target);
    }
  };
  visit(entry);
  return packages;
}

describe('the engine is a package with three doors', () => {
  it('its exports map names exactly ".", "./policy" and "./scenario", each an existing file', () => {
    expect(pkg.name).toBe('@kms-lab/engine');
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './policy', './scenario']);
    for (const file of Object.values(pkg.exports)) expect(existsSync(join(here, file)), file).toBe(true);
  });

  it('tsc (tsconfig paths) and Vite (aliases) resolve the same three names to the same files', () => {
    const tsconfig = JSON.parse(readFileSync(join(repo, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
    const paths = Object.fromEntries(Object.entries(tsconfig.compilerOptions.paths).filter(([k]) => k.startsWith(pkg.name)).map(([k, [v]]) => [k, resolve(repo, v)]));
    expect(paths).toEqual(engineEntries);
    expect(engineAliases.map((a) => a.replacement).sort()).toEqual(Object.values(engineEntries).sort());
    // Exact names only: a deep name does not resolve.
    expect(engineAliases.some((a) => a.find.test(`${pkg.name}/kms/pipeline`))).toBe(false);
    expect(engineAliases.filter((a) => a.find.test(`${pkg.name}/policy`))).toHaveLength(1);
  });

  it('no file outside src/engine imports a path into it, or a name the exports map does not list', () => {
    const doors = new Set(Object.keys(engineEntries));
    const offending: string[] = [];
    const files = ['src', 'e2e', 'scripts'].flatMap((d) => sourceFiles(join(repo, d))).filter((f) => !f.startsWith(here + '/'));
    expect(files.length).toBeGreaterThan(100);
    let byName = 0;
    for (const file of files) {
      for (const spec of specifiersOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith(pkg.name)) {
          if (doors.has(spec)) byName++;
          else offending.push(`${relative(repo, file)}: ${spec}`);
        } else if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (target === here || target.startsWith(here + '/')) offending.push(`${relative(repo, file)}: ${spec}`);
        }
      }
    }
    expect(offending).toEqual([]);
    expect(byName).toBeGreaterThan(50); // the walk does see the imports by name
  });

  it('the check sees a deep import when there is one', () => {
    expect(specifiersOf("import { x } from '../engine/kms/pipeline';\nconst m = await import('@kms-lab/engine/kms/client');\nvi.mock('../../engine/world/state', () => ({}));"))
      .toEqual(['../engine/kms/pipeline', '@kms-lab/engine/kms/client', '../../engine/world/state']);
  });
});

describe('the engine’s public entry', () => {
  it('exports what the other layers need, so they need no deep imports', () => {
    for (const name of ['keyMetadata', 'evaluateKmsRequest', 'keyForAccess', 'buildAccessInput', 'principalInfo', 'principalName', 'resolvePrincipal', 'emptyIdentityState'] as const)
      expect(typeof engine[name], name).toBe('function');
    expect(new engine.PolicyUnparseable('key policy', 1, 2, 'bad')).toBeInstanceOf(Error);
    expect(engine.principalName('arn:aws:iam::111122223333:role/admin')).toBe('admin');
    expect(engine.emptyIdentityState()).toMatchObject({});
  });

  it('the scenario entry re-exports load, simulate and schema', () => {
    for (const name of ['parseScenario', 'loadScenario', 'exportScenario', 'describeProblem', 'simulateScenario', 'evaluateScenarioRequest', 'explainJson', 'scenarioJsonSchema'] as const)
      expect(typeof scenario[name], name).toBe('function');
    expect(scenario.ScenarioSchema).toBeDefined();
  });

  it('the main entry does not pull zod; the scenario entry does', () => {
    const main = packagesReachedFrom(join(here, 'index.ts'));
    expect(main).toContain('@noble/curves'); // the walk does reach the engine's dependencies
    expect(main).not.toContain('zod');
    expect(packagesReachedFrom(join(here, 'scenario', 'index.ts'))).toContain('zod');
  });
});
