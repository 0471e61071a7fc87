// Receiving Preferred Assister Reports, shared by the HTTP API and the CLI: a returned workbook is recorded by
// activities/report-submissions and applied to the lead workflows by reportDeliveryWorkflow; and which period a
// request means.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Sql } from '../activities/database';
import type { Mailer } from '../activities/mailer';
import type { ReportDelivery } from '../contracts/report';
import { emailReportCorrections, recordSubmission, type SubmissionResult } from '../activities/report-submissions';
import { periodContaining, reportPeriod, type ReportCalendarConfig, type ReportPeriod } from '../domain/report-calendar';
import { minnesotaDate } from '../domain/time';
import type { reportDeliveryWorkflow } from '../workflows/report-delivery';
import { reportDeliveryWorkflowId } from '../contracts/report';

export type { SubmissionResult } from '../activities/report-submissions';

export interface ReportDeps {
  client: Client;
  sql: Sql;
  taskQueue: string;
  mailer?: Mailer;
}

/** The period named by a date inside it, or by default the latest period whose report has been sent. */
export function resolvePeriod(calendar: ReportCalendarConfig, date?: string): ReportPeriod {
  if (date) {
    const period = periodContaining(calendar, date);
    if (!period) throw new Error(`${date} is before the program's first report period`);
    return period;
  }
  const today = minnesotaDate(new Date());
  let period = periodContaining(calendar, today) ?? reportPeriod(calendar, 1);
  while (period.number > 1 && period.reportSent > today) period = reportPeriod(calendar, period.number - 1);
  return period;
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
        : `${result.applied} rows were applied. Please correct these rows and submit the workbook again:`,
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
