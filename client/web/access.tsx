// Who may see a page. Assister pages need a person of an organization; staff pages a staff member of the right role.
// Signed out, any of them goes to the sign-in page, and the page asked for (a lead's, from an emailed link) is where
// the sign-in returns. Signed in with another kind of account: a page saying so, with the way to one's own start page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRole } from '../../store/staff';
import { Page } from './layout';
import { sendPage } from './render';
import { HOME, RETURN_COOKIE, returnable, type SignedIn, type StaffSignedIn, type WebSettings } from './session';

function toSignIn(request: FastifyRequest, reply: FastifyReply, settings: WebSettings): undefined {
  if (request.method === 'GET' && returnable.test(request.url))
    void reply.setCookie(RETURN_COOKIE, request.url, { path: '/portal/sign-in', httpOnly: true, sameSite: 'lax', secure: settings.secureCookies, maxAge: settings.signInLinkSeconds * 2 });
  void reply.redirect('/portal/sign-in', 303);
  return undefined;
}

/** The start page of whoever is signed in, if anyone is. */
export const homeOf = (request: FastifyRequest): string | undefined => (request.person ? HOME.assister : request.staff ? HOME[request.staff.role] : undefined);

function notForYou(request: FastifyRequest, reply: FastifyReply): undefined {
  void sendPage(
    reply,
    <Page title="This page is not for your account">
      <h1>This page is not for your account</h1>
      <p>
        Nothing was shown or changed. <a href={homeOf(request) ?? '/portal/sign-in'}>Go to your start page</a>
      </p>
    </Page>,
    403,
  );
  return undefined;
}

/** The signed-in person of an assister organization's page. */
export function signedIn(request: FastifyRequest, reply: FastifyReply, settings: WebSettings): SignedIn | undefined {
  if (request.person) return request.person;
  return request.staff ? notForYou(request, reply) : toSignIn(request, reply, settings);
}

/** The signed-in staff member of a staff page, if their role may use it. */
export function staffSignedIn(request: FastifyRequest, reply: FastifyReply, settings: WebSettings, roles: readonly StaffRole[]): StaffSignedIn | undefined {
  const { staff } = request;
  if (staff && roles.includes(staff.role)) return staff;
  return staff || request.person ? notForYou(request, reply) : toSignIn(request, reply, settings);
}
