// Portal sign-in and sessions. A sign-in request holds digests of its link token, its short code and the asking
// browser's cookie; a session holds the digest of its id. Nothing secret is stored in the clear.
import { timingSafeEqual } from 'node:crypto';
import type { Sql, Tx } from './database';
import { current } from './portal-people';

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
}

const signInColumns = (sql: Sql | Tx) =>
  sql`id::int, email, person_id::int as "personId", staff_id::int as "staffId", any_browser as "anyBrowser", browser_sha256 as "browserSha256", expires_at as "expiresAt", used_at as "usedAt"`;

export interface NewSignIn {
  email: string;
  personId?: number;
  staffId?: number;
  anyBrowser?: boolean;
  tokenSha256: string;
  codeSha256: string;
  browserSha256: string;
  /** The key the client is counted by (client/web/sign-in.tsx). */
  client: string;
  expiresAt: Date;
}

/** How many sign-in requests a client may make in a window: for one address, in all, and all clients for one address. */
export interface SignInLimits {
  windowSeconds: number;
  perAddressAndClient: number;
  perClient: number;
  /** Past this the request is answered the same, but nothing is mailed. */
  perAddress: number;
}

/** How many wrong codes are tried in a window: for an address by one client, and by all clients together. */
export interface CodeLimits {
  windowSeconds: number;
  perAddressAndClient: number;
  perAddress: number;
}

export async function insertSignIn(sql: Sql | Tx, r: NewSignIn): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into portal_sign_ins (email, person_id, staff_id, any_browser, token_sha256, code_sha256, browser_sha256, client, expires_at)
    values (${r.email}, ${r.personId ?? null}, ${r.staffId ?? null}, ${r.anyBrowser ?? false}, ${r.tokenSha256}, ${r.codeSha256}, ${r.browserSha256}, ${r.client}, ${r.expiresAt})
    returning id::int`;
  return row!.id;
}

/**
 * Records a sign-in request unless this client asked too often in the window, for this address or for any:
 * undefined then, and nothing is recorded. Past the address's cap across all clients the request is recorded
 * without its account (`mailed` false): nothing is mailed and nothing signs in with it, and the asker cannot tell.
 * The counts and the insert hold locks on the address and the client, so parallel requests cannot pass one count.
 */
export async function askSignIn(sql: Sql, r: NewSignIn, limits: SignInLimits): Promise<{ id: number; mailed: boolean } | undefined> {
  return sql.begin(async (tx) => {
    // The address's lock first, then the client's, always: two requests never wait for each other.
    await tx`select pg_advisory_xact_lock(hashtext('pal.sign-in.address'), hashtext(lower(${r.email})))`;
    await tx`select pg_advisory_xact_lock(hashtext('pal.sign-in.client'), hashtext(${r.client}))`;
    // Each count reads its own index (migration 012): by address, and by client.
    const [n] = await tx<{ forAddress: number; forAddressAndClient: number; forClient: number }[]>`
      select count(*)::int as "forAddress", count(*) filter (where client = ${r.client})::int as "forAddressAndClient",
             (select count(*) from portal_sign_ins where client = ${r.client} and created_at > now() - make_interval(secs => ${limits.windowSeconds}))::int as "forClient"
      from portal_sign_ins where lower(email) = lower(${r.email}) and created_at > now() - make_interval(secs => ${limits.windowSeconds})`;
    if (n!.forAddressAndClient >= limits.perAddressAndClient || n!.forClient >= limits.perClient) return undefined;
    const mailed = n!.forAddress < limits.perAddress;
    return { id: await insertSignIn(tx, mailed ? r : { ...r, personId: undefined, staffId: undefined }), mailed };
  });
}

export async function signInByToken(sql: Sql, tokenSha256: string): Promise<SignInRequest | undefined> {
  const [row] = await sql<SignInRequest[]>`select ${signInColumns(sql)} from portal_sign_ins where token_sha256 = ${tokenSha256}`;
  return row;
}

/**
 * The open request for this address whose code matches (compared in constant time), while this client has tries
 * left for the address in the window, and all clients together have. A wrong code counts for this client and the
 * address, so another client's guesses never use up a person's own tries; the overall cap stays far from guessing
 * a code (40 bits). The count, the check and the new count hold a lock on the address: parallel guesses cannot
 * pass one count.
 */
export async function signInByCode(sql: Sql, email: string, client: string, codeSha256: string, limits: CodeLimits): Promise<SignInRequest | undefined> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('pal.sign-in.code'), hashtext(lower(${email})))`;
    const [tries] = await tx<{ forAddress: number; forAddressAndClient: number }[]>`
      select count(*)::int as "forAddress", count(*) filter (where client = ${client})::int as "forAddressAndClient" from portal_code_attempts
      where email = lower(${email}) and at > now() - make_interval(secs => ${limits.windowSeconds})`;
    if (tries!.forAddressAndClient >= limits.perAddressAndClient || tries!.forAddress >= limits.perAddress) return undefined;
    const open = await tx<(SignInRequest & { codeSha256: string })[]>`
      select ${signInColumns(tx)}, code_sha256 as "codeSha256" from portal_sign_ins where lower(email) = lower(${email}) and used_at is null and expires_at > now()`;
    const wanted = Buffer.from(codeSha256, 'hex');
    const found = open.find((r) => {
      const stored = Buffer.from(r.codeSha256, 'hex');
      return stored.length === wanted.length && timingSafeEqual(stored, wanted);
    });
    if (!found) await tx`insert into portal_code_attempts (email, client) values (lower(${email}), ${client})`;
    return found;
  });
}

/**
 * Uses a request once, and with it every other open request of its account (links and codes mailed before no
 * longer sign in): false when this one was used (or expired) already, by a race or a replay, and then nothing changes.
 */
export async function useSignIn(sql: Sql, signIn: Pick<SignInRequest, 'id' | 'personId' | 'staffId'>): Promise<boolean> {
  const used = await sql<{ id: number }[]>`
    update portal_sign_ins set used_at = now()
    where used_at is null and expires_at > now() and (id = ${signIn.id} or person_id = ${signIn.personId} or staff_id = ${signIn.staffId})
      and exists (select 1 from portal_sign_ins u where u.id = ${signIn.id} and u.used_at is null and u.expires_at > now())
    returning id::int`;
  return used.some((r) => r.id === signIn.id);
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
 * The live session with this id; undefined if ended, idle too long or too old, or if its account no longer counts
 * (a person by the directory's rule, store/portal-people's `current`; a staff member removed). Its last-seen time
 * moves to now, but only once it is a tenth of the idle time old (at most 15 s): most requests then only read, and
 * a page costs no write for the session.
 */
export async function touchSession(sql: Sql, idSha256: string, idleSeconds: number, maxSeconds: number): Promise<SessionRow | undefined> {
  const [row] = await sql<SessionRow[]>`
    with live as (
      select s.id_sha256, s.person_id, s.staff_id, s.created_at, s.last_seen_at from portal_sessions s
      left join portal_people on portal_people.id = s.person_id left join staff st on st.id = s.staff_id
      where s.id_sha256 = ${idSha256} and s.ended_at is null and (s.person_id is null or ${current(sql)}) and (s.staff_id is null or st.removed_at is null)
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
