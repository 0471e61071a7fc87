// Assister API tokens: only a token's SHA-256 digest is stored, with when it was issued, expires, was last used and
// was revoked. A token is listed by its id, never shown again.
import type { Sql } from './database';
import { endOrganizationSessions } from './portal-sessions';

/**
 * The assister a token belongs to, while it is neither expired nor revoked; records that it was used (to the
 * minute, so a busy client does not write on every call).
 */
export async function tokenAssister(sql: Sql, tokenSha256: string): Promise<string | undefined> {
  const [row] = await sql<{ assister_id: string }[]>`
    with valid as (
      select token_sha256, assister_id, last_used_at from assister_tokens
      where token_sha256 = ${tokenSha256} and expires_at > now() and revoked_at is null
    ), used as (
      update assister_tokens t set last_used_at = now() from valid
      where t.token_sha256 = valid.token_sha256 and (valid.last_used_at is null or valid.last_used_at < now() - interval '1 minute')
    )
    select assister_id from valid`;
  return row?.assister_id;
}

export async function insertAssisterToken(sql: Sql, tokenSha256: string, assisterId: string, days: number): Promise<{ id: number; expiresAt: Date }> {
  const [row] = await sql<{ id: number; expiresAt: Date }[]>`
    insert into assister_tokens (token_sha256, assister_id, expires_at) values (${tokenSha256}, ${assisterId}, now() + make_interval(days => ${days}))
    returning id::int, expires_at as "expiresAt"`;
  return row!;
}

export interface AssisterTokenInfo {
  id: number;
  issuedAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The assister's tokens, newest first: when each was issued, expires, was last used and revoked; never the token. */
export async function assisterTokens(sql: Sql, assisterId: string): Promise<AssisterTokenInfo[]> {
  return sql<AssisterTokenInfo[]>`
    select id::int, created_at as "issuedAt", expires_at as "expiresAt", last_used_at as "lastUsedAt", revoked_at as "revokedAt"
    from assister_tokens where assister_id = ${assisterId} order by created_at desc, id desc`;
}

/**
 * Revokes every token of the assister still valid, and ends its people's portal sessions with them (whoever held a
 * token may have signed in too); returns how many tokens.
 */
export async function revokeAssisterTokens(sql: Sql, assisterId: string): Promise<number> {
  return sql.begin(async (tx) => {
    const revoked = await tx`update assister_tokens set revoked_at = now() where assister_id = ${assisterId} and revoked_at is null and expires_at > now() returning id`;
    await endOrganizationSessions(tx, assisterId);
    return revoked.length;
  });
}
