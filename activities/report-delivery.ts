// Delivering recorded report outcomes to their lead workflows, the source of truth for each lead. Each outcome is
// one workflow update with an id derived from the outcome, so a retried activity never applies one twice; it is
// marked delivered (or refused, with the lead workflow's reason) as it goes, and progress is heartbeated. Then the
// assister's report workflows still waiting are told what is outstanding.
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { ReportCalendarConfig, ReportPeriod } from '../domain/report-calendar';
import { REPORT_COLUMNS, type RowOutcome, type RowProblem } from '../domain/report-rows';
import { leadWorkflowId, reportResolutionUpdate } from '../contracts/lead';
import type { ReportDelivery } from '../contracts/report';
import type { Sql } from '../store/database';
import type { Mailer } from './mailer';
import { inParallel } from './parallel';
import type { SubmissionResult } from '../store/report-submissions';
import { emailReportCorrections } from './report-submissions';
import { tellOpenReports } from './reports';

// Updates in flight at once: enough to keep the server busy, few enough not to starve the lead workflows' own work.
const CONCURRENCY = 16;
const BATCH = 500;

export function reportDeliveryActivities(sql: Sql, mailer: Mailer, client: Client, calendar: ReportCalendarConfig) {
  async function deliverOne(assisterId: string, key: string, o: RowOutcome): Promise<string | undefined> {
    try {
      await client.workflow.getHandle(leadWorkflowId(o.leadId)).executeUpdate(reportResolutionUpdate, {
        args: [{ assisterId, contactMade: o.contactMade, contactDate: o.contactDate, resolution: o.resolution, comment: o.comment }],
        updateId: `report-${key}`,
      });
      return undefined;
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return (err.cause as Error | undefined)?.message ?? 'The lead refused this outcome';
      if (err instanceof WorkflowNotFoundError) return 'This lead is already closed; tell your coordinator if that is wrong';
      throw err;
    }
  }

  return {
    /**
     * Applies every undelivered outcome of a submission to its lead workflow, tells the assister about refused
     * rows, then tells the period's report workflow how many rows still lack an outcome.
     */
    async deliverReportOutcomes({ submissionId, assisterId, period }: ReportDelivery): Promise<{ delivered: number; refused: number; outstanding: number }> {
      let delivered = 0;
      let refused = 0;
      for (;;) {
        const batch = await sql<{ outcome_key: string; outcome: RowOutcome }[]>`
          select outcome_key, outcome from report_outcomes
          where submission_id = ${submissionId} and delivered_at is null and refused is null
          order by row_number limit ${BATCH}`;
        if (!batch.length) break;
        await inParallel(batch, CONCURRENCY, async ({ outcome_key, outcome }) => {
          const reason = await deliverOne(assisterId, outcome_key, outcome);
          if (reason) {
            await sql`update report_outcomes set refused = ${reason} where outcome_key = ${outcome_key}`;
            refused++;
          } else {
            await sql`update report_outcomes set delivered_at = now() where outcome_key = ${outcome_key}`;
            delivered++;
          }
        });
        Context.current().heartbeat({ delivered, refused });
      }
      // Read back from PostgreSQL, so a retry after a crash still reports refusals an earlier attempt recorded.
      const refusals = await sql<{ row: number; reason: string }[]>`
        select row_number as row, refused as reason from report_outcomes where submission_id = ${submissionId} and refused is not null order by row_number`;
      if (refusals.length) await noteRefusals(submissionId, assisterId, period, refusals.map((r) => ({ row: r.row, column: REPORT_COLUMNS.resolution, reason: r.reason })));
      // The submission's report and every other report of the assister still waiting hear their counts: an outcome
      // counts for the lead, on whichever report it was returned.
      const outstanding = await tellOpenReports(sql, client, calendar, { submissionId, assisterId, period });
      return { delivered, refused: refusals.length, outstanding };
    },
  };

  /** Refused rows join the submission's result, and the assister is asked to correct them. */
  async function noteRefusals(submissionId: number, assisterId: string, period: ReportPeriod, refusals: RowProblem[]) {
    await sql.begin(async (tx) => {
      const [row] = await tx<{ result: SubmissionResult }[]>`select result from report_submissions where id = ${submissionId} for update`;
      const known = new Set(row!.result.rejected.map((p) => p.row));
      const added = refusals.filter((p) => !known.has(p.row));
      const result = { ...row!.result, applied: row!.result.applied - added.length, rejected: [...row!.result.rejected, ...added].sort((a, b) => a.row - b.row) };
      await tx`update report_submissions set result = ${tx.json(JSON.parse(JSON.stringify(result)))} where id = ${submissionId}`;
    });
    await emailReportCorrections(sql, mailer, {
      assisterId,
      period,
      key: `submission-${submissionId}-refused`,
      summary: 'These rows could not be applied because the lead changed since the workbook was made. Please check them and submit the workbook again:',
      problems: refusals,
    });
  }
}
