// Lead rows as the edge writes and reads them: intake (all PII stays here), who holds a lead, and every lead id.
// What the lead workflow records as it runs (assignments, events, state) is written by activities/leads.ts.
import { randomUUID } from 'node:crypto';
import type { Lead } from '../domain/lead';
import type { Sql } from './database';

/** Records a lead; the same requestId returns the lead recorded the first time (inserted false). */
export async function insertLead(sql: Sql, lead: Lead): Promise<{ id: string; inserted: boolean }> {
  const [row] = await sql<{ id: string; inserted: boolean }[]>`
    insert into leads (id, request_id, intake, created_by) values (${randomUUID()}, ${lead.requestId ?? null}, ${sql.json(lead)}, ${lead.createdBy})
    on conflict (request_id) do update set request_id = excluded.request_id
    returning id, (xmax = 0) as inserted`;
  return row!;
}

/** The lead's current assister: undefined when there is no such lead, null while it has none. */
export async function leadAssignee(sql: Sql, leadId: string): Promise<{ assisterId: string | null } | undefined> {
  const [lead] = await sql<{ assisterId: string | null }[]>`select assister_id as "assisterId" from leads where id = ${leadId}`;
  return lead;
}

export async function allLeadIds(sql: Sql): Promise<string[]> {
  return (await sql<{ id: string }[]>`select id from leads`).map((r) => r.id);
}
