// The Temporal Schedule that drives the report cycle: every day at 08:00 Minnesota time it starts
// reportCycleWorkflow, which sends reports only on a report-sent date of the configured calendar. Visible and
// pausable in Temporal UI (Schedules). Creating it twice leaves the first.
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { PAL_TIME_ZONE } from '../domain/time';
import { REPORT_SEND_HOUR } from '../domain/report-calendar';
import { REPORT_SCHEDULE_ID } from '../contracts/report';

export async function ensureReportSchedule(client: Client, taskQueue: string): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId: REPORT_SCHEDULE_ID,
      spec: { calendars: [{ hour: REPORT_SEND_HOUR, minute: 0, comment: 'daily; the cycle acts on report-sent dates' }], timezone: PAL_TIME_ZONE },
      action: { type: 'startWorkflow', workflowType: 'reportCycleWorkflow', workflowId: 'report-cycle', taskQueue, args: [{}] },
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
      memo: { purpose: 'PAL biweekly Preferred Assister Report cycle' },
    });
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'exists';
    throw err;
  }
}
