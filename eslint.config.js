import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Process boundaries are folders (DESIGN.md rule 2), enforced here:
 * shared/ imports nothing from Node, the DOM or Electron; db/, electron/services,
 * electron/sync, electron/web-shell and server/ never import electron or React;
 * renderer/ never imports Node; only electron/{main,preload,ipc,window}.ts import electron.
 */
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'zlib', 'stream', 'url', 'worker_threads'];
const noElectronOrReact = { group: ['electron', 'react', 'react-dom', 'react-dom/*', 'antd', 'antd/*'], message: 'Only the Electron glue (electron/main|preload|ipc|window.ts) may import electron; React lives in renderer/.' };
const noNode = { group: NODE_BUILTINS, message: 'This folder runs outside Node: no Node built-ins.' };
const noNodeDeps = { group: ['better-sqlite3', 'fastify', 'pg', '@electric-sql/pglite', '**/db/**', '**/server/**', '**/electron/**'], message: 'Reach the main process through the API contract, not by importing its code.' };

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-electron', 'release', 'test-results', 'playwright-report', 'build/native', '.stage', 'tests/fixtures/insecure-electron'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // CommonJS on purpose: the stand-in for the 'electron' module that the packaged main.cjs requires.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectronOrReact, noNode, noNodeDeps] }] },
  },
  {
    files: ['db/**/*.ts', 'server/**/*.ts', 'electron/services/**/*.ts', 'electron/sync/**/*.ts', 'electron/web-shell/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectronOrReact] }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': ['error', { patterns: [{ ...noNode, message: 'The renderer never imports Node.' }, noNodeDeps, { group: ['electron'], message: 'The renderer reaches the main process only through window.xunlian.' }] }],
    },
  },
);
