// What a Preferred Assister Report holds, from PostgreSQL: one row per lead sent to the assister in the period,
// plus its leads still open with "Contact made, appointment scheduled"; outcomes already reported are prefilled.
import type { ReportPeriod } from '../domain/report-calendar';
import type { ReportableLead } from '../domain/report-rows';
import { APPOINTMENT_SCHEDULED, RESOLUTIONS_WITHOUT_CONTACT, type Resolution } from '../domain/resolutions';
import { addDays, minnesotaDate, minnesotaInstant } from '../domain/time';
import type { Lead } from '../domain/lead';
import type { AssisterRecord } from '../domain/assister';
import type { Sql } from './database';
import { reportWorkbookBuffer, type ReportWorkbookRow } from './report-workbook';
import { assisterRecord } from './assisters';

interface ReportLeadRow {
  id: string;
  intake: Lead;
  referred_at: Date;
  contact_date: string | null;
  resolution: Resolution | null;
  closed: boolean;
  comment: string | null;
}

/** The condition on `leads` for "belongs in this period's report": referred in the period, or still open with an appointment. */
export function inReportPeriod(sql: Sql, period: ReportPeriod) {
  const from = minnesotaInstant(period.referralsFrom, 0);
  const until = minnesotaInstant(addDays(period.referralsTo, 1), 0);
  return sql`((referred_at >= ${from} and referred_at < ${until}) or (referred_at < ${from} and closed_at is null and resolution = ${APPOINTMENT_SCHEDULED}))`;
}

async function reportLeads(sql: Sql, assisterId: string, period: ReportPeriod): Promise<ReportLeadRow[]> {
  return sql<ReportLeadRow[]>`
    select id, intake, referred_at, contact_date::text as contact_date, resolution, closed_at is not null as closed,
           (select data->>'comment' from lead_events e where e.lead_id = leads.id and e.type = 'resolution-reported' order by e.id desc limit 1) as comment
    from leads
    where assister_id = ${assisterId} and ${inReportPeriod(sql, period)}
    order by referred_at, id`;
}

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

/** The leads a returned report may speak of, keyed by the reference as written in the workbook (upper case). */
export async function reportableLeads(sql: Sql, assisterId: string, period: ReportPeriod): Promise<Map<string, ReportableLead>> {
  return new Map(
    (await reportLeads(sql, assisterId, period)).map((l) => [
      l.id.toUpperCase(),
      { leadId: l.id, referredAt: l.referred_at, contactDate: l.contact_date ?? undefined, closed: l.closed, resolution: l.resolution ?? undefined },
    ]),
  );
}

/** Rows of the assister's report for the period that still lack an outcome (the lead is neither resolved nor closed). */
export async function outstandingReportRows(sql: Sql, assisterId: string, period: ReportPeriod): Promise<number> {
  const ids = (await reportLeads(sql, assisterId, period)).map((l) => l.id);
  const [row] = await sql<{ outstanding: number }[]>`
    select count(*)::int as outstanding from leads where id = any(${ids}::uuid[]) and resolution is null and closed_at is null`;
  return row?.outstanding ?? 0;
}

/** The assister's workbook for the period: what the cycle emails and what a coordinator downloads. */
export async function reportWorkbookFor(sql: Sql, assisterId: string, period: ReportPeriod): Promise<{ assister: AssisterRecord; rows: number; workbook: Buffer }> {
  const assister = await assisterRecord(sql, assisterId);
  if (!assister) throw new Error(`Assister ${assisterId} is not in the directory`);
  const rows = await reportWorkbookRows(sql, assisterId, period);
  const info = { assisterName: assister.name, referralsFrom: period.referralsFrom, referralsTo: period.referralsTo, reportDue: period.reportDue };
  return { assister, rows: rows.length, workbook: await reportWorkbookBuffer(info, rows) };
}
