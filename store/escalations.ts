// The coordinators' queue: escalations as records. Opened once per escalation email (its outbox key), closed by the
// lead's records when the condition clears, or by a coordinator; acknowledged with a note meanwhile.
import type { EscalationKind } from '../domain/escalations';
import type { Sql, Tx } from './database';

export interface Escalation {
  id: number;
  kind: EscalationKind;
  leadId: string | null;
  referenceNumber: number | null;
  assisterId: string | null;
  assisterName: string | null;
  /** Which report, for a report's escalation. */
  periodNumber: number | null;
  openedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  note: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: string | null;
}

export async function openEscalation(sql: Sql, e: { key: string; kind: EscalationKind; leadId?: string; assisterId?: string; subject?: string; periodNumber?: number }): Promise<void> {
  await sql`insert into escalations (key, kind, lead_id, assister_id, subject, period_number)
            values (${e.key}, ${e.kind}, ${e.leadId ?? null}, ${e.assisterId ?? null}, ${e.subject ?? null}, ${e.periodNumber ?? null})
            on conflict (key) do nothing`;
}

/** Closes the open escalations about this subject (a report, a contact-point change): what they waited for is over. */
export async function clearEscalationsAbout(sql: Sql | Tx, subject: string, why: string): Promise<void> {
  await sql`update escalations set resolved_at = now(), resolved_by = 'PAL', resolution = ${why} where subject = ${subject} and resolved_at is null`;
}

/** Closes the lead's open escalations of these kinds: the condition is over. */
export async function clearEscalations(sql: Sql | Tx, leadId: string, kinds: readonly EscalationKind[], why: string): Promise<void> {
  if (!kinds.length) return;
  await sql`update escalations set resolved_at = now(), resolved_by = 'PAL', resolution = ${why}
            where lead_id = ${leadId} and resolved_at is null and kind in ${sql(kinds)}`;
}

const columns = (sql: Sql) => sql`
  e.id::int, e.kind, e.lead_id as "leadId", l.reference_number::float8 as "referenceNumber", e.assister_id as "assisterId", a.name as "assisterName", e.period_number as "periodNumber",
  e.opened_at as "openedAt", e.acknowledged_at as "acknowledgedAt", e.acknowledged_by as "acknowledgedBy", e.note,
  e.resolved_at as "resolvedAt", e.resolved_by as "resolvedBy", e.resolution`;

/** Open escalations, oldest first. */
export async function openEscalations(sql: Sql, limit = 200): Promise<Escalation[]> {
  return sql<Escalation[]>`select ${columns(sql)} from escalations e left join leads l on l.id = e.lead_id left join assisters a on a.id = e.assister_id
                           where e.resolved_at is null order by e.opened_at, e.id limit ${limit}`;
}

export async function escalationById(sql: Sql, id: number): Promise<Escalation | undefined> {
  const [e] = await sql<Escalation[]>`select ${columns(sql)} from escalations e left join leads l on l.id = e.lead_id left join assisters a on a.id = e.assister_id where e.id = ${id}`;
  return e;
}

/** A coordinator is on it: who, when, and their note. False if it is resolved (or none). */
export async function acknowledgeEscalation(sql: Sql, id: number, by: string, note: string): Promise<boolean> {
  return (await sql`update escalations set acknowledged_at = now(), acknowledged_by = ${by}, note = ${note} where id = ${id} and resolved_at is null returning id`).length > 0;
}

export async function resolveEscalation(sql: Sql, id: number, by: string, resolution: string): Promise<boolean> {
  return (await sql`update escalations set resolved_at = now(), resolved_by = ${by}, resolution = ${resolution} where id = ${id} and resolved_at is null returning id`).length > 0;
}
