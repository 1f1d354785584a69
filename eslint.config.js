// Lint config. The layering rules of ARCHITECTURE.md are enforced here with
// no-restricted-imports, one block per layer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'net', 'url', 'worker_threads'];

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
    files: ['bin/**/*.mjs', 'scripts/**/*.mjs', '*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly' },
    },
  },
  {
    // src/shared is pure TypeScript: no Node, no DOM-only libraries, no electron, nothing outside itself.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', ...nodeBuiltins], message: 'src/shared is pure: no Node built-ins, no electron.' },
          { group: ['**/main/**', '**/renderer/**', '**/server/**', 'react', 'react-dom', 'antd', 'better-sqlite3', 'drizzle-orm*', 'fastify', 'pdfmake*'], message: 'src/shared imports nothing outside itself.' },
        ],
      }],
    },
  },
  {
    // The desktop backend never imports electron; only src/main/electron does.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'Only src/main/electron may import electron.' },
          { group: ['**/renderer/**', '**/server/**'], message: 'src/main does not import the renderer or the server.' },
        ],
      }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', ...nodeBuiltins, 'better-sqlite3', 'drizzle-orm*'], message: 'The renderer reaches data only through the contract (window.api).' },
          { group: ['**/main/**', '**/server/**'], message: 'The renderer imports only src/shared and its own files.' },
        ],
      }],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', '**/main/**', '**/renderer/**', 'better-sqlite3'], message: 'The server imports src/shared, never src/main or the renderer.' },
        ],
      }],
    },
  },
);
