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

const DRIZZLE = {
  group: ['drizzle-orm', 'drizzle-orm/*'],
  message: 'drizzle is imported only in db/.',
};
const NO_DB = {
  group: ['**/db/**', '**/db'],
  message: 'Routes and activities call a use case in services/, never db/ directly.',
};
const NO_RUNTIME = {
  group: ['**/runtime/**', '**/runtime'],
  message:
    'Only the mains (workers/main.ts, workers/start-stack.ts, api/main.ts), tests and benches build from the composition root.',
};
const NO_ADAPTERS = {
  group: ['**/adapters/**', '**/adapters'],
  allowTypeImports: true,
  message: 'Adapters are built by runtime/ and reached through use cases (type imports are fine).',
};
const NO_OTHER_REPOSITORY = {
  group: ['./*.repository', '../repositories/*'],
  message: 'A repository loads and saves; it never calls another one (a use case composes them).',
};
const NO_OUTER_LAYERS = {
  group: ['**/api/**', '**/activities/**', '**/workers/**', '**/workflows/**', 'express'],
  message: 'A use case knows nothing of HTTP, activities or workers.',
};
const PORTAL_BROWSER = {
  group: [
    '**/api/**',
    '**/db/**',
    '**/services/**',
    '**/runtime/**',
    '**/adapters/**',
    '**/activities/**',
    '**/workers/**',
    '**/workflows/**',
    '**/emails/**',
    'drizzle-orm',
    'drizzle-orm/*',
    'postgres',
    'express',
    'pino',
  ],
  message:
    'The portal runs in the browser: it reads the API over HTTP and imports only pure domain/ code.',
};
const restrict = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns: [DRIZZLE, ...patterns] }],
});
const MAINS = ['workers/main.ts', 'workers/start-stack.ts', 'workers/migrate.ts', 'api/main.ts'];

/** Import rules of the layers around the domain (ARCHITECTURE.md, Layers). */
function layerRules() {
  return [
    {
      files: ['**/*.ts', '**/*.tsx'],
      ignores: [
        'db/**',
        'domain/**',
        'workflows/**',
        'test/**',
        'bench/**',
        'scripts/**',
        'runtime/**',
        ...MAINS,
      ],
      rules: restrict(NO_RUNTIME),
    },
    {
      files: ['api/routes/**/*.ts', 'api/contract/**/*.ts', 'activities/**/*.ts'],
      rules: restrict(NO_DB, NO_RUNTIME, NO_ADAPTERS),
    },
    {
      files: ['api/*.ts'],
      ignores: ['api/main.ts'],
      rules: restrict(NO_DB, NO_RUNTIME, NO_ADAPTERS),
    },
    { files: ['services/**/*.ts'], rules: restrict(NO_RUNTIME, NO_OUTER_LAYERS) },
    {
      files: ['portal/src/**/*.ts', 'portal/src/**/*.tsx'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: nodeBuiltins.map((name) => ({
              name,
              message: 'The portal runs in the browser.',
            })),
            patterns: [PORTAL_BROWSER],
          },
        ],
      },
    },
    {
      files: ['db/repositories/**/*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          { patterns: [NO_RUNTIME, NO_OTHER_REPOSITORY, NO_OUTER_LAYERS] },
        ],
      },
    },
  ];
}

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.data/',
      'dist/',
      '.tmp/',
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
  // Outside domain/ and workflows/, one rule per layer (a later no-restricted-imports entry
  // replaces an earlier one for the same file, so each layer lists everything it forbids).
  ...layerRules(),
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
