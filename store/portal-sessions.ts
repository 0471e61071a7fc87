// Portal sign-in and sessions. A sign-in request holds digests of its link token, its short code and the asking
// browser's cookie; a session holds the digest of its id. Nothing secret is stored in the clear.
import { timingSafeEqual } from 'node:crypto';
import type { Sql, Tx } from './database';

export interface SignInRequest {
  id: number;
  email: string;
  personId: number | null;
  staffId: number | null;
  /** A link printed by npm run dev for its dev staff: no browser asked for it. */
  anyBrowser: boolean;
  browserSha256: string;
  expiresAt: Date;
  usedAt: Date | null;
  codeAttempts: number;
}

const signInColumns = (sql: Sql) =>
  sql`id::int, email, person_id::int as "personId", staff_id::int as "staffId", any_browser as "anyBrowser", browser_sha256 as "browserSha256", expires_at as "expiresAt", used_at as "usedAt", code_attempts as "codeAttempts"`;

/** How many sign-in links were asked for this address and from this client since `since`. */
export async function recentSignIns(sql: Sql, email: string, client: string, since: Date): Promise<{ forEmail: number; forClient: number }> {
  const [row] = await sql<{ forEmail: number; forClient: number }[]>`
    select count(*) filter (where lower(email) = lower(${email}))::int as "forEmail", count(*) filter (where client = ${client})::int as "forClient"
    from portal_sign_ins where created_at > ${since}`;
  return row ?? { forEmail: 0, forClient: 0 };
}

export async function insertSignIn(
  sql: Sql,
  r: { email: string; personId?: number; staffId?: number; anyBrowser?: boolean; tokenSha256: string; codeSha256: string; browserSha256: string; client: string; expiresAt: Date },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into portal_sign_ins (email, person_id, staff_id, any_browser, token_sha256, code_sha256, browser_sha256, client, expires_at)
    values (${r.email}, ${r.personId ?? null}, ${r.staffId ?? null}, ${r.anyBrowser ?? false}, ${r.tokenSha256}, ${r.codeSha256}, ${r.browserSha256}, ${r.client}, ${r.expiresAt})
    returning id::int`;
  return row!.id;
}

export async function signInByToken(sql: Sql, tokenSha256: string): Promise<SignInRequest | undefined> {
  const [row] = await sql<SignInRequest[]>`select ${signInColumns(sql)} from portal_sign_ins where token_sha256 = ${tokenSha256}`;
  return row;
}

/**
 * The open request for this address whose code matches. Every try is counted in the same statement that reads the
 * codes (concurrent guesses cannot share one count), and an address gets `maxAttempts` tries in all its open requests.
 */
export async function signInByCode(sql: Sql, email: string, codeSha256: string, maxAttempts: number): Promise<SignInRequest | undefined> {
  const tried = await sql<(SignInRequest & { codeSha256: string })[]>`
    with open as (
      select id, created_at from portal_sign_ins where lower(email) = lower(${email}) and used_at is null and expires_at > now() for update
    ), counted as (
      update portal_sign_ins set code_attempts = code_attempts + 1
      where id = (select id from open order by created_at desc limit 1)
        and (select coalesce(sum(code_attempts), 0) from portal_sign_ins where id in (select id from open)) < ${maxAttempts}
      returning id
    )
    select ${signInColumns(sql)}, code_sha256 as "codeSha256" from portal_sign_ins
    where id in (select id from open) and exists (select 1 from counted)`;
  const wanted = Buffer.from(codeSha256, 'hex');
  return tried.find((r) => {
    const stored = Buffer.from(r.codeSha256, 'hex');
    return stored.length === wanted.length && timingSafeEqual(stored, wanted);
  });
}

/** Uses a request once: false when it was used (or expired) already, by a race or a replay. */
export async function useSignIn(sql: Sql, id: number): Promise<boolean> {
  return (await sql`update portal_sign_ins set used_at = now() where id = ${id} and used_at is null and expires_at > now() returning id`).length > 0;
}

/** Who a session or a sign-in belongs to: a person of an assister organization, or a staff member. */
export type SessionOwner = { personId: number; staffId?: undefined } | { staffId: number; personId?: undefined };

export async function startSession(sql: Sql, idSha256: string, owner: SessionOwner): Promise<void> {
  await sql`insert into portal_sessions (id_sha256, person_id, staff_id) values (${idSha256}, ${owner.personId ?? null}, ${owner.staffId ?? null})`;
}

export interface SessionRow {
  personId: number | null;
  staffId: number | null;
  createdAt: Date;
  lastSeenAt: Date;
}

/**
 * The live session with this id; undefined if ended, idle too long or too old. Its last-seen time moves to now, but
 * only once it is a tenth of the idle time old (at most 15 s): most requests then only read, and a page costs no
 * write for the session.
 */
export async function touchSession(sql: Sql, idSha256: string, idleSeconds: number, maxSeconds: number): Promise<SessionRow | undefined> {
  const [row] = await sql<SessionRow[]>`
    with live as (
      select s.id_sha256, s.person_id, s.staff_id, s.created_at, s.last_seen_at from portal_sessions s
      left join portal_people p on p.id = s.person_id left join staff st on st.id = s.staff_id
      where s.id_sha256 = ${idSha256} and s.ended_at is null and coalesce(p.removed_at, st.removed_at) is null
        and s.last_seen_at > now() - make_interval(secs => ${idleSeconds}) and s.created_at > now() - make_interval(secs => ${maxSeconds})
    ), touched as (
      update portal_sessions s set last_seen_at = now() from live
      where s.id_sha256 = live.id_sha256 and live.last_seen_at < now() - make_interval(secs => ${Math.min(15, idleSeconds / 10)})
    )
    select person_id::int as "personId", staff_id::int as "staffId", created_at as "createdAt", last_seen_at as "lastSeenAt" from live`;
  return row;
}

export async function endSession(sql: Sql, idSha256: string): Promise<void> {
  await sql`update portal_sessions set ended_at = now() where id_sha256 = ${idSha256} and ended_at is null`;
}

/** Ends every session of an organization's people: its tokens were revoked (a suspension does not: its open leads go on). */
export async function endOrganizationSessions(sql: Sql | Tx, assisterId: string): Promise<number> {
  const ended = await sql`update portal_sessions s set ended_at = now() from portal_people p
                          where p.id = s.person_id and p.assister_id = ${assisterId} and s.ended_at is null returning s.id_sha256`;
  return ended.length;
}
