// Lint config. The layering rules of ARCHITECTURE.md are enforced by the local rule
// local/layering (eslint-rules/layering.js) from the allow-list below.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import localRules from './eslint-rules/layering.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'migrations/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Plain Node scripts (launchers, build scripts) run outside TypeScript's type information.
    files: ['bin/**/*.mjs', 'scripts/**/*.mjs', '*.js', 'eslint-rules/**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly' },
    },
  },
  {
    // The layers of ARCHITECTURE.md, as an allow-list (eslint-rules/layering.js): a file imports its
    // own layer, the layers listed here, and packages its layer may use. It sees static imports,
    // re-exports, import() and require(). A new folder under src/ needs its line here.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { local: localRules },
    rules: {
      'local/layering': ['error', {
        root: 'src',
        layers: [
          // Pure TypeScript for every side: no Node, no DOM-only libraries; zod, and markdown-it (pure
          // JS) so the desktop and the guide render a knowledge article by one safe configuration.
          { name: 'shared', dir: 'src/shared', allow: [], onlyPackages: ['zod', 'markdown-it'] },
          // Runs sandboxed in a browser: reaches data only through the contract (window.api).
          { name: 'renderer', dir: 'src/renderer', allow: ['shared'], nodeBuiltins: false },
          // The central server never imports the desktop; `daiban server` spawns it as a process.
          { name: 'server', dir: 'src/server', allow: ['shared'] },
          // The desktop backend, innermost first. Nothing in src/main imports the server.
          { name: 'main/platform', dir: 'src/main/platform', allow: ['shared'] },
          { name: 'main/db', dir: 'src/main/db', allow: ['main/platform', 'shared'] },
          { name: 'main/printing', dir: 'src/main/printing', allow: ['main/platform', 'shared'] },
          { name: 'main/sync', dir: 'src/main/sync', allow: ['main/db', 'main/platform', 'shared'] },
          // Features register their handlers on the api (its context, registry and BackendDeps type).
          { name: 'main/features', dir: 'src/main/features', allow: ['main/api', 'main/db', 'main/sync', 'main/printing', 'main/platform', 'shared'] },
          { name: 'main/api', dir: 'src/main/api', allow: ['main/features', 'main/db', 'main/sync', 'main/platform', 'shared'] },
          // The three hosts of the backend.
          { name: 'main/electron', dir: 'src/main/electron', allow: ['main/api', 'main/sync', 'main/platform', 'shared'] },
          { name: 'main/web', dir: 'src/main/web', allow: ['main/api', 'main/platform', 'shared'] },
          { name: 'main/cli', dir: 'src/main/cli', allow: ['main/features', 'main/db', 'main/sync', 'main/printing', 'main/platform', 'shared'] },
        ],
        // Packages that belong to some layers only (the most specific entry decides).
        packageOwners: {
          electron: ['main/electron'],
          'better-sqlite3': ['main/*'],
          'drizzle-orm/better-sqlite3': ['main/*'],
          'drizzle-orm/sqlite-core': ['main/*'],
          fastify: ['server'],
          '@fastify/*': ['server'],
          pg: ['server'],
          '@electric-sql/pglite': ['server'],
          'drizzle-orm/pg-core': ['server'],
          'drizzle-orm/node-postgres': ['server'],
          'drizzle-orm/pglite': ['server'],
          'drizzle-orm': ['main/*', 'server'],
        },
      }],
    },
  },
  {
    // Nor Node's globals in the browser: the renderer has no process, Buffer or require.
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error',
        ...['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate'].map((name) => ({
          name, message: 'The renderer runs in a sandboxed browser without Node globals: ask the backend through window.api.',
        })),
      ],
    },
  },
);
