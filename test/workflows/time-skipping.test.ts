// The Java time-skipping test server (built from Maven Central, never downloaded at run time):
// a two-day durable timer completes in a fraction of a second of wall time.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: process.env.PAL_TIME_SKIPPING_SERVER! } },
  });
});
afterAll(async () => env?.teardown());

test('a two-day timer fires without waiting two days', async () => {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'time-skipping',
    workflowsPath: require.resolve('./two-day-timer'),
  });
  const wallStart = Date.now();
  const elapsed = await worker.runUntil(
    env.client.workflow.execute('twoDayTimerWorkflow', { taskQueue: 'time-skipping', workflowId: 'two-day-timer' }),
  );
  const wallMs = Date.now() - wallStart;
  expect(elapsed).toBeGreaterThanOrEqual(2 * 24 * 60 * 60 * 1000);
  console.log(`two-day timer: ${elapsed / 3_600_000} h of workflow time in ${wallMs} ms of wall time`);
});
