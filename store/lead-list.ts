// The coordinators' list of leads: by status, assister and open escalation, newest first, a page at a time (keyset
// on the reference number, so a page costs the same at the end of two years as at the start). No consumer data.
import type { EscalationKind } from '../domain/escalations';
import type { Sql } from './database';

export interface LeadListFilter {
  /** One lead, by its reference's number. */
  referenceNumber?: number;
  status?: string;
  assisterId?: string;
  escalated?: boolean;
  /** The page after this reference number (the previous page's last). */
  before?: number;
}

export interface LeadListRow {
  id: string;
  referenceNumber: number;
  status: string;
  assisterId: string | null;
  assisterName: string | null;
  createdAt: Date;
  contactDeadlineAt: Date | null;
  /** Kinds of the lead's open escalations, oldest first. */
  openEscalations: EscalationKind[];
}

export const LEAD_LIST_PAGE = 50;

/** One page of the leads that match, newest first, and whether more follow. */
export async function listLeads(sql: Sql, f: LeadListFilter): Promise<{ rows: LeadListRow[]; more: boolean }> {
  const rows = await sql<LeadListRow[]>`
    select l.id, l.reference_number::float8 as "referenceNumber", l.status, l.assister_id as "assisterId", a.name as "assisterName",
           l.created_at as "createdAt", l.contact_deadline_at as "contactDeadlineAt",
           coalesce((select array_agg(e.kind order by e.opened_at) from escalations e where e.lead_id = l.id and e.resolved_at is null), '{}') as "openEscalations"
    from leads l left join assisters a on a.id = l.assister_id
    where true
      ${f.referenceNumber !== undefined ? sql`and l.reference_number = ${f.referenceNumber}` : sql``}
      ${f.status ? sql`and l.status = ${f.status}` : sql``}
      ${f.assisterId ? sql`and l.assister_id = ${f.assisterId}` : sql``}
      ${f.escalated ? sql`and l.id in (select lead_id from escalations where resolved_at is null and lead_id is not null)` : sql``}
      ${f.before ? sql`and l.reference_number < ${f.before}` : sql``}
    order by l.reference_number desc
    limit ${LEAD_LIST_PAGE + 1}`;
  return { rows: rows.slice(0, LEAD_LIST_PAGE), more: rows.length > LEAD_LIST_PAGE };
}
