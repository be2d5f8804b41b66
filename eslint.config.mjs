// House style (ARCHITECTURE.md): typescript-eslint's type-checked rules everywhere, Prettier for layout,
// the Temporal determinism rules for workflows/, and the layer rules that keep SQL out of route files.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.data/',
      '.tools/',
      'coverage/',
      'test/histories/',
      'test/generated/',
      'test/contract/generated.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      // Rows from Knex and bodies validated by Joi are untyped by nature: the `any` they carry is checked at the
      // boundary (Joi, column lists), so the unsafe-* family would only add casts without adding safety.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Activities, stubs and handlers implement async interfaces; a body that happens not to await is legitimate.
      '@typescript-eslint/require-await': 'off',
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Workflow code is replayed: no Node built-ins, no I/O libraries, no ambient non-determinism.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins,
          patterns: [
            {
              group: ['@temporalio/activity', '@temporalio/client', '@temporalio/worker', '@temporalio/testing'],
              message: 'not in workflow code',
            },
            {
              group: ['knex', 'pg', 'objection', 'nodemailer', 'carbone', 'pino', 'koa', '@koa/*'],
              message: 'I/O belongs in activities',
            },
            {
              group: [
                '**/src/db/**',
                '**/src/api/**',
                '**/src/temporal/**',
                '**/src/mail/**',
                '**/src/storage/**',
                '**/src/documents/**',
              ],
              message: 'I/O belongs in activities',
              allowTypeImports: true,
            },
            { group: ['**/activities/**'], message: 'workflows import activity types only', allowTypeImports: true },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'process',
          'require',
          'Buffer',
          'fetch',
          'setInterval',
          'setImmediate',
          'performance',
          'crypto',
          'WeakRef',
          'FinalizationRegistry',
        ].map((name) => ({
          name,
          message: 'not deterministic or not available in the workflow sandbox; use @temporalio/workflow',
        })),
      ],
    },
  },
  {
    // Route files parse, call one module and shape the answer: queries live in src/db, rules in src/domain, and a
    // transaction is a service's (it knows what must change together).
    files: ['src/api/routes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'knex', message: 'queries belong in src/db/ (ARCHITECTURE.md)' },
            { name: 'objection', message: 'queries belong in src/db/' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction']",
          message: 'a route opens no transaction: the service it calls does (ARCHITECTURE.md)',
        },
      ],
    },
  },
  {
    // Lower layers never reach up into the HTTP layer.
    files: [
      'src/services/**/*.ts',
      'src/contracts/**/*.ts',
      'src/schemas/**/*.ts',
      'src/errors.ts',
      'src/db/**/*.ts',
      'src/domain/**/*.ts',
      'activities/**/*.ts',
      'workflows/**/*.ts',
      'src/storage/**/*.ts',
      'src/documents/**/*.ts',
      'src/auth/**/*.ts',
      'src/mail/**/*.ts',
      'src/temporal/**/*.ts',
    ],
    ignores: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/api/**', '**/api'], message: 'lower layers never import src/api/ (ARCHITECTURE.md)' },
          ],
        },
      ],
    },
  },
  {
    // Dates in the suites that run against a live stack come from the test's clock (test/support/calendar.ts): a
    // fixed calendar day passes, and then a contract expires or a default window moves under the test (a day before
    // 2020 stands for "long ago" and is allowed). Allowed only
    // in the files below, whose dates are facts of the seeded record or data no rule compares with today.
    files: ['test/integration/**/*.ts', 'test/workflows/**/*.ts', 'test/support/**/*.ts', 'test/bench/**/*.ts'],
    ignores: [
      'test/integration/migrations.test.ts', // the seeded decrees and rates, as enacted
      'test/integration/master-data.test.ts', // decree history on explicit dates (asOf, validFrom)
      'test/integration/quotation-steps.test.ts', // prices against the seeded 2026 decrees and the 2026 JP cap
      'test/integration/sales-revenue.test.ts', // revenue of fixture rows by month; no rule reads today
      'test/integration/go-live-import.test.ts', // a past contract start and a contract that ended in 2025
      'test/integration/document-layout.test.ts', // a fixed issue date, so the rendered page is stable
      'test/integration/leads.test.ts', // a lead dated years back, to be archived
      'test/workflows/fulfilment-overdue.test.ts', // the run asks a stubbed activity for today
      'test/support/quotation-record.ts', // timestamps of a record no rule dates
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['Literal[value=/', 'TemplateElement[value.raw=/'].map((node) => ({
          selector: `${node}\\b20[2-9]\\d-(0[1-9]|1[0-2])\\b/]`,
          message: 'a literal calendar date: take it from the test clock (test/support/calendar.ts)',
        })),
      ],
    },
  },
  prettier,
);
