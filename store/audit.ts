// The audit trail: every view of a lead's consumer data, every download and every action, with the person, the
// time and the lead. Actions and details name things (a lead id, a report period), never a consumer's data.
import type postgres from 'postgres';
import type { Sql } from './database';

export interface AuditEvent {
  at: Date;
  actor: string;
  assisterId: string | null;
  leadId: string | null;
  action: string;
  detail: Record<string, unknown>;
}

export async function recordAudit(sql: Sql, e: { actor: string; assisterId?: string; leadId?: string; action: string; detail?: Record<string, unknown> }): Promise<void> {
  await sql`insert into audit_events (actor, assister_id, lead_id, action, detail)
            values (${e.actor}, ${e.assisterId ?? null}, ${e.leadId ?? null}, ${e.action}, ${sql.json((e.detail ?? {}) as never)})`;
}

export async function organizationAudit(sql: Sql, assisterId: string, limit = 100): Promise<AuditEvent[]> {
  return sql<AuditEvent[]>`select at, actor, assister_id as "assisterId", lead_id::text as "leadId", action, detail
                           from audit_events where assister_id = ${assisterId} order by at desc, id desc limit ${limit}`;
}

/** A row of the exported audit trail: the event with the person's address (staff or assister) and the lead's number. */
export interface AuditExportRow extends AuditEvent {
  actorEmail: string | null;
  referenceNumber: number | null;
}

/** The events at or after `from` and before `until`, with each actor's address and each lead's reference number only. */
const auditBetween = (sql: Sql, from: Date, until: Date, tail: postgres.Fragment) =>
  sql<AuditExportRow[]>`select a.at, a.actor, a.assister_id as "assisterId", a.lead_id::text as "leadId", a.action, a.detail,
                               coalesce(s.email, p.email) as "actorEmail", l.reference_number::float8 as "referenceNumber"
                        from audit_events a
                        left join staff s on a.actor = 'staff:' || s.id
                        left join portal_people p on a.actor = 'person:' || p.id
                        left join leads l on l.id = a.lead_id
                        where a.at >= ${from} and a.at < ${until} ${tail}`;

/** The period's events oldest first, `batch` at a time from a cursor: a year of them never sits in memory. */
export const auditRowsBetween = (sql: Sql, from: Date, until: Date, batch = 1000): AsyncIterable<AuditExportRow[]> =>
  auditBetween(sql, from, until, sql`order by a.at, a.id`).cursor(batch);

/** The period's newest events, newest first. */
export const newestAuditBetween = (sql: Sql, from: Date, until: Date, limit: number): Promise<AuditExportRow[]> =>
  auditBetween(sql, from, until, sql`order by a.at desc, a.id desc limit ${limit}`);

export async function countAuditBetween(sql: Sql, from: Date, until: Date): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from audit_events where at >= ${from} and at < ${until}`;
  return row!.n;
}
