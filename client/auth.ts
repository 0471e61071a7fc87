// Who is calling the API: a coordinator or the contact center (tokens from configuration), or an assister
// (a per-assister token whose SHA-256 is stored in the database).
import { createHash, randomBytes } from 'node:crypto';
import { tokenMatches } from './http';
import { assisterRecord } from '../store/assisters';
import { insertAssisterToken, tokenAssister } from '../store/assister-tokens';
import type { Sql } from '../store/database';
import type { authConfig } from '../platform/config';

export type Identity = { role: 'coordinator' } | { role: 'contact-center' } | { role: 'assister'; assisterId: string };

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

export async function identify(sql: Sql, tokens: ReturnType<typeof authConfig>, token: string | undefined): Promise<Identity | undefined> {
  if (!token) return undefined;
  if (tokens.coordinatorToken && tokenMatches(token, tokens.coordinatorToken)) return { role: 'coordinator' };
  if (tokens.contactCenterToken && tokenMatches(token, tokens.contactCenterToken)) return { role: 'contact-center' };
  const assisterId = await tokenAssister(sql, sha256(token));
  return assisterId ? { role: 'assister', assisterId } : undefined;
}

/** An assister token lives a year unless asked for less, and never longer. */
export const DEFAULT_TOKEN_DAYS = 365;
export const MAX_TOKEN_DAYS = 365;
export const TOKEN_TOO_LONG = `days must be at most ${MAX_TOKEN_DAYS}: an assister token lives at most a year; issue a new one when it expires`;
const tokenDaysProblem = (days: number) => (!Number.isInteger(days) || days < 1 ? 'days must be a whole number of at least 1' : days > MAX_TOKEN_DAYS ? TOKEN_TOO_LONG : undefined);

/** A new token for an assister, valid for `days` (at most a year); only its digest is kept, so it is shown once. */
export async function issueAssisterToken(sql: Sql, assisterId: string, days = DEFAULT_TOKEN_DAYS): Promise<string> {
  const problem = tokenDaysProblem(days);
  if (problem) throw new Error(problem);
  if (!(await assisterRecord(sql, assisterId))) throw new Error(`Assister ${assisterId} is not in the directory`);
  const token = `pal_${randomBytes(24).toString('base64url')}`;
  await insertAssisterToken(sql, sha256(token), assisterId, days);
  return token;
}
