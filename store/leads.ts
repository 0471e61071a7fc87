// Lead rows as the edge writes and reads them: intake (all PII stays here), who holds a lead, its reference, and
// every lead id. What the lead workflow records as it runs (assignments, events, state) is written by
// activities/leads.ts.
import { randomUUID } from 'node:crypto';
import type { Lead } from '../domain/lead';
import { leadReference, parseLeadKey } from '../domain/lead-reference';
import type { Sql } from './database';

/** Records a lead; the same requestId returns the lead recorded the first time (inserted false). */
export async function insertLead(sql: Sql, lead: Lead): Promise<{ id: string; reference: string; inserted: boolean }> {
  const [row] = await sql<{ id: string; reference_number: string; inserted: boolean }[]>`
    insert into leads (id, request_id, intake, created_by) values (${randomUUID()}, ${lead.requestId ?? null}, ${sql.json(lead)}, ${lead.createdBy})
    on conflict (request_id) do update set request_id = excluded.request_id
    returning id, reference_number, (xmax = 0) as inserted`;
  return { id: row!.id, reference: leadReference(Number(row!.reference_number)), inserted: row!.inserted };
}

export interface FoundLead {
  id: string;
  reference: string;
  /** null while the lead has no assister. */
  assisterId: string | null;
}

/**
 * The lead named by its reference or its id (as workbooks sent before references carried it): undefined when
 * there is none, a problem when the text names no lead at all (a reference with a typo says so).
 */
export async function findLead(sql: Sql, typed: string): Promise<FoundLead | { problem: string } | undefined> {
  const key = parseLeadKey(typed);
  if ('problem' in key) return key;
  const [row] = await sql<{ id: string; reference_number: string; assister_id: string | null }[]>`
    select id, reference_number, assister_id from leads where ${'id' in key ? sql`id = ${key.id}` : sql`reference_number = ${key.number}`}`;
  return row && { id: row.id, reference: leadReference(Number(row.reference_number)), assisterId: row.assister_id };
}

/** The lead's reference, for texts that name it. */
export async function leadReferenceOf(sql: Sql, leadId: string): Promise<string> {
  const [row] = await sql<{ reference_number: string }[]>`select reference_number from leads where id = ${leadId}`;
  if (!row) throw new Error(`Lead ${leadId} is not recorded`);
  return leadReference(Number(row.reference_number));
}

/** Every lead's id, and whether it is still open (only an open lead must still have its workflow in Temporal). */
export async function leadIdsAndOpen(sql: Sql): Promise<{ id: string; open: boolean }[]> {
  return sql<{ id: string; open: boolean }[]>`select id, closed_at is null as open from leads`;
}

/** A withdrawn lead's reason and the assister that held it (the lead's row no longer names one); undefined for any other lead. */
export async function withdrawalOf(sql: Sql, leadId: string): Promise<{ reason: string; assisterId?: string } | undefined> {
  const [row] = await sql<{ reason: string | null; assister_id: string | null }[]>`
    select l.withdrawal_reason as reason,
           (select e.data->>'assisterId' from lead_events e where e.lead_id = l.id and e.type = 'withdrawn' order by e.id desc limit 1) as assister_id
    from leads l where l.id = ${leadId}`;
  return row?.reason ? { reason: row.reason, ...(row.assister_id && { assisterId: row.assister_id }) } : undefined;
}
