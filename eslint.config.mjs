// Lint, and the layering rules of the architecture: src-core is pure domain; the renderer talks to
// the host only through the typed API; nothing imports ssh2/electron where it must not.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

import { builtinModules } from 'node:module';

// Exact module names (so a relative '../util/ip' is not mistaken for node's 'util').
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const nodePatterns = ['node:*'];

const restrict = (names, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    { paths: names.map((name) => ({ name, message })), patterns: patterns.length ? [{ group: patterns, message }] : [] },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'resources/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    files: ['src-core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: restrict(
      [...nodeBuiltins, 'electron', 'vue', 'pinia', 'ssh2'],
      [...nodePatterns, ...nodeBuiltins.map((m) => `${m}/*`), 'electron/*', 'ssh2/*', '**/src-main/**', '**/src-renderer/**', '**/src-agent/**'],
      'src-core is pure domain code: no node, electron, vue or ssh2 imports, no other layer.',
    ),
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      [...nodeBuiltins, 'electron', 'ssh2'],
      [...nodePatterns, ...nodeBuiltins.map((m) => `${m}/*`), 'electron/*', 'ssh2/*', '**/src-main/services/**', '**/src-main/shell/**', '**/src-main/cli/**', '**/src-agent/**'],
      'The renderer has no node, electron or ssh2: it reaches the host only through the typed API.',
    ),
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/shell/**', 'src-main/preload/**'],
    rules: restrict(['electron'], ['electron/*', '**/src-renderer/**'], 'Only src-main/shell and src-main/preload may import electron.'),
  },
  {
    files: ['src-agent/**/*.ts'],
    rules: restrict(['electron', 'vue', 'ssh2'], ['electron/*', '**/src-main/**', '**/src-renderer/**'], 'The agent runs on cluster hosts: node and src-core only.'),
  },
);
