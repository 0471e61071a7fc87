// The workflow bundle carries orchestration and pure rules only. A value import of a module that loads a heavy library
// (the holiday calendar's data, zod, exceljs) puts it in every workflow's sandbox: the worker's memory then grew by
// about 2 MB for every lead it started.
import { bundleWorkflowCode } from '@temporalio/worker';

test('the workflow bundle holds none of the heavy libraries activities use', async () => {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
  for (const library of ['date-holidays', 'node_modules/zod/', 'exceljs', 'postgres', 'nodemailer', 'libphonenumber-js']) expect([library, code.includes(library)]).toEqual([library, false]);
  expect(code.length).toBeLessThan(3 * 1024 * 1024);
}, 120_000);
