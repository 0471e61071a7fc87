// Returned Preferred Assister Reports in PostgreSQL: each file's digest and result, the file itself as it came
// unless it was refused whole, and the valid outcomes recorded once each (keyed by lead, period and the outcome itself) for reportDeliveryWorkflow.
import { createHash } from 'node:crypto';
import type { ReportPeriod } from '../domain/report-calendar';
import type { RowOutcome, RowProblem } from '../domain/report-rows';
import type { Sql } from './database';

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
  /** Row problems beyond those listed in `rejected` (it lists the first ones only). */
  rejectedNotListed?: number;
}

/** Notes a received file by its digest. The same file again (same assister and period) returns the earlier submission's result. */
export async function storeSubmission(sql: Sql, assisterId: string, period: ReportPeriod, sha256: string): Promise<{ submissionId: number; earlier?: SubmissionResult }> {
  const [stored] = await sql<{ id: number; result: SubmissionResult | null; inserted: boolean }[]>`
    insert into report_submissions (assister_id, period_number, file_sha256) values (${assisterId}, ${period.number}, ${sha256})
    on conflict (assister_id, period_number, file_sha256) do update set file_sha256 = excluded.file_sha256
    returning id, result, (xmax = 0) as inserted`;
  return { submissionId: Number(stored!.id), earlier: (!stored!.inserted && stored!.result) || undefined };
}

const outcomeKey = (o: RowOutcome, period: ReportPeriod) =>
  createHash('sha256').update(JSON.stringify([o.leadId, period.number, o.contactMade, o.contactDate ?? null, o.resolution, o.comment ?? null])).digest('hex');

// Rows per INSERT: postgres.js sends one parameter per value, and a statement takes at most 65,535.
const INSERT_CHUNK = 2_000;

/**
 * Records the submission's valid outcomes, its result and the file (`original`: none for a file refused whole) in one
 * transaction. An outcome recorded before (by an earlier file) counts as unchanged. Returns the result as stored.
 */
export async function recordOutcomes(sql: Sql, period: ReportPeriod, outcomes: readonly RowOutcome[], checked: SubmissionResult, original?: Buffer): Promise<SubmissionResult> {
  const result = { ...checked };
  await sql.begin(async (tx) => {
    for (let i = 0; i < outcomes.length; i += INSERT_CHUNK) {
      const rows = outcomes.slice(i, i + INSERT_CHUNK).map((o) => ({
        outcome_key: outcomeKey(o, period),
        lead_id: o.leadId,
        period_number: period.number,
        outcome: tx.json(JSON.parse(JSON.stringify(o))),
        submission_id: result.submissionId,
        row_number: o.row,
      }));
      const recorded = await tx`insert into report_outcomes ${tx(rows)} on conflict (outcome_key) do nothing returning outcome_key`;
      result.applied += recorded.length;
      result.unchanged += rows.length - recorded.length;
    }
    await tx`update report_submissions set result = ${tx.json(JSON.parse(JSON.stringify(result)))}, original = ${original ?? null} where id = ${result.submissionId}`;
  });
  return result;
}
