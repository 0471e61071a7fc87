// The audit trail: every view of a lead's consumer data, every download and every action, with the person, the
// time and the lead. Actions and details name things (a lead id, a report period), never a consumer's data.
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
