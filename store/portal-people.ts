// People with a portal account at an assister organization. The organization's contact point (the directory's
// address) is its first account, made when it first signs in; it or a coordinator invites and removes colleagues.
import type { Sql, Tx } from './database';

export interface PortalPerson {
  id: number;
  assisterId: string;
  email: string;
  role: 'contact-point' | 'colleague';
}

const columns = (sql: Sql) => sql`id::int, assister_id as "assisterId", email, role`;
/**
 * The directory decides who a contact point is: a contact point's account counts only while its address is still
 * the directory's (a replaced one stops at once), and a colleague's only while its address is no organization's
 * contact point (a colleague whose address becomes one signs in again as that contact point).
 */
export const current = (sql: Sql | Tx) =>
  sql`portal_people.removed_at is null and case portal_people.role
        when 'contact-point' then exists (select 1 from assisters a where a.id = portal_people.assister_id and lower(a.email) = lower(portal_people.email))
        else not exists (select 1 from assisters a where lower(a.email) = lower(portal_people.email)) end`;

/** The active account with this address; a directory contact point without one gets it now. */
export async function personForEmail(sql: Sql, email: string): Promise<PortalPerson | undefined> {
  const [person] = await sql<PortalPerson[]>`select ${columns(sql)} from portal_people where lower(email) = lower(${email}) and ${current(sql)}`;
  if (person) return person;
  // An account the directory no longer backs (a former contact point, a colleague now a contact point) is closed.
  await sql`update portal_people set removed_at = now(), removed_by = 'contact-point-changed' where lower(email) = lower(${email}) and removed_at is null`;
  const [contactPoint] = await sql<{ id: string }[]>`select id from assisters where lower(email) = lower(${email}) order by id limit 1`;
  if (!contactPoint) return undefined;
  const [made] = await sql<PortalPerson[]>`
    insert into portal_people (assister_id, email, role, invited_by) values (${contactPoint.id}, ${email.toLowerCase()}, 'contact-point', 'directory')
    on conflict do nothing returning ${columns(sql)}`;
  return made ?? (await personForEmail(sql, email));
}

export async function personById(sql: Sql, id: number): Promise<PortalPerson | undefined> {
  const [person] = await sql<PortalPerson[]>`select ${columns(sql)} from portal_people where id = ${id} and ${current(sql)}`;
  return person;
}

export async function organizationPeople(sql: Sql, assisterId: string): Promise<(PortalPerson & { createdAt: Date; invitedBy: string })[]> {
  return sql`select ${columns(sql)}, created_at as "createdAt", invited_by as "invitedBy" from portal_people
             where assister_id = ${assisterId} and ${current(sql)} order by role, email`;
}

/** Everyone who ever had an account at the organization, removed or not, by id: names the actors of its audit trail. */
export async function organizationPersonEmails(sql: Sql, assisterId: string): Promise<Map<number, string>> {
  const rows = await sql<{ id: number; email: string }[]>`select id::int, email from portal_people where assister_id = ${assisterId}`;
  return new Map(rows.map((r) => [r.id, r.email]));
}

const CANNOT_INVITE = 'This email address cannot be invited: it already has a PAL account or is a contact point in the directory';

/**
 * Invites a colleague. Refused for an address active anywhere, and for a contact point's address in the directory
 * (or one a contact point change is waiting to confirm): that address signs in as its organization's contact point.
 */
export async function invitePerson(sql: Sql, assisterId: string, email: string, invitedBy: string): Promise<PortalPerson | { problem: string }> {
  const [made] = await sql<PortalPerson[]>`
    insert into portal_people (assister_id, email, role, invited_by)
    select ${assisterId}, ${email.toLowerCase()}, 'colleague', ${invitedBy}
    where not exists (select 1 from assisters where lower(email) = lower(${email}))
      and not exists (select 1 from contact_point_changes where lower(new_email) = lower(${email}) and confirmed_at is null and cancelled_at is null and expired_at is null)
    on conflict do nothing returning ${columns(sql)}`;
  return made ?? { problem: CANNOT_INVITE };
}

/**
 * A contact point change took effect (in its transaction): the replaced contact point's account is closed, and a
 * colleague account of the new address (it signs in as the contact point now), each with its sessions. Closed, not
 * only no longer current: should the address become the contact point again, it gets a new account, and the old
 * account's sessions never count again.
 */
export async function closeReplacedAccounts(tx: Sql | Tx, change: { assisterId: string; oldEmail: string; newEmail: string }): Promise<void> {
  await tx`
    with closed as (
      update portal_people set removed_at = now(), removed_by = 'contact-point-changed'
      where removed_at is null
        and ((assister_id = ${change.assisterId} and role = 'contact-point' and lower(email) = lower(${change.oldEmail}))
          or (role = 'colleague' and lower(email) = lower(${change.newEmail})))
      returning id
    )
    update portal_sessions s set ended_at = now() from closed where s.person_id = closed.id and s.ended_at is null`;
}

/** Removes a colleague and ends their sessions at once. */
export async function removePerson(sql: Sql, assisterId: string, personId: number, removedBy: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const removed = await tx`update portal_people set removed_at = now(), removed_by = ${removedBy}
                             where id = ${personId} and assister_id = ${assisterId} and role = 'colleague' and removed_at is null returning id`;
    if (removed.length) await tx`update portal_sessions set ended_at = now() where person_id = ${personId} and ended_at is null`;
    return removed.length > 0;
  });
}
