// What a Preferred Assister Report speaks of, from PostgreSQL: its rows are the assister's leads that appear on it
// (domain/report-carry-over: referred in the period, or referred earlier and still open when it went out), with
// the outcomes already reported; and the report obligations still open, for the carry-over to a newer report.
import type { Lead } from '../domain/lead';
import { leadReference } from '../domain/lead-reference';
import type { ReportPeriod } from '../domain/report-calendar';
import { reportProgress, reportRowWindow, type ReportProgress } from '../domain/report-carry-over';
import { reportLeadIndex, type KnownOutcome, type ReportableLead } from '../domain/report-rows';
import type { Resolution } from '../domain/resolutions';
import type { Sql } from './database';

export interface ReportLead {
  id: string;
  reference: string;
  intake: Lead;
  referred_at: Date;
  contact_date: string | null;
  resolution: Resolution | null;
  closed: boolean;
  comment: string | null;
}

/** The condition on `leads` for "a row of this period's report": domain/report-carry-over appearsOnReport. */
export function inReportPeriod(sql: Sql, period: ReportPeriod) {
  const w = reportRowWindow(period);
  return sql`(referred_at < ${w.referredBefore} and (referred_at >= ${w.referredFrom} or closed_at is null or closed_at >= ${w.openAt}))`;
}

/** The leads of the assister's report for the period, in the order of the workbook's rows. */
export async function reportLeads(sql: Sql, assisterId: string, period: ReportPeriod): Promise<ReportLead[]> {
  const rows = await sql<(Omit<ReportLead, 'reference'> & { reference_number: string })[]>`
    select id, reference_number, intake, referred_at, contact_date::text as contact_date, resolution, closed_at is not null as closed,
           (select data->>'comment' from lead_events e where e.lead_id = leads.id and e.type = 'resolution-reported' order by e.id desc limit 1) as comment
    from leads
    where assister_id = ${assisterId} and ${inReportPeriod(sql, period)}
    order by referred_at, id`;
  return rows.map(({ reference_number, ...l }) => ({ ...l, reference: leadReference(Number(reference_number)) }));
}

/**
 * The leads a returned report may speak of, by reference and by id, each with the last outcome known for it: one
 * recorded from a report (any period's) and not yet delivered, else what its lead workflow has recorded.
 */
export async function reportableLeads(sql: Sql, assisterId: string, period: ReportPeriod): Promise<ReadonlyMap<string, ReportableLead>> {
  const leads = await reportLeads(sql, assisterId, period);
  const pending = await sql<{ lead_id: string; outcome: KnownOutcome }[]>`
    select distinct on (lead_id) lead_id, outcome from report_outcomes
    where lead_id = any(${leads.map((l) => l.id)}::uuid[]) and delivered_at is null and refused is null
    order by lead_id, recorded_at desc, submission_id desc`;
  const recorded = new Map(pending.map((p) => [p.lead_id, p.outcome]));
  return reportLeadIndex(
    leads.map((l) => ({
      leadId: l.id,
      reference: l.reference,
      referredAt: l.referred_at,
      contactDate: l.contact_date ?? undefined,
      closed: l.closed,
      resolution: l.resolution ?? undefined,
      known: recorded.get(l.id) ?? (l.resolution ? { contactMade: l.contact_date !== null, contactDate: l.contact_date ?? undefined, resolution: l.resolution, comment: l.comment ?? undefined } : undefined),
    })),
  );
}

/** The rows of the assister's report for the period, counted by domain/report-carry-over reportRowState. */
export async function reportProgressOf(sql: Sql, assisterId: string, period: ReportPeriod, newerReportSent: boolean): Promise<ReportProgress> {
  const rows = await sql<{ resolution: string | null; closed: boolean }[]>`
    select resolution, closed_at is not null as closed from leads where assister_id = ${assisterId} and ${inReportPeriod(sql, period)}`;
  return reportProgress(rows, newerReportSent);
}

/** Rows of the assister's report for the period without an outcome (carried over or not). */
export async function outstandingReportRows(sql: Sql, assisterId: string, period: ReportPeriod): Promise<number> {
  return (await reportProgressOf(sql, assisterId, period, false)).outstanding;
}

/** Periods of the assister's reports that went out and still wait: not completed, not carried over to a newer one. */
export async function openReportPeriods(sql: Sql, assisterId: string): Promise<number[]> {
  const rows = await sql<{ period_number: number }[]>`
    select period_number from report_obligations
    where assister_id = ${assisterId} and sent_at is not null and completed_at is null and carried_to is null
    order by period_number`;
  return rows.map((r) => r.period_number);
}

/** Periods of the assister's reports older than report `to` that still wait (or whose carry-over to it a retry repeats). */
export async function olderOpenReportPeriods(sql: Sql, assisterId: string, to: number): Promise<number[]> {
  const rows = await sql<{ period_number: number }[]>`
    select period_number from report_obligations
    where assister_id = ${assisterId} and period_number < ${to} and sent_at is not null and completed_at is null and (carried_to is null or carried_to = ${to})
    order by period_number`;
  return rows.map((r) => r.period_number);
}

/** Records that `count` rows without an outcome of an older report moved to report `to`; the first record stands. */
export async function recordCarryOver(sql: Sql, assisterId: string, periodNumber: number, to: number, count: number): Promise<number> {
  const [row] = await sql<{ carried_over: number }[]>`
    update report_obligations set carried_over = coalesce(carried_over, ${count}), carried_to = coalesce(carried_to, ${to})
    where assister_id = ${assisterId} and period_number = ${periodNumber} returning carried_over`;
  return row?.carried_over ?? count;
}
