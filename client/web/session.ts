// Who is signed in to the portal. The session id lives in an HttpOnly, SameSite=Lax cookie (Secure under TLS);
// PostgreSQL keeps only its digest. A session ends after the idle time or the maximum age, at sign-out, when the
// person is removed, or when the organization's sessions are ended; a sign-in always starts a new id.
import { createHash, randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { webConfig } from '../../platform/config';
import { assisterRecord } from '../../store/assisters';
import type { Sql } from '../../store/database';
import { personById, type PortalPerson } from '../../store/portal-people';
import { endSession, startSession, touchSession } from '../../store/portal-sessions';

export const SESSION_COOKIE = 'pal_session';
/** Where @fastify/csrf-protection keeps the browser's CSRF secret (its default name). */
export const CSRF_COOKIE = '_csrf';
export type WebSettings = ReturnType<typeof webConfig>;

export interface SignedIn extends PortalPerson {
  organization: string;
  /** How long the session lasts without a request: pages warn before it ends. */
  idleSeconds: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    person?: SignedIn;
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Reads the session cookie on every request of the pages. */
export function loadSessions(app: FastifyInstance, sql: Sql, settings: WebSettings): void {
  app.decorateRequest('person', undefined);
  app.addHook('onRequest', async (request) => {
    const id = request.cookies[SESSION_COOKIE];
    if (!id) return;
    const session = await touchSession(sql, sha256(id), settings.sessionIdleSeconds, settings.sessionMaxSeconds);
    const person = session && (await personById(sql, session.personId));
    const assister = person && (await assisterRecord(sql, person.assisterId));
    if (person && assister) request.person = { ...person, organization: assister.name, idleSeconds: settings.sessionIdleSeconds };
  });
}

/** A new session for the person: a fresh id, never one the browser had before. */
export async function beginSession(reply: FastifyReply, sql: Sql, settings: WebSettings, personId: number): Promise<void> {
  const id = newSecret();
  await startSession(sql, sha256(id), personId);
  void reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure: settings.secureCookies, maxAge: settings.sessionMaxSeconds });
  // Form tokens of the browser's previous state are not carried into the session.
  void reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

export async function finishSession(request: FastifyRequest, reply: FastifyReply, sql: Sql): Promise<void> {
  const id = request.cookies[SESSION_COOKIE];
  if (id) await endSession(sql, sha256(id));
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  void reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

const RETURN_COOKIE = 'pal_return';
/** Portal pages a sign-in may return to: paths PAL made, never another site. */
const returnable = /^\/portal(\/[A-Za-z0-9-]+)*(\?[A-Za-z0-9=&-]*)?$/;

/**
 * The signed-in person of a page behind sign-in; without one, the reply goes to the sign-in page, and the page asked
 * for (a lead's, from an emailed link) is where the sign-in returns.
 */
export function signedIn(request: FastifyRequest, reply: FastifyReply, settings: WebSettings): SignedIn | undefined {
  if (request.person) return request.person;
  if (request.method === 'GET' && returnable.test(request.url))
    void reply.setCookie(RETURN_COOKIE, request.url, { path: '/portal/sign-in', httpOnly: true, sameSite: 'lax', secure: settings.secureCookies, maxAge: settings.signInLinkSeconds * 2 });
  void reply.redirect('/portal/sign-in', 303);
  return undefined;
}

/** Where a sign-in goes next: the page that asked for it, or the leads. */
export function afterSignIn(request: FastifyRequest, reply: FastifyReply): string {
  const back = request.cookies[RETURN_COOKIE];
  void reply.clearCookie(RETURN_COOKIE, { path: '/portal/sign-in' });
  return back && returnable.test(back) ? back : '/portal';
}

/** A form's fields as single text values: a repeated field (a list) counts as missing. */
export const formFields = (body: unknown): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));

/** The actor recorded in the audit trail for a signed-in person. */
export const actorOf = (person: PortalPerson) => `person:${person.id}`;
