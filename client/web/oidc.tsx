// Staff sign-in through the marketplace's OpenID Connect provider (PAL_OIDC_ISSUER, with PAL_OIDC_CLIENT_ID and
// PAL_OIDC_CLIENT_SECRET). The provider decides who is staff and each one's role (the claim PAL_OIDC_ROLE_CLAIM):
// a sign-in adds the staff member, or updates their role, from what the provider says. A coordinator's removal
// ends the member's sessions, but the provider may sign them in again: access is removed at the provider. Without
// OIDC, none of these pages sign anyone in and staff use the email sign-in.
//
// GET /staff/sign-in shows one button and changes nothing; its POST (CSRF-protected) sends the browser to the
// provider with PKCE (S256), state and nonce, kept for 10 minutes in an HttpOnly cookie (path: the callback only)
// that PAL signs, so nothing is stored for a flow that is never finished. The callback checks the state, exchanges
// the code, lets openid-client verify the ID token (signature, issuer, audience, nonce), reads the email address and
// the role (from the ID token, else the provider's userinfo), and begins a staff session with a fresh id.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as client from 'openid-client';
import { z } from 'zod';
import type { OidcSettings } from '../../platform/config';
import { recordAudit } from '../../store/audit';
import type { Sql } from '../../store/database';
import { endSession } from '../../store/portal-sessions';
import { addStaff, STAFF_ROLES, staffForEmail, type StaffMember, type StaffRole } from '../../store/staff';
import { homeOf } from './access';
import { Page } from './layout';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { actorOf, beginSession, HOME, SESSION_COOKIE, sha256 } from './session';

export const OIDC_CALLBACK = '/staff/oidc/callback';
const FLOW_COOKIE = 'pal_oidc';
const FLOW_SECONDS = 10 * 60;
const emailSchema = z.email();

/**
 * Whether staff sign in through OpenID Connect (PAL_OIDC_ISSUER is set): then the email sign-in signs in
 * assisters' people only, and staff are sent to /staff/sign-in.
 */
export const staffUseOidc = (deps: { oidc?: OidcSettings }): boolean => deps.oidc !== undefined;
/** The staff sign-in page when staff sign in through OpenID Connect. */
export const STAFF_SIGN_IN = '/staff/sign-in';

/** What the browser keeps between the POST and the callback, signed by PAL. */
interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  /** When the flow expires (ms since the epoch). */
  until: number;
}

type Refusal = 'no-flow' | 'provider-refused' | 'failed' | 'no-email' | 'email-unverified' | 'no-role' | 'two-roles' | 'assister-address';

