// Receiving a returned Preferred Assister Report. The file is kept as it came and checked row by row against what
// PostgreSQL knows of the assister's leads; the valid outcomes are recorded in one transaction (each once, keyed
// by lead, period and the outcome itself), for reportDeliveryWorkflow to apply to the lead workflows. The same
// file twice changes nothing; a corrected file records only the rows that changed.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReportPeriod } from '../domain/report-calendar';
import { checkReportRow, REPORT_COLUMNS, type RowOutcome, type RowProblem } from '../domain/report-rows';
import type { Sql } from './database';
import type { Mailer } from './mailer';
import { sendOnce } from './outbox';
import { checkWorkbookFile, readReportRows, WorkbookRejected } from './report-workbook';
import { reportableLeads } from './reports';

export interface SubmissionResult {
  submissionId: number;
  period: { referralsFrom: string; referralsTo: string };
  duplicate: boolean;
  /** Set when the file as a whole was refused; then no row was read. */
  rejectedFile?: string;
  /** Rows recorded for their lead workflows (a lead workflow that changed meanwhile may still refuse one). */
  applied: number;
  /** Rows that say what PAL already has. */
  unchanged: number;
  rejected: RowProblem[];
}

export interface RecordedSubmission {
  result: SubmissionResult;
  sha256: string;
}

const outcomeKey = (o: RowOutcome, period: ReportPeriod) =>
  createHash('sha256').update(JSON.stringify([o.leadId, period.number, o.contactMade, o.contactDate ?? null, o.resolution, o.comment ?? null])).digest('hex');

// Rows per INSERT: postgres.js sends one parameter per value, and a statement takes at most 65,535.
const INSERT_CHUNK = 2_000;

export async function recordSubmission(sql: Sql, assisterId: string, period: ReportPeriod, bytes: Buffer, now = new Date()): Promise<RecordedSubmission> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const [stored] = await sql<{ id: number; result: SubmissionResult | null; inserted: boolean }[]>`
    insert into report_submissions (assister_id, period_number, file_sha256, original) values (${assisterId}, ${period.number}, ${sha256}, ${bytes})
    on conflict (assister_id, period_number, file_sha256) do update set file_sha256 = excluded.file_sha256
    returning id, result, (xmax = 0) as inserted`;
  const submissionId = Number(stored!.id);
  if (!stored!.inserted && stored!.result) {
    const earlier = stored!.result;
    return { sha256, result: { ...earlier, duplicate: true, applied: 0, unchanged: earlier.applied + earlier.unchanged } };
  }

  const result: SubmissionResult = { submissionId, period: { referralsFrom: period.referralsFrom, referralsTo: period.referralsTo }, duplicate: false, applied: 0, unchanged: 0, rejected: [] };
  const outcomes: RowOutcome[] = [];
  try {
    checkWorkbookFile(bytes);
    const leads = await reportableLeads(sql, assisterId, period);
    const closed = new Set([...leads.values()].filter((l) => l.closed).map((l) => l.leadId));
    const seen = new Set<string>();
    for await (const row of readReportRows(Readable.from(bytes))) {
      const checked = checkReportRow(row, leads, now);
      if ('problems' in checked) result.rejected.push(...checked.problems);
      else if (seen.has(checked.outcome.leadId)) result.rejected.push({ row: row.row, column: REPORT_COLUMNS.leadReference, reason: 'This lead appears on an earlier row' });
      else {
        seen.add(checked.outcome.leadId);
        // A closed lead reported with the resolution it closed with: nothing to apply.
        if (closed.has(checked.outcome.leadId)) result.unchanged++;
        else outcomes.push(checked.outcome);
      }
    }
  } catch (err) {
    if (!(err instanceof WorkbookRejected)) throw err;
    result.rejectedFile = err.message;
  }

  await sql.begin(async (tx) => {
    for (let i = 0; i < outcomes.length; i += INSERT_CHUNK) {
      const rows = outcomes.slice(i, i + INSERT_CHUNK).map((o) => ({
        outcome_key: outcomeKey(o, period),
        lead_id: o.leadId,
        period_number: period.number,
        outcome: tx.json(JSON.parse(JSON.stringify(o))),
        submission_id: submissionId,
        row_number: o.row,
      }));
      const recorded = await tx`insert into report_outcomes ${tx(rows)} on conflict (outcome_key) do nothing returning outcome_key`;
      result.applied += recorded.length;
      result.unchanged += rows.length - recorded.length;
    }
    await tx`update report_submissions set result = ${tx.json(JSON.parse(JSON.stringify(result)))} where id = ${submissionId}`;
  });
  return { sha256, result };
}

/** Emails the assister the rows to fix (or why the file was refused), once per submission and purpose. */
export async function emailReportCorrections(sql: Sql, mailer: Mailer, input: { assisterId: string; period: ReportPeriod; key: string; summary: string; problems: RowProblem[] }): Promise<void> {
  const { assisterId, period } = input;
  const [assister] = await sql<{ email: string }[]>`select email from assisters where id = ${assisterId}`;
  if (!assister) return;
  await sendOnce(sql, mailer, `report/${assisterId}/${period.number}/${input.key}/corrections`, {
    to: assister.email,
    subject: `PAL report ${period.referralsFrom} to ${period.referralsTo}: corrections needed`,
    text: [
      `Your Preferred Assister Report for referrals sent ${period.referralsFrom} to ${period.referralsTo} was received.`,
      '',
      input.summary,
      ...(input.problems.length ? ['', ...input.problems.map((p) => `Row ${p.row}, ${p.column}: ${p.reason}`)] : []),
    ].join('\n'),
  });
}
