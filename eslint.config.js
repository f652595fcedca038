import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The layers of ../shared/design/ARCHITECTURE.md: the engine and the timeline are pure TypeScript
// and may not reach up into the UI, the store or any UI library.
const uiLibraries = ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*', '@xyflow/*', 'motion', 'motion/*', 'framer-motion', 'idb'];
// The engine is a package (src/engine/package.json): from outside src/engine only its exports,
// `@kms-lab/engine`, `@kms-lab/engine/policy` and `@kms-lab/engine/scenario`, may be imported —
// never a path into src/engine (docs/architecture.md). Tests inside the engine may import anything.
const engineByNameOnly = [
  { regex: '^(\\.{1,2}/)+(.*/)?engine(/|$)', message: "Import the engine by its package name: '@kms-lab/engine', '@kms-lab/engine/policy' or '@kms-lab/engine/scenario' (src/engine/package.json exports; add an export there if you need one)." },
  { group: ['@kms-lab/engine/*', '!@kms-lab/engine/policy', '!@kms-lab/engine/scenario'], message: "Deep import into the engine: only '@kms-lab/engine', '@kms-lab/engine/policy' and '@kms-lab/engine/scenario' are its doors (add an export there if you need one)." },
];
const restrictUp = (forbiddenDirs, extra = engineByNameOnly) => ({
  'no-restricted-imports': ['error', {
    patterns: [
      { group: uiLibraries, message: 'The engine and timeline are pure TypeScript: no UI libraries (ARCHITECTURE.md).' },
      ...forbiddenDirs.map((d) => ({ group: [`**/${d}`, `**/${d}/*`, `**/${d}/**`], message: `This layer may not import from src/${d} (ARCHITECTURE.md).` })),
      ...extra,
    ],
  }],
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'test-reports', 'playwright-report', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: globals.node } },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['src/engine/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: engineByNameOnly }] },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: globals.node } },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['src/engine/**/*.ts'],
    languageOptions: { globals: { ...globals.node, crypto: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly' } },
    rules: {
      ...restrictUp(['ui', 'store', 'timeline', 'lessons', 'node'], []),
      // No DOM in the engine: it runs unchanged in Node 20 and in the browser.
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'sessionStorage', 'navigator', 'indexedDB'],
    },
  },
  { files: ['src/timeline/**/*.ts'], rules: restrictUp(['ui', 'store', 'lessons', 'node']) },
  {
    // The AWS export converter: one pure implementation for the CLI and the browser (no Node, no DOM),
    // reaching the engine only through its public entries.
    files: ['src/import-aws/**/*.ts'],
    ignores: ['src/import-aws/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: uiLibraries, message: 'The AWS import is pure TypeScript: no UI libraries.' },
          ...['ui', 'store', 'timeline', 'lessons', 'node'].map((d) => ({ group: [`**/${d}`, `**/${d}/*`, `**/${d}/**`], message: `The AWS import may not import from src/${d}.` })),
          { group: ['node:*'], message: 'The AWS import runs in the browser too: no Node modules (the CLI reads the files and passes their text).' },
          ...engineByNameOnly,
        ],
      }],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'sessionStorage', 'navigator', 'indexedDB', 'process', 'Buffer', 'require'],
    },
  },
  { files: ['src/lessons/**/*.ts'], rules: restrictUp(['ui', 'store', 'node']) },
  {
    // Browser tests wait on a state, never on time: a fixed sleep passes on a quiet machine and fails
    // on a busy one (or hides a bug). Wait with expect(locator)…, an event, or page.clock.
    files: ['e2e/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.property.name='waitForTimeout']", message: 'No waitForTimeout in browser tests: wait on a state (expect(locator)…, an event), or drive time with page.clock.' },
        { selector: "CallExpression[callee.name=/^set(Timeout|Interval)$/]", message: 'No sleeps in browser tests: wait on a state (expect(locator)…, an event), or drive time with page.clock.' },
        { selector: "CallExpression[callee.property.name='catch'][callee.object.callee.property.name=/^(click|press|check|fill|waitFor)$/]", message: 'Do not swallow a failed action: it hides a race. Wait for the state that makes the action valid.' },
      ],
    },
  },
  { files: ['src/store/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/ui', '**/ui/*', '**/ui/**'], message: 'The store may not import the UI.' }, ...engineByNameOnly] }] } },
);
