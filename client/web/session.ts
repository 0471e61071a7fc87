// Who is signed in to PAL's pages: a person of an assister organization (the portal) or a staff member (intake and
// the coordinators' console). The session id lives in an HttpOnly, SameSite=Lax cookie (Secure under TLS);
// PostgreSQL keeps only its digest. A session ends after the idle time or the maximum age, at sign-out, when the
// person is removed, or when the organization's sessions are ended; a sign-in always starts a new id.
import { createHash, randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { webConfig } from '../../platform/config';
import { assisterRecord } from '../../store/assisters';
import type { Sql } from '../../store/database';
import { personById, type PortalPerson } from '../../store/portal-people';
import { endSession, startSession, touchSession, type SessionOwner } from '../../store/portal-sessions';
import { staffById, type StaffMember } from '../../store/staff';

export const SESSION_COOKIE = 'pal_session';
/** Where @fastify/csrf-protection keeps the browser's CSRF secret (its default name). */
export const CSRF_COOKIE = '_csrf';
/** The organization a coordinator views read-only (portal-view.ts): it ends with the session that opened it. */
export const VIEWING_COOKIE = 'pal_viewing';
export type WebSettings = ReturnType<typeof webConfig>;

export interface SignedIn extends PortalPerson {
  organization: string;
  /** How long the session lasts without a request: pages warn before it ends. */
  idleSeconds: number;
  /** A coordinator viewing the organization's pages read-only (portal-view.ts): no forms, audited as the coordinator. */
  viewedBy?: StaffSignedIn;
}

export interface StaffSignedIn extends StaffMember {
  idleSeconds: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    person?: SignedIn;
    staff?: StaffSignedIn;
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Reads the session cookie on every request of the pages. */
export function loadSessions(app: FastifyInstance, sql: Sql, settings: WebSettings): void {
  app.decorateRequest('person', undefined);
  app.decorateRequest('staff', undefined);
  app.addHook('onRequest', async (request) => {
    const id = request.cookies[SESSION_COOKIE];
    if (!id) return;
    const session = await touchSession(sql, sha256(id), settings.sessionIdleSeconds, settings.sessionMaxSeconds);
    if (session?.staffId) {
      const member = await staffById(sql, session.staffId);
      if (member) request.staff = { ...member, idleSeconds: settings.sessionIdleSeconds };
      return;
    }
    const person = session?.personId && (await personById(sql, session.personId));
    const assister = person && (await assisterRecord(sql, person.assisterId));
    if (person && assister) request.person = { ...person, organization: assister.name, idleSeconds: settings.sessionIdleSeconds };
  });
}

/** A new session for a person or a staff member: a fresh id, never one the browser had before. */
export async function beginSession(reply: FastifyReply, sql: Sql, settings: WebSettings, owner: SessionOwner): Promise<void> {
  const id = newSecret();
  await startSession(sql, sha256(id), owner);
  // A browser-session cookie (no Max-Age): closing the browser on a shared computer ends it; the server enforces the
  // idle time and the maximum age.
  void reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure: settings.secureCookies });
  // Form tokens and the read-only view of the browser's previous state are not carried into the session.
  void reply.clearCookie(CSRF_COOKIE, { path: '/' });
  void reply.clearCookie(VIEWING_COOKIE, { path: '/portal' });
}

export async function finishSession(request: FastifyRequest, reply: FastifyReply, sql: Sql): Promise<void> {
  const id = request.cookies[SESSION_COOKIE];
  if (id) await endSession(sql, sha256(id));
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  void reply.clearCookie(CSRF_COOKIE, { path: '/' });
  void reply.clearCookie(VIEWING_COOKIE, { path: '/portal' });
}

export const RETURN_COOKIE = 'pal_return';
/** Pages a sign-in may return to: PAL's own paths, never another site. */
export const returnable = /^\/(portal|intake|coordinator|leads)(\/[A-Za-z0-9-]+)*(\?[A-Za-z0-9=&-]*)?$/;
/** Where each kind of account starts. */
export const HOME = { assister: '/portal', 'contact-center': '/intake', coordinator: '/coordinator' } as const;

/** Where a sign-in goes next: the page that asked for it if it is one of this account's, or the account's home. */
export function afterSignIn(request: FastifyRequest, reply: FastifyReply, home: string): string {
  const back = request.cookies[RETURN_COOKIE];
  void reply.clearCookie(RETURN_COOKIE, { path: '/portal/sign-in' });
  return back && returnable.test(back) && back.startsWith(home) ? back : home;
}

/** A form's fields as single text values: a repeated field (a list) counts as missing. */
export const formFields = (body: unknown): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));

/** The actor recorded in the audit trail for a signed-in person or staff member. */
export const actorOf = (who: PortalPerson | StaffMember | SignedIn): string => ('viewedBy' in who && who.viewedBy ? actorOf(who.viewedBy) : 'assisterId' in who ? `person:${who.id}` : `staff:${who.id}`);
