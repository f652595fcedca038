#!/usr/bin/env node
// The figures of docs/architecture.md, measured from the import graph (dependency-cruiser, same
// options as .dependency-cruiser.cjs): the largest import cycle (strongly connected component)
// counting type imports and at run time; imports from outside src/engine into engine internals
// (anything but its public entries); UI files that import the engine at run time; the largest
// source files. `node scripts/architecture-figures.mjs [--json]`.
import { cruise } from 'dependency-cruiser';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs');
const { options } = config;
const result = await cruise(['src'], { ...options, ruleSet: undefined, outputType: 'json' });
const { modules } = JSON.parse(typeof result.output === 'string' ? result.output : JSON.stringify(result.output));

// The engine's doors (src/engine/package.json "exports"; before it existed, its three index files).
const PUBLIC = new Set(['src/engine/index.ts', 'src/engine/policy/index.ts', 'src/engine/scenario/index.ts']);
const isSource = (p) => /^src\/.*\.(ts|tsx|mts)$/.test(p);

/** edges: importer → target → 'runtime' | 'type' (runtime wins when both). */
const edges = new Map();
for (const m of modules) {
  if (!isSource(m.source)) continue;
  const out = new Map();
  for (const d of m.dependencies) {
    if (!isSource(d.resolved)) continue;
    const kind = d.dependencyTypes.includes('type-only') ? 'type' : 'runtime';
    if (out.get(d.resolved) !== 'runtime') out.set(d.resolved, kind);
  }
  edges.set(m.source, out);
}

function sccs(runtimeOnly) {
  // Tarjan, iterative enough for a few hundred modules.
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
  const next = (v) => [...(edges.get(v) ?? new Map())].filter(([, k]) => !runtimeOnly || k === 'runtime').map(([t]) => t);
  function strong(v) {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
    for (const w of next(v)) {
      if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const c = [];
      let w;
      do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  }
  for (const v of edges.keys()) if (!idx.has(v)) strong(v);
  return out.sort((a, b) => b.length - a.length);
}

const inEngine = (p) => p.startsWith('src/engine/');
const deep = [];
for (const [from, out] of edges) {
  if (inEngine(from)) continue;
  for (const [to, kind] of out) if (inEngine(to) && !PUBLIC.has(to)) deep.push({ from, to, kind });
}
const uiRuntime = [...edges].filter(([from, out]) => from.startsWith('src/ui/') && [...out].some(([to, k]) => inEngine(to) && k === 'runtime')).map(([f]) => f).sort();

const GENERATED_OR_DATA = /\.generated\.ts$|^src\/lessons\/(content|exam)\/|\.test\.tsx?$|(^|\/)test\/|\/cases\//;
const sizes = [...edges.keys()].map((f) => ({ file: f, lines: readFileSync(f, 'utf8').split('\n').length }))
  .sort((a, b) => b.lines - a.lines);
const codeSizes = sizes.filter((s) => !GENERATED_OR_DATA.test(s.file));

const all = sccs(false), runtime = sccs(true);
const figures = {
  largestCycle: all[0]?.length ?? 0,
  cycles: all.map((c) => ({ size: c.length, files: c })),
  largestRuntimeCycle: runtime[0]?.length ?? 0,
  runtimeCycles: runtime.map((c) => ({ size: c.length, files: c })),
  engineCycles: all.filter((c) => c.some(inEngine)).map((c) => c.length),
  deepImports: deep.length,
  deepImportsRuntime: deep.filter((d) => d.kind === 'runtime').length,
  deep,
  uiFilesImportingEngineAtRuntime: uiRuntime,
  largestSourceFiles: codeSizes.slice(0, 8),
};
if (process.argv.includes('--json')) console.log(JSON.stringify(figures, null, 2));
else {
  console.log(`largest cycle (type imports counted): ${figures.largestCycle} files; all cycles: ${all.map((c) => c.length).join(', ') || 'none'}`);
  for (const c of all) console.log(`  ${c.length}: ${c.join(' ')}`);
  console.log(`largest runtime cycle: ${figures.largestRuntimeCycle} files; all: ${runtime.map((c) => c.length).join(', ') || 'none'}`);
  for (const c of runtime) console.log(`  ${c.length}: ${c.join(' ')}`);
  console.log(`deep imports into engine internals from outside src/engine: ${deep.length} pairs (${figures.deepImportsRuntime} at run time)`);
  console.log(`UI files importing the engine at run time: ${uiRuntime.length}${uiRuntime.length ? ': ' + uiRuntime.join(' ') : ''}`);
  console.log(`largest source files (not generated, data or tests): ${codeSizes.slice(0, 5).map((s) => `${s.file} ${s.lines}`).join(', ')}`);
}