export async function oidcRoutes(app: FastifyInstance, { sql, settings, oidc }: WebDeps): Promise<void> {
  if (!oidc) {
    // Staff use the email sign-in: these addresses only point there.
    for (const path of [STAFF_SIGN_IN, OIDC_CALLBACK]) app.get(path, async (_request, reply) => reply.redirect('/portal/sign-in', 303));
    app.post(STAFF_SIGN_IN, async (_request, reply) => reply.redirect('/portal/sign-in', 303));
    return;
  }
  const provider = oidc;
  const redirectUri = `${settings.publicUrl}${OIDC_CALLBACK}`;
  // The flow cookie's key, derived from the client secret (which only PAL and the provider know).
  const flowKey = createHmac('sha256', provider.clientSecret).update('pal oidc flow cookie').digest();

  // The provider's metadata, fetched when first needed (PAL starts while the provider is down) and kept.
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, provider.insecure ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  };

  const seal = (flow: Flow) => {
    const body = Buffer.from(JSON.stringify(flow)).toString('base64url');
    return `${body}.${createHmac('sha256', flowKey).update(body).digest('base64url')}`;
  };
  const unseal = (cookie: string | undefined): Flow | undefined => {
    const [body, mac] = (cookie ?? '').split('.');
    if (!body || !mac) return undefined;
    const expected = createHmac('sha256', flowKey).update(body).digest();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const flow = JSON.parse(Buffer.from(body, 'base64url').toString()) as Flow;
    return flow.until > Date.now() ? flow : undefined;
  };

  /** The authorization endpoint's origin: the sign-in page's form may lead there (CSP form-action covers redirects). */
  async function allowFormToProvider(reply: FastifyReply) {
    let origin = new URL(provider.issuer).origin;
    try {
      const endpoint = (await configuration()).serverMetadata().authorization_endpoint;
      if (endpoint) origin = new URL(endpoint).origin;
    } catch {
      // Unreachable now: the issuer's origin, and the POST says so if it still is.
    }
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string') void reply.header('content-security-policy', csp.replace("form-action 'self'", `form-action 'self' ${origin}`));
  }

  app.get(STAFF_SIGN_IN, async (request, reply) => {
    const home = homeOf(request);
    if (home) return reply.redirect(home, 303);
    await allowFormToProvider(reply);
    return sendPage(reply, <StaffSignIn csrf={reply.generateCsrf()} />);
  });

  app.post(STAFF_SIGN_IN, { preHandler: app.csrfProtection }, async (_request, reply) => {
    let config: client.Configuration;
    try {
      config = await configuration();
    } catch (err) {
      console.error(`portal: the OpenID Connect provider's metadata could not be read (${describe(err)})`);
      return sendPage(reply, <Unreachable />, 503);
    }
    const flow: Flow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), until: Date.now() + FLOW_SECONDS * 1000 };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: provider.scope,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    void reply.setCookie(FLOW_COOKIE, seal(flow), { path: OIDC_CALLBACK, httpOnly: true, sameSite: 'lax', secure: settings.secureCookies, maxAge: FLOW_SECONDS });
    return reply.redirect(url.href, 303);
  });

  app.get(OIDC_CALLBACK, async (request, reply) => {
    // The flow is used once, whatever happens next.
    void reply.clearCookie(FLOW_COOKIE, { path: OIDC_CALLBACK });
    const query = request.query as Record<string, unknown>;
    const flow = unseal(request.cookies[FLOW_COOKIE]);
    if (!flow || typeof query.state !== 'string' || query.state !== flow.state) return refuse(reply, 'no-flow');
    if (query.error !== undefined) return refuse(reply, 'provider-refused');

    let claims: Record<string, unknown>;
    try {
      const config = await configuration();
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const tokens = await client.authorizationCodeGrant(config, new URL(`${redirectUri}${search}`), {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims()!;
      claims = { ...idToken };
      // Providers often keep the email address and custom claims out of the ID token of a code flow: the
      // userinfo endpoint has them (for the same subject: openid-client checks).
      if ((idToken.email === undefined || idToken[provider.roleClaim] === undefined) && config.serverMetadata().userinfo_endpoint)
        claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...idToken };
    } catch (err) {
      console.error(`portal: an OpenID Connect sign-in could not be completed (${describe(err)})`);
      return refuse(reply, 'failed');
    }

    const email = typeof claims.email === 'string' ? claims.email.trim() : '';
    if (!emailSchema.safeParse(email).success) return refuse(reply, 'no-email');
    if (claims.email_verified === false || claims.email_verified === 'false') return refuse(reply, 'email-unverified');
    const roles = rolesOf(claims[provider.roleClaim], provider);
    if (roles.length === 0) return refuse(reply, 'no-role');
    if (roles.length > 1) return refuse(reply, 'two-roles');

    const account = await staffFromProvider(sql, email, roles[0]!);
    if (!account) return refuse(reply, 'assister-address');
    const { member, added, roleWas } = account;
    // A sign-in always starts a new session: the browser's previous one (if any) ends.
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await endSession(sql, sha256(previous));
    await beginSession(reply, sql, settings, { staffId: member.id });
    await recordAudit(sql, { actor: actorOf(member), action: 'signed-in', detail: { by: 'oidc', ...(added && { added }), ...(roleWas && { roleWas, role: member.role }) } });
    return reply.redirect(HOME[member.role], 303);
  });
}

/** The PAL roles a claim's value names (a text, or a list of texts such as groups). */
function rolesOf(value: unknown, provider: OidcSettings): StaffRole[] {
  const values = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
  return STAFF_ROLES.filter((role) => values.includes(provider.roleValues[role]));
}

