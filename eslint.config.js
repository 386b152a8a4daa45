// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layering rule (see ARCHITECTURE.md): imports point one way,
 * shared <- core <- {main, server}, and renderer -> shared. A wrong-direction
 * import is a lint error, so it fails `npm test`.
 */
const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'vm',
  'worker_threads',
  'zlib',
];
const layer = (
  /** @type {string[]} */ forbiddenDirs,
  /** @type {string[]} */ extraPaths,
  /** @type {string} */ why,
) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: extraPaths.map((name) => ({ name, message: why })),
      patterns: [
        ...forbiddenDirs.map((dir) => ({ group: [`**/${dir}`, `**/${dir}/**`], message: why })),
        ...(extraPaths.includes('node:*') ? [{ group: ['node:*'], message: why }] : []),
      ],
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.stack/**',
      'artifacts/**',
      'test-results/**',
      'playwright-report/**',
      '.scratch*',
      '.tmp-*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: layer(
      ['core', 'main', 'preload', 'server', 'renderer'],
      ['electron', 'react', 'node:*', ...nodeBuiltins],
      'src/shared is the pure contract: no node, electron, DOM or other layers.',
    ),
  },
  {
    files: ['src/core/**/*.ts'],
    rules: layer(
      ['main', 'preload', 'server', 'renderer'],
      ['electron', 'react'],
      'src/core is Node-only services: it may import src/shared, never electron or a transport.',
    ),
  },
  {
    files: ['src/server/**/*.ts'],
    rules: layer(
      ['main', 'preload', 'renderer/src'],
      ['electron', 'react'],
      'src/server binds core to HTTP/WebSocket; no electron or renderer code.',
    ),
  },
  {
    files: ['src/main/**/*.ts'],
    rules: layer(['server', 'renderer/src', 'preload'], ['react'], 'src/main is the thin Electron shell over core.'),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: layer(['core', 'server', 'main', 'renderer'], ['react'], 'src/preload is the bridge: contract names only.'),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...layer(
        ['core', 'main', 'preload', 'server'],
        ['electron', 'node:*', ...nodeBuiltins],
        'src/renderer imports src/shared only (types and schemas): never core, node or electron.',
      ),
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Server data is rendered as text.' },
      ],
    },
  },
);
