// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// The architecture, enforced: pure domain code and deterministic workflows never reach I/O.
const layerRestrictions = (extra) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: nodeBuiltins.map((name) => ({ name, message: 'No node builtins in this layer.' })),
      patterns: [
        {
          group: ['**/db/**', '**/api/**', '**/emails/**', '**/activities/**', '**/workers/**'],
          message: 'This layer is pure: no I/O layers.',
        },
        {
          group: ['drizzle-orm', 'drizzle-orm/*', 'postgres', 'express', 'pino'],
          message: 'No I/O libraries here.',
        },
        ...extra,
      ],
    },
  ],
});

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.data/',
      'dist/',
      'coverage/',
      'db/migrations/',
      'eslint.config.js',
      'jest.config.js',
      'drizzle.config.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['drizzle-orm', 'drizzle-orm/*'],
              message: 'drizzle is imported only in db/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: layerRestrictions([{ group: ['@temporalio/*'], message: 'domain/ is framework-free.' }]),
  },
  { files: ['workflows/**/*.ts'], rules: layerRestrictions([]) },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
