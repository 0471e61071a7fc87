// What a Preferred Assister Report speaks of, from PostgreSQL: the assister's leads referred in the period, plus
// its leads still open with "Contact made, appointment scheduled", with the outcomes already reported.
import type { Lead } from '../domain/lead';
import type { ReportPeriod } from '../domain/report-calendar';
import type { ReportableLead } from '../domain/report-rows';
import { APPOINTMENT_SCHEDULED, type Resolution } from '../domain/resolutions';
import { addDays, minnesotaInstant } from '../domain/time';
import type { Sql } from './database';

export interface ReportLead {
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

/** The leads of the assister's report for the period, in the order of the workbook's rows. */
export async function reportLeads(sql: Sql, assisterId: string, period: ReportPeriod): Promise<ReportLead[]> {
  return sql<ReportLead[]>`
    select id, intake, referred_at, contact_date::text as contact_date, resolution, closed_at is not null as closed,
           (select data->>'comment' from lead_events e where e.lead_id = leads.id and e.type = 'resolution-reported' order by e.id desc limit 1) as comment
    from leads
    where assister_id = ${assisterId} and ${inReportPeriod(sql, period)}
    order by referred_at, id`;
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
