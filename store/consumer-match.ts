// How a lead's consumer is compared, the same for the duplicate check and Find a lead: the phone by its last ten
// digits however it was written, the email and the names without regard to case. Migration 017's indexes are on
// exactly these expressions, so both read an index.
import type { Sql } from './database';

export const consumerPhone = (sql: Sql) => sql`right(regexp_replace(l.intake #>> '{consumer,phone}', '[^0-9]', '', 'g'), 10)`;
export const consumerEmail = (sql: Sql) => sql`lower(l.intake #>> '{consumer,email}')`;
export const consumerLastName = (sql: Sql) => sql`lower(l.intake #>> '{consumer,lastName}')`;
export const consumerFirstName = (sql: Sql) => sql`lower(l.intake #>> '{consumer,firstName}')`;
