// Generating and receiving Preferred Assister Reports, shared by the HTTP API and the CLI. A returned workbook is
// kept as it came, checked row by row; valid rows go to their lead workflows exactly once; the assister is told
// which rows to fix. The same file twice changes nothing.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Sql } from '../activities/database';
import type { Mailer } from '../activities/mailer';
import { sendOnce } from '../activities/outbox';
import { checkWorkbookFile, readReportRows, reportWorkbookBuffer, WorkbookRejected } from '../activities/report-workbook';
import { outstandingReportRows, reportableLeads, reportWorkbookRows } from '../activities/reports';
import { periodContaining, reportPeriod, type ReportCalendarConfig, type ReportPeriod } from '../domain/report-calendar';
import { checkReportRow, REPORT_COLUMNS, type RowOutcome, type RowProblem } from '../domain/report-rows';
import { minnesotaDate } from '../domain/time';
import { leadWorkflowId, reportResolutionUpdate } from '../workflows/lead-messages';
import { assisterReportWorkflowId, reportSubmittedSignal } from '../workflows/report-messages';

export interface ReportDeps {
  client: Client;
  sql: Sql;
  mailer?: Mailer;
  calendar: ReportCalendarConfig;
}

export interface SubmissionResult {
  submissionId: number;
  period: { referralsFrom: string; referralsTo: string };
  duplicate: boolean;
  /** Set when the file as a whole was refused; then no row was read. */
  rejectedFile?: string;
  applied: number;
  unchanged: number;
  rejected: RowProblem[];
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

export async function assisterName(sql: Sql, assisterId: string): Promise<string | undefined> {
  const [row] = await sql<{ name: string }[]>`select name from assisters where id = ${assisterId}`;
  return row?.name;
}

export async function generateReport(sql: Sql, assisterId: string, period: ReportPeriod): Promise<Buffer> {
  const name = await assisterName(sql, assisterId);
  if (!name) throw new Error(`Assister ${assisterId} is not in the directory`);
  const info = { assisterName: name, referralsFrom: period.referralsFrom, referralsTo: period.referralsTo, reportDue: period.reportDue };
  return reportWorkbookBuffer(info, await reportWorkbookRows(sql, assisterId, period));
}

const APPLY_CONCURRENCY = 16;

const outcomeKey = (o: RowOutcome, period: ReportPeriod) =>
  createHash('sha256').update(JSON.stringify([o.leadId, period.number, o.contactMade, o.contactDate ?? null, o.resolution, o.comment ?? null])).digest('hex');

export async function submitReport(deps: ReportDeps, assisterId: string, period: ReportPeriod, bytes: Buffer): Promise<SubmissionResult> {
  const { sql } = deps;
  const sha = createHash('sha256').update(bytes).digest('hex');
  const [stored] = await sql<{ id: number; result: SubmissionResult | null; inserted: boolean }[]>`
    insert into report_submissions (assister_id, period_number, file_sha256, original) values (${assisterId}, ${period.number}, ${sha}, ${bytes})
    on conflict (assister_id, period_number, file_sha256) do update set file_sha256 = excluded.file_sha256
    returning id, result, (xmax = 0) as inserted`;
  const base = { submissionId: Number(stored!.id), period: { referralsFrom: period.referralsFrom, referralsTo: period.referralsTo }, applied: 0, unchanged: 0, rejected: [] as RowProblem[] };
  if (!stored!.inserted && stored!.result) return { ...stored!.result, duplicate: true, applied: 0, unchanged: stored!.result.applied + stored!.result.unchanged };

  const result: SubmissionResult = { ...base, duplicate: false };
  try {
    checkWorkbookFile(bytes);
    const leads = await reportableLeads(sql, assisterId, period);
    const seen = new Set<string>();
    const valid: RowOutcome[] = [];
    const now = new Date();
    for await (const row of readReportRows(Readable.from(bytes))) {
      const checked = checkReportRow(row, leads, now);
      if ('problems' in checked) {
        result.rejected.push(...checked.problems);
        continue;
      }
      const { outcome } = checked;
      if (seen.has(outcome.leadId)) {
        result.rejected.push({ row: outcome.row, column: REPORT_COLUMNS.leadReference, reason: 'This lead appears on an earlier row' });
        continue;
      }
      seen.add(outcome.leadId);
      valid.push(outcome);
    }
    // Rows are distinct leads, so they are applied in parallel (bounded), each exactly once.
    let next = 0;
    await Promise.all(
      Array.from({ length: APPLY_CONCURRENCY }, async () => {
        while (next < valid.length) {
          const problem = await applyOutcome(deps, assisterId, period, stored!.id, valid[next++]!);
          if (problem === 'unchanged') result.unchanged++;
          else if (problem) result.rejected.push(problem);
          else result.applied++;
        }
      }),
    );
    result.rejected.sort((a, b) => a.row - b.row);
  } catch (err) {
    if (!(err instanceof WorkbookRejected)) throw err;
    result.rejectedFile = err.message;
  }
  await sql`update report_submissions set result = ${sql.json(JSON.parse(JSON.stringify(result)))} where id = ${stored!.id}`;
  if (deps.mailer && (result.rejected.length || result.rejectedFile)) await emailCorrections(deps, assisterId, period, result, sha);
  await signalReportWorkflow(deps, assisterId, period, result.submissionId);
  return result;
}

/** Applies one row to its lead workflow, once. Returns a row problem when the workflow refuses it. */
async function applyOutcome(deps: ReportDeps, assisterId: string, period: ReportPeriod, submissionId: number, o: RowOutcome): Promise<RowProblem | 'unchanged' | undefined> {
  const key = outcomeKey(o, period);
  const [done] = await deps.sql`select 1 from report_outcomes where outcome_key = ${key}`;
  if (done) return 'unchanged';
  const [lead] = await deps.sql<{ resolution: string | null; closed: boolean }[]>`select resolution, closed_at is not null as closed from leads where id = ${o.leadId}`;
  if (lead?.closed && lead.resolution !== o.resolution)
    return { row: o.row, column: REPORT_COLUMNS.resolution, reason: `This lead is already closed (${lead.resolution ?? 'unresolved'}); tell your coordinator if that is wrong` };
  if (!lead?.closed) {
    try {
      await deps.client.workflow.getHandle(leadWorkflowId(o.leadId)).executeUpdate(reportResolutionUpdate, {
        args: [{ assisterId, contactMade: o.contactMade, contactDate: o.contactDate, resolution: o.resolution, comment: o.comment }],
        updateId: `report-${key}`,
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return { row: o.row, column: REPORT_COLUMNS.resolution, reason: (err.cause as Error)?.message ?? 'The lead refused this outcome' };
      throw err;
    }
  }
  await deps.sql`insert into report_outcomes (outcome_key, lead_id, period_number, outcome, submission_id)
                 values (${key}, ${o.leadId}, ${period.number}, ${deps.sql.json(JSON.parse(JSON.stringify(o)))}, ${submissionId}) on conflict do nothing`;
  return lead?.closed ? 'unchanged' : undefined;
}

async function emailCorrections(deps: ReportDeps, assisterId: string, period: ReportPeriod, result: SubmissionResult, sha: string) {
  const [assister] = await deps.sql<{ email: string }[]>`select email from assisters where id = ${assisterId}`;
  if (!assister) return;
  const lines = result.rejectedFile
    ? [`The workbook could not be used: ${result.rejectedFile}`]
    : [`${result.applied} rows were applied. Please correct these rows and submit the workbook again:`, '', ...result.rejected.map((p) => `Row ${p.row}, ${p.column}: ${p.reason}`)];
  await sendOnce(deps.sql, deps.mailer!, `report/${assisterId}/${period.number}/${sha}/corrections`, {
    to: assister.email,
    subject: `PAL report ${period.referralsFrom} to ${period.referralsTo}: corrections needed`,
    text: [`Your Preferred Assister Report for referrals sent ${period.referralsFrom} to ${period.referralsTo} was received.`, '', ...lines].join('\n'),
  });
}

/** Tells the period's report workflow how many rows still lack an outcome; it completes at zero. */
async function signalReportWorkflow(deps: ReportDeps, assisterId: string, period: ReportPeriod, submissionId: number) {
  const outstanding = await outstandingReportRows(deps.sql, assisterId, period);
  try {
    await deps.client.workflow.getHandle(assisterReportWorkflowId(period.referralsFrom, assisterId)).signal(reportSubmittedSignal, { submissionId, outstanding });
  } catch (err) {
    // A report generated by hand, for a period the cycle did not send, has no workflow to tell.
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}
