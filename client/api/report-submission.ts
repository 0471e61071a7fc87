// Receiving a returned Preferred Assister Report (the API's upload, and tests and benchmarks). The file is checked
// whole (workbook-zip bounds what it unpacks to), then row by row against what PostgreSQL knows of the assister's
// leads; the valid outcomes are recorded in one transaction with the file (a file refused whole is not kept), the
// assister is emailed the rows to fix, and reportDeliveryWorkflow applies the outcomes to the lead workflows. The
// same file twice changes nothing; a corrected file records only what changed.
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { ReportPeriod } from '../../domain/report-calendar';
import { checkReportRow, REPORT_COLUMNS, type RowOutcome, type RowProblem } from '../../domain/report-rows';
import { reportDeliveryWorkflowId, type ReportDelivery } from '../../contracts/report';
import type { Mailer } from '../../activities/mailer';
import { emailReportCorrections } from '../../activities/report-submissions';
import { checkWorkbookFile, readReportRows, WorkbookRejected } from '../../activities/report-workbook';
import type { Sql } from '../../store/database';
import { reportableLeads } from '../../store/reports';
import { recordOutcomes, storeSubmission, type SubmissionResult } from '../../store/report-submissions';
import type { reportDeliveryWorkflow } from '../../workflows/report-delivery';

export type { SubmissionResult } from '../../store/report-submissions';

export interface ReportDeps {
  client: Client;
  sql: Sql;
  taskQueue: string;
  mailer?: Mailer;
}

/** Row problems a result (and its email) lists at most; beyond them, rejectedNotListed counts the rest. */
export const MAX_LISTED_PROBLEMS = 500;

/**
 * Checks the file and its rows and records the valid outcomes, with the file itself unless it was refused whole;
 * `sha256` names the file.
 */
export async function recordSubmission(sql: Sql, assisterId: string, period: ReportPeriod, bytes: Buffer, now = new Date()): Promise<{ result: SubmissionResult; sha256: string }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { submissionId, earlier } = await storeSubmission(sql, assisterId, period, sha256);
  if (earlier) return { sha256, result: { ...earlier, duplicate: true, applied: 0, unchanged: earlier.applied + earlier.unchanged } };

  const result: SubmissionResult = { submissionId, period: { referralsFrom: period.referralsFrom, referralsTo: period.referralsTo }, duplicate: false, applied: 0, unchanged: 0, rejected: [] };
  let outcomes: RowOutcome[] = [];
  const reject = (...problems: RowProblem[]) => {
    for (const problem of problems)
      if (result.rejected.length < MAX_LISTED_PROBLEMS) result.rejected.push(problem);
      else result.rejectedNotListed = (result.rejectedNotListed ?? 0) + 1;
  };
  try {
    checkWorkbookFile(bytes);
    const leads = await reportableLeads(sql, assisterId, period);
    const seen = new Set<string>();
    for await (const row of readReportRows(bytes)) {
      const checked = checkReportRow(row, leads, now);
      if ('problems' in checked) reject(...checked.problems);
      else if (seen.has(checked.outcome.leadId)) reject({ row: row.row, column: REPORT_COLUMNS.leadReference, reason: 'This lead appears on an earlier row' });
      else {
        seen.add(checked.outcome.leadId);
        // What the lead already has (it closed with it, or it was reported on this or another report): nothing to apply.
        if (checked.unchanged) result.unchanged++;
        else outcomes.push(checked.outcome);
      }
    }
  } catch (err) {
    if (!(err instanceof WorkbookRejected)) throw err;
    // Refused whole, also part-way through its rows: nothing of it is recorded, and the file is not kept.
    outcomes = [];
    Object.assign(result, { rejectedFile: err.message, unchanged: 0, rejected: [] });
    delete result.rejectedNotListed;
  }
  return { sha256, result: await recordOutcomes(sql, period, outcomes, result, result.rejectedFile ? undefined : bytes) };
}

/**
 * Receives a returned report: records it (file kept, rows checked, valid outcomes recorded in one transaction),
 * emails the assister the rows to fix, and starts the workflow that applies the outcomes to the lead workflows.
 */
export async function submitReport(deps: ReportDeps, assisterId: string, period: ReportPeriod, bytes: Buffer): Promise<SubmissionResult> {
  const { result, sha256 } = await recordSubmission(deps.sql, assisterId, period, bytes);
  if (deps.mailer && !result.duplicate && (result.rejected.length || result.rejectedFile)) {
    await emailReportCorrections(deps.sql, deps.mailer, {
      assisterId,
      period,
      key: sha256,
      summary: result.rejectedFile
        ? `The workbook could not be used: ${result.rejectedFile}`
        : `${result.applied} rows were applied. Please correct these rows and submit the workbook again:${result.rejectedNotListed ? ` (the first ${MAX_LISTED_PROBLEMS} problems are listed; ${result.rejectedNotListed} more will show once these are corrected)` : ''}`,
      problems: result.rejected,
    });
  }
  if (!result.rejectedFile) await startDelivery(deps, { submissionId: result.submissionId, assisterId, period });
  return result;
}

/** Starts the submission's delivery workflow; a second start (the same file again) is a no-op. */
async function startDelivery(deps: ReportDeps, delivery: ReportDelivery) {
  try {
    await deps.client.workflow.start<typeof reportDeliveryWorkflow>('reportDeliveryWorkflow', {
      taskQueue: deps.taskQueue,
      workflowId: reportDeliveryWorkflowId(delivery.period.referralsFrom, delivery.assisterId, delivery.submissionId),
      args: [delivery],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
