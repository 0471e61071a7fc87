// What the portal's organization page reads beyond the directory record: the contact point change waiting to take
// effect with each of its steps, the latest suspension, and the audit trail with its people and leads named (an
// email address, a lead reference: never a consumer's data).
import { leadReference } from '../domain/lead-reference';
import { assisterHistory } from './assisters';
import { organizationAudit, type AuditEvent } from './audit';
import type { Sql } from './database';
import { organizationPersonEmails } from './portal-people';

export interface ContactPointChangeView {
  newEmail: string;
  /** "coordinator", or "assister:<id>" (asked with the organization's own credentials). */
  requestedBy: string;
  requestedAt: Date;
  addressConfirmedAt: Date | null;
  /** Only a change asked for with the organization's own credentials needs approval. */
  approvalNeeded: boolean;
  approvedAt: Date | null;
  /** "coordinator" or "current-contact-point". */
  approvedBy: string | null;
  escalatedAt: Date | null;
}

/** The change of the organization's contact point still waiting to take effect, if any. */
export async function pendingChangeView(sql: Sql, assisterId: string): Promise<ContactPointChangeView | undefined> {
  const [change] = await sql<ContactPointChangeView[]>`
    select new_email as "newEmail", requested_by as "requestedBy", requested_at as "requestedAt", address_confirmed_at as "addressConfirmedAt",
           approval_code_sha256 is not null as "approvalNeeded", approved_at as "approvedAt", approved_by as "approvedBy", escalated_at as "escalatedAt"
    from contact_point_changes where assister_id = ${assisterId} and confirmed_at is null and cancelled_at is null and expired_at is null`;
  return change;
}

/** When the organization was last suspended, by whom and why (the history keeps the reason beside the status). */
export async function latestSuspension(sql: Sql, assisterId: string): Promise<{ at: Date; by: string; reason?: string } | undefined> {
  const suspended = (await assisterHistory(sql, assisterId)).filter((c) => c.kind === 'suspended').at(-1);
  return suspended && { at: suspended.at, by: suspended.changedBy, reason: typeof suspended.change.reason === 'string' ? suspended.change.reason : undefined };
}

export interface AuditLine extends AuditEvent {
  /** The person's email address for "person:<id>" actors. */
  personEmail?: string;
  leadReference?: string;
}

/** The organization's most recent audit events, newest first, with each person's address and each lead's reference. */
export async function organizationAuditTrail(sql: Sql, assisterId: string, limit: number): Promise<AuditLine[]> {
  const events = await organizationAudit(sql, assisterId, limit);
  const emails = await organizationPersonEmails(sql, assisterId);
  const leadIds = [...new Set(events.flatMap((e) => (e.leadId ? [e.leadId] : [])))];
  const numbers = leadIds.length ? await sql<{ id: string; number: number }[]>`select id::text, reference_number::float8 as number from leads where id = any(${leadIds}::uuid[])` : [];
  const references = new Map(numbers.map((r) => [r.id, leadReference(r.number)]));
  return events.map((e) => {
    const personId = /^person:(\d+)$/.exec(e.actor)?.[1];
    return { ...e, personEmail: personId ? emails.get(Number(personId)) : undefined, leadReference: e.leadId ? references.get(e.leadId) : undefined };
  });
}
