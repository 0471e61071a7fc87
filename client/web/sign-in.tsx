// Signing in to the portal by email: a single-use link, valid 15 minutes, that signs in the browser that asked
// (a cookie set when asking), and a short code for another device. Opening a link changes nothing (mail scanners
// open links first): its page has one button that posts. No answer reveals whether an address has an account.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Mailer } from '../../activities/mailer';
import { sendOnce } from '../../activities/outbox';
import { clientKey } from '../../domain/client-key';
import { recordAudit } from '../../store/audit';
import type { Sql } from '../../store/database';
import { personById, personForEmail } from '../../store/portal-people';
import { askSignIn, signInByCode, signInByToken, useSignIn, type CodeLimits, type SignInLimits, type SignInRequest } from '../../store/portal-sessions';
import { staffById, staffForEmail } from '../../store/staff';
import { homeOf } from './access';
import { staffUseOidc, STAFF_SIGN_IN } from './oidc';
import type { OidcSettings } from '../../platform/config';
import { ErrorSummary, Page, TextField, type FieldError } from './layout';
import { sendPage } from './render';
import { actorOf, afterSignIn, beginSession, HOME, finishSession, newSecret, sha256, type WebSettings } from './session';

const BROWSER_COOKIE = 'pal_sign_in';
/**
 * Limits in 15 minutes, enough for a person and too few for flooding or guessing. A client is refused (429) past
 * its own limits, per address and in all; what all clients together ask for one address is capped only loosely,
 * and past that cap nothing is mailed, with the same answer: no client can lock a person out by asking for them.
 */
const LIMIT_WINDOW_SECONDS = 15 * 60;
const REQUEST_LIMITS: SignInLimits = { windowSeconds: LIMIT_WINDOW_SECONDS, perAddressAndClient: 5, perClient: 20, perAddress: 20 };
/**
 * Wrong codes: five per address from a client, and 50 per address from all clients together. A code is 40 bits
 * (8 characters of 32): 50 tries in 15 minutes against an address's open codes (at most 20 mailed in that time,
 * with 15-minute links) find one about once in a billion.
 */
const CODE_LIMITS: CodeLimits = { windowSeconds: LIMIT_WINDOW_SECONDS, perAddressAndClient: 5, perAddress: 50 };
// Crockford's alphabet: no I, L, O or U, so a code read aloud or typed is not mistaken.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const newCode = () => Array.from(randomBytes(8), (b) => CODE_ALPHABET[b & 31]).join('');
const normalizeCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
const emailSchema = z.email();

export interface SignInDeps {
  sql: Sql;
  mailer?: Mailer;
  settings: WebSettings;
  /** With OpenID Connect, staff sign in there (./oidc.tsx): this page is then for assisters only. */
  oidc?: OidcSettings;
}

function SignInForm({ csrf, email, error, staffElsewhere }: { csrf: string; email?: string; error?: string; staffElsewhere?: boolean }) {
  const errors: FieldError[] = error ? [{ field: 'email', message: error }] : [];
  return (
    <Page title="Sign in to PAL" error={!!error}>
      <ErrorSummary errors={errors} />
      <h1>Sign in to PAL</h1>
      <p class="usa-intro">Enter the email address your organization uses with PAL. We will email you a link to sign in.</p>
      <form class="usa-form" method="post" action="/portal/sign-in" novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <TextField id="email" label="Email address" type="email" autocomplete="email" value={email} error={error} />
        <button class="usa-button" type="submit">
          Email me a sign-in link
        </button>
      </form>
      <p>
        <a href="/portal/sign-in/code">I have a sign-in code</a>
      </p>
      {staffElsewhere && (
        <p>
          Marketplace staff: <a href={STAFF_SIGN_IN}>sign in with your organization account</a>
        </p>
      )}
    </Page>
  );
}

function CodeForm({ csrf, email, errors = [] }: { csrf: string; email?: string; errors?: FieldError[] }) {
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <Page title="Enter your sign-in code" error={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <h1>Enter your sign-in code</h1>
      <p class="usa-intro">The email with your sign-in link also has a code. Use it to sign in on this device.</p>
      <form class="usa-form" method="post" action="/portal/sign-in/code" novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <TextField id="email" label="Email address" type="email" autocomplete="email" value={email} error={errorFor('email')} />
        <TextField id="code" label="Sign-in code" autocomplete="one-time-code" hint="8 letters and numbers, for example 4K7Q-2M9X" error={errorFor('code')} />
        <button class="usa-button" type="submit">
          Sign in
        </button>
      </form>
    </Page>
  );
}

