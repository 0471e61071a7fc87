// People with a portal account at an assister organization. The organization's contact point (the directory's
// address) is its first account, made when it first signs in; it or a coordinator invites and removes colleagues.
import type { Sql } from './database';

export interface PortalPerson {
  id: number;
  assisterId: string;
  email: string;
  role: 'contact-point' | 'colleague';
}

const columns = (sql: Sql) => sql`id::int, assister_id as "assisterId", email, role`;
/** A contact point's account counts only while its address is still the directory's (a replaced one stops at once). */
const current = (sql: Sql) =>
  sql`removed_at is null and (role = 'colleague' or exists (select 1 from assisters a where a.id = portal_people.assister_id and lower(a.email) = lower(portal_people.email)))`;

/** The active account with this address; a directory contact point without one gets it now. */
export async function personForEmail(sql: Sql, email: string): Promise<PortalPerson | undefined> {
  const [person] = await sql<PortalPerson[]>`select ${columns(sql)} from portal_people where lower(email) = lower(${email}) and ${current(sql)}`;
  if (person) return person;
  // A former contact point's account is closed when the address is used again.
  await sql`update portal_people set removed_at = now(), removed_by = 'contact-point-changed' where lower(email) = lower(${email}) and role = 'contact-point' and removed_at is null`;
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
             where assister_id = ${assisterId} and removed_at is null order by role, email`;
}

/** Invites a colleague; an address already active anywhere is refused. */
export async function invitePerson(sql: Sql, assisterId: string, email: string, invitedBy: string): Promise<PortalPerson | { problem: string }> {
  const [made] = await sql<PortalPerson[]>`
    insert into portal_people (assister_id, email, role, invited_by) values (${assisterId}, ${email.toLowerCase()}, 'colleague', ${invitedBy})
    on conflict do nothing returning ${columns(sql)}`;
  return made ?? { problem: 'This email address already has a PAL account' };
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
