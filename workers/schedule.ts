// The Temporal Schedule that drives the report cycle: every day at 08:00 Minnesota time it starts
// reportCycleWorkflow, which sends reports only on a report-sent date of the configured calendar. Visible and
// pausable in Temporal UI (Schedules). Creating it twice leaves the first. One whose payloads (its arguments and memo)
// were encrypted with a key that is no longer the current one is made again with the current key, paused or not as
// it was (after a key rotation, while the old key is still listed), so the old key can be dropped later without
// leaving the schedule unreadable. A schedule's memo cannot be updated, hence made again rather than updated.
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleOptions } from '@temporalio/client';
import { PAL_TIME_ZONE } from '../domain/time';
import { REPORT_SEND_HOUR } from '../domain/report-calendar';
import { REPORT_SCHEDULE_ID } from '../contracts/report';
import { EncryptionCodec } from '../platform/codec';

export async function ensureReportSchedule(client: Client, taskQueue: string, scheduleId = REPORT_SCHEDULE_ID): Promise<'created' | 'exists' | 're-encrypted'> {
  if (await create(client, reportSchedule(scheduleId, taskQueue))) return 'created';
  if (!(await encryptedWithOtherKey(client, scheduleId))) return 'exists';
  const handle = client.schedule.getHandle(scheduleId);
  const { state } = await handle.describe();
  await handle.delete().catch((err: unknown) => {
    if (!(err instanceof ScheduleNotFoundError)) throw err; // another worker starting at the same time made it again
  });
  await create(client, { ...reportSchedule(scheduleId, taskQueue), state: { paused: state.paused, note: state.note } });
  return 're-encrypted';
}

const reportSchedule = (scheduleId: string, taskQueue: string): ScheduleOptions => ({
  scheduleId,
  spec: { calendars: [{ hour: REPORT_SEND_HOUR, minute: 0, comment: 'daily; the cycle acts on report-sent dates' }], timezone: PAL_TIME_ZONE },
  action: { type: 'startWorkflow', workflowType: 'reportCycleWorkflow', workflowId: 'report-cycle', taskQueue, args: [{}] },
  policies: { overlap: 'SKIP', catchupWindow: '1 day' },
  memo: { purpose: 'PAL biweekly Preferred Assister Report cycle' },
});

/** Creates the schedule; false when it exists already. */
async function create(client: Client, options: ScheduleOptions): Promise<boolean> {
  try {
    await client.schedule.create(options);
    return true;
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return false;
    throw err;
  }
}

/** Whether the schedule's stored payloads name an encryption key other than the current one. */
async function encryptedWithOtherKey(client: Client, scheduleId: string): Promise<boolean> {
  const stored = await client.workflowService.describeSchedule({ namespace: client.options.namespace, scheduleId });
  const payloads = [...(stored.schedule?.action?.startWorkflow?.input?.payloads ?? []), ...Object.values(stored.memo?.fields ?? {})];
  const current = client.options.loadedDataConverter.payloadCodecs.find((c) => c instanceof EncryptionCodec)?.currentKeyId;
  return payloads.some((p) => {
    const keyId = p.metadata?.['encryption-key-id'];
    return keyId !== undefined && Buffer.from(keyId).toString() !== current;
  });
}
