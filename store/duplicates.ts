// The representative's duplicate check (issue 12): the open leads of the same consumer, found by the same phone
// (its last ten digits, however it was written), the same email, or the same first and last name with the same ZIP
// code, compared as store/consumer-match.ts compares a consumer. Answers name leads, never the consumer.
import type { Lead } from '../domain/lead';
import { leadReference } from '../domain/lead-reference';
import { phoneDigits } from '../domain/lead-search';
import { consumerEmail, consumerFirstName, consumerLastName, consumerPhone } from './consumer-match';
import type { Sql } from './database';

export type DuplicateMatch = 'phone' | 'email' | 'name-and-zip';

export interface OpenLeadOfConsumer {
  leadId: string;
  reference: string;
  createdAt: Date;
  status: string;
  /** The organization that holds it; null while the lead waits for one. */
  assisterName: string | null;
  matchedBy: DuplicateMatch[];
}


/** Open leads of this consumer, newest first; a lead with `requestId` (the same form sent again) is not one. */
export async function openLeadsOfConsumer(sql: Sql, consumer: Lead['consumer'], requestId?: string): Promise<OpenLeadOfConsumer[]> {
  const sameName = sql`(${consumerLastName(sql)} = ${consumer.lastName.toLowerCase()} and l.intake #>> '{consumer,zip}' = ${consumer.zip}
                        and ${consumerFirstName(sql)} = ${consumer.firstName.toLowerCase()})`;
  const sameEmail = consumer.email ? sql`${consumerEmail(sql)} = ${consumer.email.toLowerCase()}` : sql`false`;
  const samePhone = sql`${consumerPhone(sql)} = ${phoneDigits(consumer.phone)}`;
  const rows = await sql<(Omit<OpenLeadOfConsumer, 'reference' | 'matchedBy'> & { referenceNumber: string; phone: boolean; email: boolean; name: boolean })[]>`
    select l.id as "leadId", l.reference_number as "referenceNumber", l.created_at as "createdAt", l.status, a.name as "assisterName",
           ${samePhone} as phone, ${sameEmail} as email, ${sameName} as name
    from leads l left join assisters a on a.id = l.assister_id
    where l.closed_at is null and (${samePhone} or ${sameEmail} or ${sameName})
      and l.request_id is distinct from ${requestId ?? null}
    order by l.created_at desc limit 10`;
  return rows.map(({ referenceNumber, phone, email, name, ...row }) => ({
    ...row,
    reference: leadReference(Number(referenceNumber)),
    matchedBy: [...(phone ? ['phone' as const] : []), ...(email ? ['email' as const] : []), ...(name ? ['name-and-zip' as const] : [])],
  }));
}
