// The leads an assister organization sees in the portal: its list (open first, most urgent first, paged) and
// one lead with its consumer, deadlines and history. Read from what the lead workflows recorded.
import type { Lead } from '../domain/lead';
import type { Sql } from './database';

export interface PortalLeadRow {
  id: string;
  referenceNumber: number;
  firstName: string;
  lastName: string;
  referredAt: Date | null;
  contactDeadlineAt: Date | null;
  status: string;
  contactDate: string | null;
  appointmentDate: string | null;
  closed: boolean;
}

export const PORTAL_PAGE_SIZE = 50;

export async function organizationLeads(sql: Sql, assisterId: string, show: 'open' | 'closed', page: number): Promise<{ rows: PortalLeadRow[]; total: number }> {
  // Spelled out (not a parameter) so that each list reads its own index (migration 013) in its order.
  const which = show === 'open' ? sql`closed_at is null` : sql`closed_at is not null`;
  const order = show === 'open' ? sql`contact_date is not null, contact_deadline_at, referred_at desc, id` : sql`closed_at desc, referred_at desc, id`;
  const [count] = await sql<{ total: number }[]>`select count(*)::int as total from leads where assister_id = ${assisterId} and ${which}`;
  // The page's ids first, from the index alone; only those 50 rows' consumer names are read.
  const rows = await sql<PortalLeadRow[]>`
    select l.id, reference_number::float8 as "referenceNumber", intake->'consumer'->>'firstName' as "firstName", intake->'consumer'->>'lastName' as "lastName",
           referred_at as "referredAt", contact_deadline_at as "contactDeadlineAt", status, contact_date::text as "contactDate",
           appointment_date::text as "appointmentDate", closed_at is not null as closed
    from unnest(array(select id from leads where assister_id = ${assisterId} and ${which} order by ${order}
                      limit ${PORTAL_PAGE_SIZE} offset ${(page - 1) * PORTAL_PAGE_SIZE})) with ordinality as page (id, n)
    join leads l on l.id = page.id order by page.n`;
  return { rows, total: count?.total ?? 0 };
}

export interface PortalLead {
  id: string;
  referenceNumber: number;
  assisterId: string | null;
  intake: Lead;
  status: string;
  referredAt: Date | null;
  contactDeadlineAt: Date | null;
  contactDate: string | null;
  appointmentDate: string | null;
  resolution: string | null;
  closedAt: Date | null;
  /** When the retention policy removed the consumer's details (the intake's consumer fields are empty since). */
  purgedAt: Date | null;
  events: { at: Date; type: string }[];
}

/** The lead with its history, only if it is this organization's: the query itself never reads another's (the portal). */
export const organizationLead = (sql: Sql, leadId: string, assisterId: string) => readLead(sql, leadId, assisterId);

/** Any lead with its history, whichever organization has it: for staff pages only. */
export const portalLead = (sql: Sql, leadId: string) => readLead(sql, leadId);

/** Events of a lead that only staff pages show. */
const STAFF_ONLY_EVENTS = ['sent-to-navigator-against-the-rule'];

async function readLead(sql: Sql, leadId: string, assisterId?: string): Promise<PortalLead | undefined> {
  const [lead] = await sql<Omit<PortalLead, 'events'>[]>`
    select id, reference_number::float8 as "referenceNumber", assister_id as "assisterId", intake, status, referred_at as "referredAt",
           contact_deadline_at as "contactDeadlineAt", contact_date::text as "contactDate", appointment_date::text as "appointmentDate",
           resolution, closed_at as "closedAt", purged_at as "purgedAt"
    from leads where id = ${leadId} ${assisterId === undefined ? sql`` : sql`and assister_id = ${assisterId}`}`;
  if (!lead) return undefined;
  // An organization does not see how staff decided to send it the lead (a representative's override of the rules).
  const events = await sql<{ at: Date; type: string }[]>`
    select at, type from lead_events where lead_id = ${leadId} ${assisterId === undefined ? sql`` : sql`and type <> all(${STAFF_ONLY_EVENTS})`} order by id`;
  return { ...lead, events };
}
