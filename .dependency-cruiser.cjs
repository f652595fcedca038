// Import-graph checks (dependency-cruiser), run by `npm run lint:deps` (and so by `npm run lint`
// and CI). The layers themselves are eslint's no-restricted-imports (eslint.config.js); this file
// guards what eslint cannot see: cycles.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-engine-cycle',
      severity: 'error',
      comment: 'No import cycle inside the engine, not even through `import type`: shared types live in leaf modules (docs/architecture.md).',
      from: { path: '^src/engine/' },
      to: { circular: true, path: '^src/engine/' },
    },
    {
      name: 'no-runtime-cycle',
      severity: 'error',
      comment: 'No cycle at run time anywhere in src/ (a type-only loop such as the store slices typing each other is allowed outside the engine).',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
    exclude: { path: '(^|/)node_modules/' },
  },
};