function Message({ title, heading = title, children }: { title: string; heading?: string; children: preact.ComponentChildren }) {
  return (
    <Page title={title}>
      <h1>{heading}</h1>
      {children}
    </Page>
  );
}

const clientOf = (request: FastifyRequest) => clientKey(request.ip);

export function signInRoutes(app: FastifyInstance, deps: SignInDeps): void {
  const { sql, mailer, settings } = deps;
  const staffByEmail = !staffUseOidc(deps);
  const minutes = Math.round(settings.signInLinkSeconds / 60);

  app.get('/portal/sign-in', async (request, reply) => {
    const home = homeOf(request);
    if (home) return reply.redirect(home, 303);
    return sendPage(reply, <SignInForm csrf={reply.generateCsrf()} staffElsewhere={!staffByEmail} />);
  });

  app.post('/portal/sign-in', { preHandler: app.csrfProtection }, async (request, reply) => {
    const email = String((request.body as { email?: unknown })?.email ?? '').trim();
    if (!emailSchema.safeParse(email).success)
      return sendPage(reply, <SignInForm csrf={reply.generateCsrf()} staffElsewhere={!staffByEmail} email={email} error="Enter an email address like name@example.org" />, 400);
    // Staff first: an address is either staff or an assister's (store/staff refuses an assister's address).
    const staff = staffByEmail ? await staffForEmail(sql, email) : undefined;
    const person = staff ? undefined : await personForEmail(sql, email);
    const browser = newSecret();
    const token = newSecret();
    const code = newCode();
    const asked = await askSignIn(
      sql,
      {
        email,
        personId: person?.id,
        staffId: staff?.id,
        tokenSha256: sha256(token),
        codeSha256: sha256(code),
        browserSha256: sha256(browser),
        client: clientOf(request),
        expiresAt: new Date(Date.now() + settings.signInLinkSeconds * 1000),
      },
      REQUEST_LIMITS,
    );
    if (!asked) {
      void reply.header('retry-after', String(LIMIT_WINDOW_SECONDS));
      return sendPage(reply, <Message title="Too many sign-in requests"><p>Please wait 15 minutes, then ask for a new sign-in link.</p></Message>, 429);
    }
    void reply.setCookie(BROWSER_COOKIE, browser, { path: '/portal/sign-in', httpOnly: true, sameSite: 'lax', secure: settings.secureCookies, maxAge: settings.signInLinkSeconds });
    // Only an address with an account gets mail, and only below the address's cap; the answer is the same either way.
    // The answer does not wait for the mail (its time would tell which addresses have an account).
    const account = staff ?? person;
    if (account && asked.mailed && mailer) {
      const link = `${settings.publicUrl}/portal/sign-in/link?token=${token}`;
      void sendOnce(sql, mailer, `sign-in/${asked.id}`, {
        to: account.email,
        subject: 'Your PAL sign-in link',
        text: [
          'To sign in to PAL in the browser where you asked, open this link:',
          link,
          '',
          `To sign in on another device, enter this code: ${code.slice(0, 4)}-${code.slice(4)}`,
          '',
          `The link and the code work once, for ${minutes} minutes. If you did not ask to sign in, ignore this email.`,
        ].join('\n'),
      }).catch(() => console.error('portal: sign-in email not sent yet (kept in the outbox)'));
    }
    return sendPage(
      reply,
      <Message title="Check your email">
        <p>If {email} has a PAL account, we sent it a sign-in link. The link works once, for {minutes} minutes, in this browser.</p>
        <p>On another device, <a href="/portal/sign-in/code">enter the code</a> from the email instead.</p>
      </Message>,
    );
  });

  // Opening the link changes nothing: a mail scanner may open it first.
  app.get('/portal/sign-in/link', async (request, reply) => {
    const token = String((request.query as { token?: unknown }).token ?? '');
    return sendPage(
      reply,
      <Message title="Sign in to PAL">
        <p>Select Sign in to finish signing in.</p>
        <form method="post" action="/portal/sign-in/link">
          <input type="hidden" name="_csrf" value={reply.generateCsrf()} />
          <input type="hidden" name="token" value={token} />
          <button class="usa-button" type="submit">
            Sign in
          </button>
        </form>
      </Message>,
    );
  });

  app.post('/portal/sign-in/link', { preHandler: app.csrfProtection }, async (request, reply) => {
    const token = String((request.body as { token?: unknown })?.token ?? '');
    const signIn = token ? await signInByToken(sql, sha256(token)) : undefined;
    if (!signIn || signIn.usedAt || signIn.expiresAt <= new Date() || !(signIn.personId || signIn.staffId))
      return sendPage(reply, <Message title="This sign-in link no longer works"><p>Sign-in links work once, for {minutes} minutes. <a href="/portal/sign-in">Ask for a new sign-in link</a>.</p></Message>, 410);
    const browser = request.cookies[BROWSER_COOKIE];
    if (!signIn.anyBrowser && (!browser || sha256(browser) !== signIn.browserSha256))
      return sendPage(
        reply,
        <Message title="Use the browser where you asked">
          <p>This link signs in only the browser where you asked for it. On this device, <a href="/portal/sign-in/code">enter the sign-in code</a> from the same email.</p>
        </Message>,
        403,
      );
    return signInAccount(request, reply, signIn, 'link');
  });

  app.get('/portal/sign-in/code', async (_request, reply) => sendPage(reply, <CodeForm csrf={reply.generateCsrf()} />));

  app.post('/portal/sign-in/code', { preHandler: app.csrfProtection }, async (request, reply) => {
    const body = (request.body ?? {}) as { email?: unknown; code?: unknown };
    const email = String(body.email ?? '').trim();
    const code = normalizeCode(String(body.code ?? ''));
    const errors: FieldError[] = [];
    if (!emailSchema.safeParse(email).success) errors.push({ field: 'email', message: 'Enter an email address like name@example.org' });
    if (!/^[0-9A-Z]{8}$/.test(code)) errors.push({ field: 'code', message: 'Enter the 8-character code from the sign-in email' });
    const signIn = errors.length ? undefined : await signInByCode(sql, email, clientOf(request), sha256(code), CODE_LIMITS);
    if (!errors.length && !(signIn?.personId || signIn?.staffId)) errors.push({ field: 'code', message: 'This code is not right, or it has expired. Check the email, or ask for a new sign-in link' });
    if (errors.length || !signIn) return sendPage(reply, <CodeForm csrf={reply.generateCsrf()} email={email} errors={errors} />, 400);
    return signInAccount(request, reply, signIn, 'code');
  });

  async function signInAccount(request: FastifyRequest, reply: FastifyReply, signIn: SignInRequest, by: 'link' | 'code') {
    // Someone removed (or a contact point replaced) since asking is not signed in.
    // Links and codes sent to staff before OpenID Connect was switched on no longer sign them in.
    const account = signIn.staffId ? (staffByEmail ? await staffById(sql, signIn.staffId) : undefined) : signIn.personId ? await personById(sql, signIn.personId) : undefined;
    if (!account || !(await useSignIn(sql, signIn)))
      return sendPage(reply, <Message title="This sign-in link no longer works"><p><a href="/portal/sign-in">Ask for a new sign-in link</a>.</p></Message>, 410);
    await finishSession(request, reply, sql);
    await beginSession(reply, sql, settings, 'assisterId' in account ? { personId: account.id } : { staffId: account.id });
    await recordAudit(sql, { actor: actorOf(account), assisterId: 'assisterId' in account ? account.assisterId : undefined, action: 'signed-in', detail: { by } });
    void reply.clearCookie(BROWSER_COOKIE, { path: '/portal/sign-in' });
    return reply.redirect(afterSignIn(request, reply, 'assisterId' in account ? HOME.assister : HOME[account.role]), 303);
  }

  // The idle warning's Stay signed in: the request itself keeps the session (loadSessions touched it).
  app.post('/portal/session/keep', { preHandler: app.csrfProtection }, async (request, reply) => reply.code(request.person || request.staff ? 204 : 401).send());

  app.post('/portal/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
    const account = request.person ?? request.staff;
    await finishSession(request, reply, sql);
    if (account) await recordAudit(sql, { actor: actorOf(account), assisterId: 'assisterId' in account ? account.assisterId : undefined, action: 'signed-out' });
    return sendPage(reply, <Message title="You are signed out"><p><a href="/portal/sign-in">Sign in again</a></p></Message>);
  });
}
