// Marketplace staff who use PAL's pages: contact-center representatives and coordinators. Coordinators add and
// remove them (removal ends their sessions at once); PAL_STAFF only seeds the first ones.
import type { Sql } from './database';

export const STAFF_ROLES = ['contact-center', 'coordinator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffMember {
  id: number;
  email: string;
  role: StaffRole;
}

const columns = (sql: Sql) => sql`id::int, email, role`;

export async function staffForEmail(sql: Sql, email: string): Promise<StaffMember | undefined> {
  const [member] = await sql<StaffMember[]>`select ${columns(sql)} from staff where lower(email) = lower(${email}) and removed_at is null`;
  return member;
}

export async function staffById(sql: Sql, id: number): Promise<StaffMember | undefined> {
  const [member] = await sql<StaffMember[]>`select ${columns(sql)} from staff where id = ${id} and removed_at is null`;
  return member;
}

export async function listStaff(sql: Sql): Promise<(StaffMember & { createdAt: Date; addedBy: string })[]> {
  return sql`select ${columns(sql)}, created_at as "createdAt", added_by as "addedBy" from staff where removed_at is null order by role, lower(email)`;
}

/** Adds a staff member; an address already active as staff, or as an assister's account, is refused. */
export async function addStaff(sql: Sql, email: string, role: StaffRole, addedBy: string): Promise<StaffMember | { problem: string }> {
  const [assisterAccount] = await sql`select 1 from portal_people where lower(email) = lower(${email}) and removed_at is null
                                      union all select 1 from assisters where lower(email) = lower(${email}) limit 1`;
  if (assisterAccount) return { problem: "This address belongs to an assister organization: staff need an address of their own" };
  const [made] = await sql<StaffMember[]>`
    insert into staff (email, role, added_by) values (${email.toLowerCase()}, ${role}, ${addedBy}) on conflict do nothing returning ${columns(sql)}`;
  return made ?? { problem: 'This address is already on the staff' };
}

/** Removes a staff member and ends their sessions at once; false if there was none with this id. */
export async function removeStaff(sql: Sql, id: number, removedBy: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const removed = await tx`update staff set removed_at = now(), removed_by = ${removedBy} where id = ${id} and removed_at is null returning id`;
    if (removed.length) await tx`update portal_sessions set ended_at = now() where staff_id = ${id} and ended_at is null`;
    return removed.length > 0;
  });
}

/** The first staff (PAL_STAFF): each address gets its role unless it is already on the staff. */
export async function seedStaff(sql: Sql, seeds: { email: string; role: StaffRole }[]): Promise<void> {
  for (const s of seeds)
    await sql`insert into staff (email, role, added_by) values (${s.email.toLowerCase()}, ${s.role}, 'PAL_STAFF') on conflict do nothing`;
}
