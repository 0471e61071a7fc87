// Assister API tokens: only a token's SHA-256 digest is stored, with when it expires.
import type { Sql } from './database';

/** The assister a token belongs to, while it has not expired. */
export async function tokenAssister(sql: Sql, tokenSha256: string): Promise<string | undefined> {
  const [row] = await sql<{ assister_id: string }[]>`select assister_id from assister_tokens where token_sha256 = ${tokenSha256} and expires_at > now()`;
  return row?.assister_id;
}

export async function insertAssisterToken(sql: Sql, tokenSha256: string, assisterId: string, days: number): Promise<void> {
  await sql`insert into assister_tokens (token_sha256, assister_id, expires_at) values (${tokenSha256}, ${assisterId}, now() + make_interval(days => ${days}))`;
}
