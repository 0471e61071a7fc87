// An assister's Preferred Assister Report workbook for a period: its rows come from store/reports.ts (outcomes
// already reported are prefilled); the cycle emails it and a coordinator downloads the same file.
import type { AssisterRecord } from '../domain/assister';
import type { ReportPeriod } from '../domain/report-calendar';
import { RESOLUTIONS_WITHOUT_CONTACT } from '../domain/resolutions';
import { minnesotaDate } from '../domain/time';
import { assisterRecord } from '../store/assisters';
import type { Sql } from '../store/database';
import { reportLeads } from '../store/reports';
import { reportWorkbookBuffer, type ReportWorkbookRow } from './report-workbook';

export async function reportWorkbookRows(sql: Sql, assisterId: string, period: ReportPeriod): Promise<ReportWorkbookRow[]> {
  return (await reportLeads(sql, assisterId, period)).map((l) => ({
    leadReference: l.id,
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

/** The assister's workbook for the period: what the cycle emails and what a coordinator downloads. */
export async function reportWorkbookFor(sql: Sql, assisterId: string, period: ReportPeriod): Promise<{ assister: AssisterRecord; rows: number; workbook: Buffer }> {
  const assister = await assisterRecord(sql, assisterId);
  if (!assister) throw new Error(`Assister ${assisterId} is not in the directory`);
  const rows = await reportWorkbookRows(sql, assisterId, period);
  const info = { assisterName: assister.name, referralsFrom: period.referralsFrom, referralsTo: period.referralsTo, reportDue: period.reportDue };
  return { assister, rows: rows.length, workbook: await reportWorkbookBuffer(info, rows) };
}
