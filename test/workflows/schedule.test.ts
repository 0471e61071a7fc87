// The report cycle's Temporal Schedule on the dev server: created once, daily at 08:00 America/Chicago.
import { REPORT_SCHEDULE_ID } from '../../contracts/report';
import { ensureReportSchedule } from '../../workers/schedule';
import { openTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => (stack = await openTestStack()));
afterAll(async () => stack?.close());

test('the report schedule is created idempotently and starts the cycle daily at 08:00 Minnesota time', async () => {
  expect(await ensureReportSchedule(stack.client, stack.taskQueue)).toBe('created');
  expect(await ensureReportSchedule(stack.client, stack.taskQueue)).toBe('exists');
  const schedule = await stack.client.schedule.getHandle(REPORT_SCHEDULE_ID).describe();
  expect(schedule.spec.timezone).toBe('America/Chicago');
  expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 8, end: 8, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
  expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'reportCycleWorkflow', taskQueue: stack.taskQueue });
  expect(schedule.state.paused).toBe(false);
  await stack.client.schedule.getHandle(REPORT_SCHEDULE_ID).delete();
});
