// An assister's Preferred Assister Report workbook for a period: its rows come from store/reports.ts (outcomes
// already reported are prefilled, each lead named by its reference); the cycle emails it and a coordinator
// downloads the same file. And what keeps the assister's report workflows in step (domain/report-carry-over): a
// newer report carries the rows without an outcome over from the older ones, and every report still waiting
// hears its count after a submission.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import type { AssisterRecord } from '../domain/assister';
import { reportPeriod, type ReportCalendarConfig, type ReportPeriod } from '../domain/report-calendar';
import { RESOLUTIONS_WITHOUT_CONTACT } from '../domain/resolutions';
import { minnesotaDate } from '../domain/time';
import { assisterReportWorkflowId, reportCarriedOverSignal, reportSubmittedSignal } from '../contracts/report';
import { assisterRecord } from '../store/assisters';
import type { Sql } from '../store/database';
import { olderOpenReportPeriods, openReportPeriods, outstandingReportRows, recordCarryOver, reportLeads, reportProgressOf } from '../store/reports';
import { reportWorkbookBuffer, type ReportWorkbookRow } from './report-workbook';

export async function reportWorkbookRows(sql: Sql, assisterId: string, period: ReportPeriod): Promise<ReportWorkbookRow[]> {
  return (await reportLeads(sql, assisterId, period)).map((l) => ({
    leadReference: l.reference,
    firstName: l.intake.consumer.firstName,
    lastName: l.intake.consumer.lastName,
    phone: l.intake.consumer.phone,
    referralDate: minnesotaDate(l.referred_at),
    contactMade: l.contact_date ? 'Y' : l.resolution && RESOLUTIONS_WITHOUT_CONTACT.includes(l.resolution) ? 'N' : undefined,
    contactDate: l.contact_date ?? undefined,
    resolution: l.resolution ?? undefined,
    comments: l.comment ?? undefined,
  }));
}

async function reportAssister(sql: Sql, assisterId: string): Promise<AssisterRecord> {
  const assister = await assisterRecord(sql, assisterId);
  if (!assister) throw new Error(`Assister ${assisterId} is not in the directory`);
  return assister;
}

/** The assister's workbook for the period: what the cycle emails (full mode) and what a coordinator downloads. */
export async function reportWorkbookFor(sql: Sql, assisterId: string, period: ReportPeriod): Promise<{ assister: AssisterRecord; rows: number; workbook: Buffer }> {
  const assister = await reportAssister(sql, assisterId);
  const rows = await reportWorkbookRows(sql, assisterId, period);
  const info = { assisterName: assister.name, referralsFrom: period.referralsFrom, referralsTo: period.referralsTo, reportDue: period.reportDue };
  return { assister, rows: rows.length, workbook: await reportWorkbookBuffer(info, rows) };
}

/** How many rows the assister's report for the period has, without building its workbook (what a link-mode email says). */
export async function reportSizeFor(sql: Sql, assisterId: string, period: ReportPeriod): Promise<{ assister: AssisterRecord; rows: number }> {
  return { assister: await reportAssister(sql, assisterId), rows: (await reportLeads(sql, assisterId, period)).length };
}

/** Signals an assister's report workflow; one that has ended (or was never started) has nothing to hear. */
async function tellReport<T extends unknown[]>(client: Client, assisterId: string, period: ReportPeriod, signal: SignalDefinition<T>, ...args: T) {
  try {
    await client.workflow.getHandle(assisterReportWorkflowId(period.referralsFrom, assisterId)).signal(signal, ...args);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}

/**
 * After a submission's outcomes reached their leads: each of the assister's reports still waiting (and the
 * submission's own) is told how many of its rows still lack an outcome. An outcome counts for the lead, so a row
 * returned on one report answers it on every report it appears on. Returns the count of the submission's report.
 */
export async function tellOpenReports(sql: Sql, client: Client, calendar: ReportCalendarConfig, input: { submissionId: number; assisterId: string; period: ReportPeriod }): Promise<number> {
  const { submissionId, assisterId, period } = input;
  const numbers = new Set([period.number, ...(await openReportPeriods(sql, assisterId))]);
  let own = 0;
  for (const number of [...numbers].sort((a, b) => a - b)) {
    const p = number === period.number ? period : reportPeriod(calendar, number);
    const outstanding = await outstandingReportRows(sql, assisterId, p);
    if (number === period.number) own = outstanding;
    await tellReport(client, assisterId, p, reportSubmittedSignal, { submissionId, outstanding });
  }
  return own;
}

export function reportActivities(sql: Sql, client: Client, calendar: ReportCalendarConfig) {
  return {
    /**
     * Once the assister's report for `period` has gone out: the rows without an outcome of its older reports still
     * waiting have moved to it (they are on it), so each is recorded as carried over and its workflow told, and
     * ends. Returns how many rows of this report lack an outcome.
     */
    async carryOverOpenReports(input: { assisterId: string; period: ReportPeriod }): Promise<{ outstanding: number }> {
      const { assisterId, period } = input;
      for (const number of await olderOpenReportPeriods(sql, assisterId, period.number)) {
        const older = reportPeriod(calendar, number);
        const carried = (await reportProgressOf(sql, assisterId, older, true))['carried-over'];
        const carriedOver = await recordCarryOver(sql, assisterId, number, period.number, carried);
        await tellReport(client, assisterId, older, reportCarriedOverSignal, { to: period.referralsFrom, carriedOver });
      }
      return { outstanding: await outstandingReportRows(sql, assisterId, period) };
    },
  };
}
