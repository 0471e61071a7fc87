// The organization's Preferred Assister Reports as its people see them on the portal: each report that went out
// (sent, rows, returned, overdue, carried over) and each file received for it (when, by whom, what came of it, how
// many of its outcomes reached their leads). Who sent a file from the portal is in the audit trail; a file sent
// with a token (the API, `pal report submit`) has no person. Nothing here is a consumer's data.
import type { SubmissionResult } from './report-submissions';
import type { Sql } from './database';

/** How many of the latest reports the page lists (about six months of two-week periods). */
export const PORTAL_REPORTS = 12;

export interface PortalReport {
  periodNumber: number;
  rows: number;
  sentAt: Date;
  completedAt: Date | null;
  onTime: boolean | null;
  overdueAt: Date | null;
  /** The newer report the rows still without an outcome moved to. */
  carriedTo: number | null;
}

export interface PortalSubmission {
  id: number;
  periodNumber: number;
  receivedAt: Date;
  result: SubmissionResult | null;
  /** The person who sent it from the portal; null for a file sent with a token. */
  submittedBy: string | null;
  /** Outcomes recorded from the file, applied to their leads, and refused by a lead that changed meanwhile. */
  recorded: number;
  delivered: number;
  refusedByLead: number;
}

/** The audit action of a file submitted from the portal; its detail names the submission. */
export const SUBMITTED_REPORT = 'submitted-report';

/** The organization's latest reports that went out, newest first, with the files received for them. */
export async function organizationReports(sql: Sql, assisterId: string): Promise<{ reports: PortalReport[]; submissions: PortalSubmission[] }> {
  const reports = await sql<PortalReport[]>`
    select period_number as "periodNumber", rows, sent_at as "sentAt", completed_at as "completedAt", on_time as "onTime",
           overdue_at as "overdueAt", carried_to as "carriedTo"
    from report_obligations where assister_id = ${assisterId} and sent_at is not null
    order by period_number desc limit ${PORTAL_REPORTS}`;
  const submissions = await submissionsOf(sql, assisterId, { periodNumbers: reports.map((r) => r.periodNumber) });
  return { reports, submissions };
}

/** Whether the organization's report for the period went out (so it has a workbook, and may be returned here). */
export async function reportSent(sql: Sql, assisterId: string, periodNumber: number): Promise<boolean> {
  const rows = await sql`select 1 from report_obligations where assister_id = ${assisterId} and period_number = ${periodNumber} and sent_at is not null`;
  return rows.length > 0;
}

/** One file the organization sent, or undefined (also when it is another organization's). */
export async function organizationSubmission(sql: Sql, assisterId: string, id: number): Promise<PortalSubmission | undefined> {
  const [submission] = await submissionsOf(sql, assisterId, { id });
  return submission;
}

async function submissionsOf(sql: Sql, assisterId: string, which: { periodNumbers: number[] } | { id: number }): Promise<PortalSubmission[]> {
  const rows = await sql<(Omit<PortalSubmission, 'id'> & { id: string })[]>`
    select s.id, s.period_number as "periodNumber", s.received_at as "receivedAt", s.result,
           (select p.email from audit_events a join portal_people p on a.actor = 'person:' || p.id
            where a.assister_id = s.assister_id and a.action = ${SUBMITTED_REPORT} and a.detail->>'submissionId' = s.id::text
            order by a.id limit 1) as "submittedBy",
           count(o.outcome_key)::int as recorded,
           (count(o.outcome_key) filter (where o.delivered_at is not null and o.refused is null))::int as delivered,
           (count(o.outcome_key) filter (where o.refused is not null))::int as "refusedByLead"
    from report_submissions s left join report_outcomes o on o.submission_id = s.id
    where s.assister_id = ${assisterId} and ${'id' in which ? sql`s.id = ${which.id}` : sql`s.period_number = any(${which.periodNumbers}::int[])`}
    group by s.id order by s.received_at desc, s.id desc`;
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
