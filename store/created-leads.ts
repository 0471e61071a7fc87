// A lead as the representative reads it back once it is created: who will call the consumer, at which public
// number, and by when. Nothing of the consumer.
import type { Sql } from './database';

export interface CreatedLead {
  contactDeadlineAt: Date | null;
  /** The organization that holds the lead; null while it waits for one. */
  assister: { name: string; publicPhone: string | null } | null;
}

export async function createdLead(sql: Sql, leadId: string): Promise<CreatedLead | undefined> {
  const [row] = await sql<{ contactDeadlineAt: Date | null; name: string | null; publicPhone: string | null }[]>`
    select l.contact_deadline_at as "contactDeadlineAt", a.name, a.public_phone as "publicPhone"
    from leads l left join assisters a on a.id = l.assister_id where l.id = ${leadId}`;
  return row && { contactDeadlineAt: row.contactDeadlineAt, assister: row.name === null ? null : { name: row.name, publicPhone: row.publicPhone } };
}