/**
 * The staff member the provider signed in, with the role it gives: added if new (a removed member is added again),
 * the role updated if it changed. Undefined for an address of an assister organization (staff need their own).
 */
async function staffFromProvider(sql: Sql, email: string, role: StaffRole): Promise<{ member: StaffMember; added?: true; roleWas?: StaffRole } | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const member = await staffForEmail(sql, email);
    if (member) {
      if (member.role === role) return { member };
      await sql`update staff set role = ${role} where id = ${member.id} and removed_at is null`;
      return { member: { ...member, role }, roleWas: member.role };
    }
    const made = await addStaff(sql, email, role, 'OpenID Connect');
    if (!('problem' in made)) return { member: made, added: true };
    // Refused: added by another sign-in at the same moment (found on the next round), or an assister's address.
  }
  return undefined;
}

/** An error's kind, for the log: never its message (it may carry a provider's response). */
const describe = (err: unknown) => (err instanceof Error ? [err.name, (err as { code?: unknown }).code, (err as { error?: unknown }).error].filter((x) => typeof x === 'string').join(' ') : 'error');

const REFUSALS: Record<Refusal, { status: number; title: string; text: string }> = {
  'no-flow': { status: 400, title: 'This sign-in has expired', text: 'It took too long, or it was not started in this browser. Nothing was changed. Start again.' },
  'provider-refused': { status: 403, title: 'Your organization did not sign you in', text: 'The sign-in was cancelled or refused by your organization’s sign-in service. Nothing was changed.' },
  failed: { status: 502, title: 'The sign-in could not be completed', text: 'Your organization’s sign-in service did not confirm who you are. Nothing was changed. Try again in a moment.' },
  'no-email': { status: 403, title: 'You cannot use PAL with this account', text: 'Your organization’s sign-in service did not give PAL an email address for you. Ask the people who run it to share your email address with PAL.' },
  'email-unverified': { status: 403, title: 'You cannot use PAL with this account', text: 'Your organization’s sign-in service has not confirmed your email address. Confirm it there, then try again.' },
  'no-role': { status: 403, title: 'You cannot use PAL with this account', text: 'Your organization account has no PAL role (contact center or coordinator). If you need PAL for your work, ask the people who run your organization’s sign-in service to give you one.' },
  'two-roles': { status: 403, title: 'You cannot use PAL with this account', text: 'Your organization account has both PAL roles (contact center and coordinator). Ask the people who run your organization’s sign-in service to give you one.' },
  'assister-address': { status: 403, title: 'You cannot use PAL with this account', text: 'Your email address belongs to an assister organization’s account in PAL. Staff need an address of their own.' },
};

function refuse(reply: FastifyReply, why: Refusal): FastifyReply {
  const { status, title, text } = REFUSALS[why];
  return sendPage(
    reply,
    <Page title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>You are not signed in.</p>
      <p>
        <a href={STAFF_SIGN_IN}>Back to staff sign-in</a>
      </p>
    </Page>,
    status,
  );
}

function StaffSignIn({ csrf }: { csrf: string }) {
  return (
    <Page title="Staff sign-in">
      <h1>Staff sign-in</h1>
      <p class="usa-intro">Marketplace staff sign in to PAL with the account they use at work.</p>
      <form method="post" action={STAFF_SIGN_IN}>
        <input type="hidden" name="_csrf" value={csrf} />
        <button class="usa-button" type="submit">
          Sign in with your organization account
        </button>
      </form>
      <p>
        Work at an assister organization? <a href="/portal/sign-in">Sign in with your email address</a>
      </p>
    </Page>
  );
}

function Unreachable() {
  return (
    <Page title="Your organization’s sign-in service cannot be reached">
      <h1>Your organization’s sign-in service cannot be reached</h1>
      <p>Nothing was changed. Try again in a moment.</p>
      <p>
        <a href={STAFF_SIGN_IN}>Back to staff sign-in</a>
      </p>
    </Page>
  );
}
