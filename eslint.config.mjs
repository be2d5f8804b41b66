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
    // Route files parse, call one module and shape the answer: queries live in src/db, rules in src/domain.
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
    },
  },
  {
    // Lower layers never reach up into the HTTP layer.
    files: [
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
  prettier,
);
