// The retention policy applied to PostgreSQL, in batches (each its own transaction, so a long first run makes
// progress and a retry starts where the last one stopped). What is already purged is never selected again: running
// it twice changes nothing. Each run is recorded in retention_runs with counts, never data.
import type { Lead } from '../domain/lead';
import { PURGED_KEYS, pseudonymizedIntake, retentionCutoffs, type RetentionCounts, type RetentionPolicy } from '../domain/retention';
import type { Sql } from './database';

const BATCH = 500;

export const NO_COUNTS: RetentionCounts = { leadsPseudonymized: 0, reportFilesDeleted: 0, submissionsDeleted: 0, emailsForgotten: 0, auditRecordsDeleted: 0 };

/**
 * Applies the policy as of `now`; `progress` is called after each batch (the activity heartbeats). Returns what it
 * did, also recorded as a retention run.
 */
export async function applyRetentionPolicy(sql: Sql, policy: RetentionPolicy, now: Date, progress: (counts: RetentionCounts) => void = () => {}): Promise<RetentionCounts> {
  const cutoff = retentionCutoffs(policy, now);
  const [run] = await sql<{ id: string }[]>`insert into retention_runs (as_of, policy) values (${now}, ${sql.json({ ...policy })}) returning id`;
  const counts = { ...NO_COUNTS };
  const record = async () => {
    await sql`update retention_runs set counts = ${sql.json({ ...counts })} where id = ${run!.id}`;
    progress({ ...counts });
  };
  const repeat = async (key: keyof RetentionCounts, batch: () => Promise<number>) => {
    for (let n = await batch(); n > 0; n = n === BATCH ? await batch() : 0) {
      counts[key] += n;
      await record();
    }
  };
  await repeat('leadsPseudonymized', () => pseudonymizeClosedLeads(sql, cutoff.consumerDataDays));
  await repeat('reportFilesDeleted', async () => (await sql`
    update report_submissions set original = null
    where id in (select id from report_submissions where original is not null and received_at < ${cutoff.reportFileDays} limit ${BATCH})`).count);
  await repeat('submissionsDeleted', () => deleteSubmissions(sql, cutoff.submissionDays));
  // An email never sent (an address that refuses) is forgotten as long after it was written; a retry still sends to
  // the address its activity carries, the row only records it.
  await repeat('emailsForgotten', async () => (await sql`
    update outbox set recipient = '', last_error = null
    where key in (select key from outbox where status = 'sent' and recipient <> '' and sent_at < ${cutoff.outboxDays} limit ${BATCH})`).count);
  await repeat('emailsForgotten', async () => (await sql`
    update outbox set recipient = '', last_error = null
    where key in (select key from outbox where status <> 'sent' and recipient <> '' and created_at < ${cutoff.outboxDays} limit ${BATCH})`).count);
  await repeat('auditRecordsDeleted', async () => (await sql`
    delete from audit_events where id in (select id from audit_events where at < ${cutoff.auditDays} limit ${BATCH})`).count);
  await sql`update retention_runs set counts = ${sql.json({ ...counts })}, finished_at = now() where id = ${run!.id}`;
  return counts;
}

/** One batch of closed leads past the policy: consumer fields emptied, free text removed wherever it may name them. */
async function pseudonymizeClosedLeads(sql: Sql, closedBefore: Date): Promise<number> {
  return sql.begin(async (tx) => {
    const rows = await tx<{ id: string; intake: Lead }[]>`
      select id, intake from leads where purged_at is null and closed_at < ${closedBefore} order by closed_at limit ${BATCH} for update skip locked`;
    if (!rows.length) return 0;
    const ids = rows.map((r) => r.id);
    for (const row of rows) {
      const { intake, county } = pseudonymizedIntake(row.intake);
      await tx`update leads set intake = ${tx.json(JSON.parse(JSON.stringify(intake)))}, county = ${county ?? null}, purged_at = now() where id = ${row.id}`;
    }
    const keys = [...PURGED_KEYS];
    await tx`update lead_events set data = data - ${keys}::text[] where lead_id = any(${ids}::uuid[]) and data ?| ${keys}::text[]`;
    await tx`update lead_assignments set decision = decision - ${keys}::text[] where lead_id = any(${ids}::uuid[]) and decision ?| ${keys}::text[]`;
    await tx`update report_outcomes set outcome = outcome - ${keys}::text[] where lead_id = any(${ids}::uuid[]) and outcome ?| ${keys}::text[]`;
    // A coordinator's note and resolution are free text; PAL's own resolutions (resolved_by 'PAL') are fixed words.
    await tx`update escalations set note = null, resolution = case when resolved_by = 'PAL' then resolution end
             where lead_id = any(${ids}::uuid[]) and (note is not null or (resolution is not null and resolved_by <> 'PAL'))`;
    await tx`delete from lead_messages where lead_id = any(${ids}::uuid[])`;
    await tx`update lead_threads set awaiting_since = null where lead_id = any(${ids}::uuid[])`;
    return rows.length;
  });
}

/** One batch of submissions past the policy whose outcomes have all reached their leads (or were refused). */
async function deleteSubmissions(sql: Sql, receivedBefore: Date): Promise<number> {
  return sql.begin(async (tx) => {
    const rows = await tx<{ id: string }[]>`
      select s.id from report_submissions s
      where s.received_at < ${receivedBefore}
        and not exists (select 1 from report_outcomes o where o.submission_id = s.id and o.delivered_at is null and o.refused is null)
      order by s.received_at limit ${BATCH} for update skip locked`;
    if (!rows.length) return 0;
    const ids = rows.map((r) => r.id);
    await tx`delete from report_outcomes where submission_id = any(${ids}::bigint[])`;
    await tx`delete from report_submissions where id = any(${ids}::bigint[])`;
    return rows.length;
  });
}

export interface RetentionRun {
  asOf: Date;
  startedAt: Date;
  finishedAt: Date | null;
  counts: RetentionCounts;
}

/** The latest runs, newest first. */
export async function latestRetentionRuns(sql: Sql, limit = 10): Promise<RetentionRun[]> {
  return sql<RetentionRun[]>`
    select as_of as "asOf", started_at as "startedAt", finished_at as "finishedAt", counts from retention_runs order by id desc limit ${limit}`;
}
