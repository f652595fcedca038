// The engine's public entries: src/engine/index.ts (what the store, UI, timeline and lessons import)
// and src/engine/scenario/index.ts (kept apart because it pulls zod, which the app lazy-loads).
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as engine from './index';
import * as scenario from './scenario';

const here = dirname(fileURLToPath(import.meta.url));

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
