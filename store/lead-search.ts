// Finding leads for staff: by reference, or by the consumer's email, phone number or name (domain/lead-search.ts
// decides which), newest first. The text searched for is a parameter of the query, never part of a log or a URL.
import type { LeadSearch } from '../domain/lead-search';
import { consumerEmail, consumerFirstName, consumerLastName, consumerPhone } from './consumer-match';
import type { Sql } from './database';

export interface FoundLeadRow {
  id: string;
  referenceNumber: number;
  firstName: string;
  lastName: string;
  zip: string;
  assisterId: string | null;
  assisterName: string | null;
  status: string;
  createdAt: Date;
  closed: boolean;
}

export const SEARCH_LIMIT = 50;

/** Every word begins the last or the first name (LIKE's own characters in a word match only themselves). */
const byName = (sql: Sql, words: string[]) =>
  words
    .map((w) => w.replace(/[\\%_]/g, (c) => `\\${c}`) + '%')
    .map((w) => sql`(${consumerLastName(sql)} like ${w} or ${consumerFirstName(sql)} like ${w})`)
    .reduce((a, b) => sql`${a} and ${b}`);

export async function searchLeads(sql: Sql, search: Exclude<LeadSearch, { problem: string }>): Promise<FoundLeadRow[]> {
  const where =
    search.by === 'reference'
      ? search.orName
        ? sql`(l.reference_number = ${search.number} or ${byName(sql, search.orName)})`
        : sql`l.reference_number = ${search.number}`
      : search.by === 'email'
        ? sql`${consumerEmail(sql)} = ${search.email}`
        : search.by === 'phone'
          ? sql`${consumerPhone(sql)} = ${search.digits}`
          : byName(sql, search.words);
  return sql<FoundLeadRow[]>`
    select l.id, l.reference_number::float8 as "referenceNumber", l.intake->'consumer'->>'firstName' as "firstName",
           l.intake->'consumer'->>'lastName' as "lastName", l.intake->'consumer'->>'zip' as zip, l.assister_id as "assisterId",
           a.name as "assisterName", l.status, l.created_at as "createdAt", l.closed_at is not null as closed
    from leads l left join assisters a on a.id = l.assister_id
    where ${where} order by l.created_at desc limit ${SEARCH_LIMIT}`;
}
