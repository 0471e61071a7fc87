// Which leads appear on which Preferred Assister Report (domain.md, "Decision (carry-over)"): a report's rows are
// the assister's leads referred in its period, and every earlier lead of the assister still open when the report
// goes out, whatever the reason (no row returned, the interim resolution, a rejected row). So a lead without a
// final resolution appears on each following report until it is resolved or closed. store/reports.ts states the
// same condition in SQL with reportRowWindow's instants.
import { reportSentAt, type ReportPeriod } from './report-calendar';
import { addDays, minnesotaInstant } from './time';

export interface ReportRowWindow {
  /** Leads referred from here up to referredBefore are the period's own. */
  referredFrom: Date;
  referredBefore: Date;
  /** Leads referred earlier appear when they are still open at this instant: when the report goes out. */
  openAt: Date;
}

export function reportRowWindow(period: ReportPeriod): ReportRowWindow {
  return {
    referredFrom: minnesotaInstant(period.referralsFrom, 0),
    referredBefore: minnesotaInstant(addDays(period.referralsTo, 1), 0),
    openAt: reportSentAt(period),
  };
}

export interface ReportCandidate {
  referredAt: Date;
  /** When the lead was closed (a final resolution, or closed unresolved); null while it is open. */
  closedAt: Date | null;
}

/** Whether an assister's lead is a row of the report whose window this is. */
export function appearsOnReport(lead: ReportCandidate, window: ReportRowWindow): boolean {
  if (lead.referredAt >= window.referredBefore) return false;
  if (lead.referredAt >= window.referredFrom) return true;
  return lead.closedAt === null || lead.closedAt >= window.openAt;
}

/**
 * A row has its outcome once the lead has any resolution (the interim "Contact made, appointment scheduled" too:
 * the lead then appears again, prefilled, for the next outcome) or is closed. An outcome counts for the lead, on
 * every report the lead appears on, whichever report (or API call) it was returned on.
 */
export const hasOutcome = (lead: { resolution: string | null; closed: boolean }) => lead.resolution !== null || lead.closed;

/**
 * A row without an outcome is outstanding on the newest report that has gone out with it; on every older one it
 * is carried over. Decision: when a newer report goes out, an older report's rows without an outcome move to it
 * (they are on it by appearsOnReport), and the older report's workflow ends: it raises no escalation after that
 * (the one it raised at its due date stands), so at most one report per assister is overdue at a time.
 */
export type ReportRowState = 'answered' | 'outstanding' | 'carried-over';

export function reportRowState(lead: { resolution: string | null; closed: boolean }, newerReportSent: boolean): ReportRowState {
  if (hasOutcome(lead)) return 'answered';
  return newerReportSent ? 'carried-over' : 'outstanding';
}

export type ReportProgress = Record<ReportRowState, number> & { rows: number };

/** How far a report's rows are, counted with reportRowState. */
export function reportProgress(rows: readonly { resolution: string | null; closed: boolean }[], newerReportSent: boolean): ReportProgress {
  const progress: ReportProgress = { rows: rows.length, answered: 0, outstanding: 0, 'carried-over': 0 };
  for (const row of rows) progress[reportRowState(row, newerReportSent)]++;
  return progress;
}
