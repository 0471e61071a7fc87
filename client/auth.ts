// Who is calling the API: a coordinator or the contact center (tokens from configuration), or an assister
// (a per-assister token whose SHA-256 is stored in the database).
import { createHash, randomBytes } from 'node:crypto';
import { tokenMatches } from './http';
import type { Sql } from '../activities/database';
import type { authConfig } from '../platform/config';

export type Identity = { role: 'coordinator' } | { role: 'contact-center' } | { role: 'assister'; assisterId: string };

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

export async function identify(sql: Sql, tokens: ReturnType<typeof authConfig>, token: string | undefined): Promise<Identity | undefined> {
  if (!token) return undefined;
  if (tokens.coordinatorToken && tokenMatches(token, tokens.coordinatorToken)) return { role: 'coordinator' };
  if (tokens.contactCenterToken && tokenMatches(token, tokens.contactCenterToken)) return { role: 'contact-center' };
  const [row] = await sql<{ assister_id: string }[]>`select assister_id from assister_tokens where token_sha256 = ${sha256(token)} and expires_at > now()`;
  return row ? { role: 'assister', assisterId: row.assister_id } : undefined;
}

export const DEFAULT_TOKEN_DAYS = 365;

/** A new token for an assister, valid for `days`; only its digest is kept, so it is shown once. */
export async function issueAssisterToken(sql: Sql, assisterId: string, days = DEFAULT_TOKEN_DAYS): Promise<string> {
  const [assister] = await sql`select 1 from assisters where id = ${assisterId}`;
  if (!assister) throw new Error(`Assister ${assisterId} is not in the directory`);
  const token = `pal_${randomBytes(24).toString('base64url')}`;
  await sql`insert into assister_tokens (token_sha256, assister_id, expires_at) values (${sha256(token)}, ${assisterId}, now() + make_interval(days => ${days}))`;
  return token;
}
