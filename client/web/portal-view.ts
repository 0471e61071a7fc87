// A coordinator opens an organization's portal pages read-only (issue #12, "Directory"): the Directory's "View
// portal pages" form (a POST with its CSRF token) remembers which organization in a cookie scoped to /portal, and the
// portal's GET pages then show that organization as its people see it, with a read-only banner and no action forms.
// Posting any portal form is still refused to staff (access.tsx), so nothing can be changed from this view. The cookie
// lasts the session's idle time at most, and signing in or out clears it (session.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assisterRecord } from '../../store/assisters';
import type { Sql } from '../../store/database';
import { signedIn } from './access';
import { VIEWING_COOKIE, type SignedIn, type WebSettings } from './session';

/** Remembers the organization the coordinator views (an assister id: nothing secret, nothing about a consumer). */
export function viewOrganization(reply: FastifyReply, settings: WebSettings, assisterId: string): void {
  void reply.setCookie(VIEWING_COOKIE, assisterId, { path: '/portal', httpOnly: true, sameSite: 'lax', secure: settings.secureCookies, maxAge: settings.sessionIdleSeconds });
}

/**
 * Who a portal page is shown to: the signed-in person of an organization, or a coordinator viewing one read-only
 * (a person of no account, with the coordinator as `viewedBy`: the audit trail names the coordinator).
 */
export async function portalViewer(request: FastifyRequest, reply: FastifyReply, settings: WebSettings, sql: Sql): Promise<SignedIn | undefined> {
  const viewing = request.cookies[VIEWING_COOKIE];
  if (!request.person && request.staff?.role === 'coordinator' && viewing) {
    const assister = await assisterRecord(sql, viewing);
    if (assister) return { id: 0, assisterId: assister.id, email: request.staff.email, role: 'colleague', organization: assister.name, idleSeconds: request.staff.idleSeconds, viewedBy: request.staff };
  }
  return signedIn(request, reply, settings);
}
