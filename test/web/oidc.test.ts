// Staff sign-in through OpenID Connect against a real provider (oidc-provider, in its own process): PAL sends the
// browser there with PKCE, state and nonce, and on its return verifies the ID token, reads the email address and the
// role claim, and signs the staff member in with the role the provider gives. Anyone without a PAL role, or a
// return PAL did not start, is refused and not signed in. Opening the sign-in page changes nothing.
import { freePort } from '../../client/devstack/ports';
import { oidcConfig, webConfig } from '../../platform/config';
import { addStaff, removeStaff, staffForEmail } from '../../store/staff';
import { startTestApi } from '../support/api';
import { Visitor } from '../support/browserless';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { signInAtProvider, startPalWithProvider, type TestProvider } from '../support/oidc-provider';
import { signInMailCount } from '../support/portal';
import { assister } from '../support/samples';

const secret = 'the-test-providers-client-secret-3f9a';
const accounts = {
  ana: { email: 'ana.oidc@mnsure.example.org', email_verified: true, pal_role: 'coordinator' },
  // A list claim (groups), of which one names a PAL role.
  ray: { email: 'ray.oidc@mnsure.example.org', email_verified: true, pal_role: ['marketplace-staff', 'contact-center'] },
  nora: { email: 'nora.oidc@mnsure.example.org', email_verified: true },
  uma: { email: 'uma.oidc@mnsure.example.org', email_verified: false, pal_role: 'coordinator' },
  both: { email: 'both.oidc@mnsure.example.org', email_verified: true, pal_role: ['coordinator', 'contact-center'] },
  navigator: { email: 'oidc-nav@assisters.example.org', email_verified: true, pal_role: 'contact-center' },
};

let t: LeadTestEnv;
let pal: Awaited<ReturnType<typeof startPalWithProvider>>;
let provider: TestProvider;
let base: string;

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('oidc-nav', '55106')]);
  pal = await startPalWithProvider(t, accounts, secret);
  ({ base, provider } = pal);
});
afterAll(async () => {
  await pal?.close();
  await t?.close();
});

/** Opens the staff sign-in page and presses its button: PAL's answer (the redirect to the provider). */
async function startSignIn(browser: Visitor) {
  const page = await browser.request('/staff/sign-in');
  expect(page.status).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)![1]!;
  return browser.request('/staff/sign-in', { form: { _csrf: csrf } });
}

/** The whole sign-in as `login` at the provider: PAL's answer to the provider's return. */
async function signInAs(login: keyof typeof accounts, browser = new Visitor(base)) {
  const started = await startSignIn(browser);
  const back = await signInAtProvider(browser, started.location!, login);
  return { browser, answer: await browser.request(back.pathname + back.search) };
}

const auditOf = (email: string) => t.sql<{ action: string; detail: Record<string, unknown> }[]>`
  select action, detail from audit_events where actor = (select 'staff:' || id from staff where email = ${email} and removed_at is null) order by id`;

test('the sign-in page has one button; opening it changes nothing, and its form needs its CSRF token', async () => {
  const browser = new Visitor(base);
  const page = await browser.request('/staff/sign-in');
  expect(page.status).toBe(200);
  expect(page.html).toContain('<h1>Staff sign-in</h1>');
  expect(page.html).toMatch(/<form method="post" action="\/staff\/sign-in">[\s\S]*Sign in with your organization account/);
  // The form leads to the provider: the page's CSP lets it (form-action applies to the redirect after the POST).
  const csp = (await fetch(new URL('/staff/sign-in', base))).headers.get('content-security-policy');
  expect(csp).toContain(`form-action 'self' ${provider.issuer}`);
  expect(page.setCookies.some((c) => c.startsWith('pal_oidc=') || c.startsWith('pal_session='))).toBe(false);
  expect(browser.cookie('pal_oidc')).toBeUndefined();
  const [staff] = await t.sql<{ count: number }[]>`select count(*)::int as count from staff`;
  expect(staff!.count).toBe(0);

  const forged = await browser.request('/staff/sign-in', { form: {} });
  expect(forged.status).toBe(403);
  expect(forged.location).toBeNull();
  expect(browser.cookie('pal_oidc')).toBeUndefined();
});

test('the button sends the browser to the provider with PKCE (S256), state and nonce; the flow stays in an HttpOnly cookie', async () => {
  const browser = new Visitor(base);
  const started = await startSignIn(browser);
  expect(started.status).toBe(303);
  const to = new URL(started.location!);
  expect(to.origin).toBe(provider.issuer);
  expect(to.searchParams.get('redirect_uri')).toBe(`${base}/staff/oidc/callback`);
  expect(to.searchParams.get('client_id')).toBe('pal');
  expect(to.searchParams.get('response_type')).toBe('code');
  expect(to.searchParams.get('code_challenge_method')).toBe('S256');
  expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(to.searchParams.get('state')).toBeTruthy();
  expect(to.searchParams.get('nonce')).toBeTruthy();
  expect(to.search).not.toContain(secret);
  const flow = started.setCookies.find((c) => c.startsWith('pal_oidc='))!;
  expect(flow).toMatch(/HttpOnly/i);
  expect(flow).toMatch(/Path=\/staff\/oidc\/callback/);
  expect(flow).toMatch(/Max-Age=600/);
  expect(flow).toMatch(/SameSite=Lax/i);
});

test("a coordinator at the provider is added as a coordinator, signed in with a fresh session, and lands on the Escalations queue", async () => {
  const { browser, answer } = await signInAs('ana');
  expect(answer.status).toBe(303);
  expect(answer.location).toBe('/coordinator');
  expect(browser.cookie('pal_session')).toBeTruthy();
  expect(browser.cookie('pal_oidc')).toBeUndefined();
  const staffPage = await browser.request('/coordinator/staff');
  expect(staffPage.status).toBe(200);
  expect(staffPage.html).toContain('ana.oidc@mnsure.example.org');
  expect(await staffForEmail(t.sql, accounts.ana.email)).toMatchObject({ role: 'coordinator' });
  expect(await auditOf(accounts.ana.email)).toEqual(
    expect.arrayContaining([{ action: 'signed-in', detail: { by: 'oidc', added: true } }, expect.objectContaining({ action: 'viewed-staff' })]),
  );
  const [row] = await t.sql<{ addedBy: string }[]>`select added_by as "addedBy" from staff where email = ${accounts.ana.email} and removed_at is null`;
  expect(row!.addedBy).toBe('OpenID Connect');

  // Signing in again from a signed-in browser (its form token from a page): a new session id, the old one ended;
  // the staff member is not added twice.
  const first = browser.cookie('pal_session')!;
  const again = await browser.request('/staff/sign-in', { form: { _csrf: /name="_csrf" value="([^"]+)"/.exec(staffPage.html)![1]! } });
  const back = await signInAtProvider(browser, again.location!, 'ana');
  expect((await browser.request(back.pathname + back.search)).location).toBe('/coordinator');
  expect(browser.cookie('pal_session')).not.toBe(first);
  expect((await browser.request('/coordinator/staff')).status).toBe(200);
  const old = await fetch(new URL('/coordinator/staff', base), { redirect: 'manual', headers: { cookie: `pal_session=${first}` } });
  expect(old.headers.get('location')).toBe('/portal/sign-in');
  const [rows] = await t.sql<{ count: number }[]>`select count(*)::int as count from staff where email = ${accounts.ana.email}`;
  expect(rows!.count).toBe(1);
  // A signed-in staff member opening the sign-in page goes to their start page.
  expect((await browser.request('/staff/sign-in')).location).toBe('/coordinator');

  // The provider decides who is staff: removed by a coordinator (signed out at once), the member is added again at
  // their next sign-in through the provider.
  const member = (await staffForEmail(t.sql, accounts.ana.email))!;
  expect(await removeStaff(t.sql, member.id, 'another coordinator')).toBe(true);
  expect((await browser.request('/coordinator/staff')).location).toBe('/portal/sign-in');
  const back2 = await signInAs('ana');
  expect(back2.answer.location).toBe('/coordinator');
  expect((await staffForEmail(t.sql, accounts.ana.email))!.id).not.toBe(member.id);
});

test('the provider is the source of truth for the role: a contact-center member lands on Intake, their role updated', async () => {
  // Added by a coordinator as a coordinator; the provider says contact center.
  await addStaff(t.sql, accounts.ray.email, 'coordinator', 'a coordinator');
  const { browser, answer } = await signInAs('ray');
  expect(answer.status).toBe(303);
  expect(answer.location).toBe('/intake');
  expect(await staffForEmail(t.sql, accounts.ray.email)).toMatchObject({ role: 'contact-center' });
  expect((await browser.request('/coordinator/staff')).status).toBe(403);
  expect(await auditOf(accounts.ray.email)).toEqual([{ action: 'signed-in', detail: { by: 'oidc', roleWas: 'coordinator', role: 'contact-center' } }]);
});

test.each([
  ['nora', 'without a role claim', /has no PAL role/],
  ['both', 'with both roles', /has both PAL roles/],
  ['uma', 'whose email address the provider has not verified', /has not confirmed your email address/],
  ['navigator', "with an assister organization's address", /belongs to an assister organization/],
] as const)('someone %s (%s) is refused: a page that says why, no session, no staff account', async (login, _why, says) => {
  const { browser, answer } = await signInAs(login);
  expect(answer.status).toBe(403);
  expect(answer.html).toContain('You cannot use PAL with this account');
  expect(answer.html).toMatch(says);
  expect(answer.html).toContain('You are not signed in.');
  expect(browser.cookie('pal_session')).toBeUndefined();
  expect(await staffForEmail(t.sql, accounts[login].email)).toBeUndefined();
  expect((await browser.request('/intake')).location).toBe('/portal/sign-in');
});

test('a return PAL did not start is refused: a wrong state, no flow cookie, or a flow already used', async () => {
  const browser = new Visitor(base);
  const started = await startSignIn(browser);
  const back = await signInAtProvider(browser, started.location!, 'ana');
  const wrongState = new URLSearchParams(back.search);
  wrongState.set('state', 'not-the-state-pal-sent');
  // Another browser (no flow cookie) with the right return.
  const stranger = await new Visitor(base).request(back.pathname + back.search);
  expect(stranger.status).toBe(400);
  expect(stranger.html).toContain('This sign-in has expired');
  const wrong = await browser.request(`${back.pathname}?${wrongState}`);
  expect(wrong.status).toBe(400);
  expect(browser.cookie('pal_session')).toBeUndefined();
  // The flow was used by that attempt: the right return no longer signs in either.
  const replayed = await browser.request(back.pathname + back.search);
  expect(replayed.status).toBe(400);
  expect(browser.cookie('pal_session')).toBeUndefined();
  const missing = await browser.request('/staff/oidc/callback?code=x');
  expect(missing.status).toBe(400);
});

test('a forged flow cookie is refused', async () => {
  const browser = new Visitor(base);
  const started = await startSignIn(browser);
  const back = await signInAtProvider(browser, started.location!, 'ana');
  const state = back.searchParams.get('state')!;
  const forged = Buffer.from(JSON.stringify({ state, nonce: 'n', verifier: 'v'.repeat(43), until: Date.now() + 60_000 })).toString('base64url');
  const res = await fetch(new URL(back.pathname + back.search, base), { redirect: 'manual', headers: { cookie: `pal_oidc=${forged}.AAAA` } });
  expect(res.status).toBe(400);
  expect(res.headers.getSetCookie().some((c) => c.startsWith('pal_session='))).toBe(false);
});

test('a sign-in the provider refuses (the person cancelled) says so and signs no one in', async () => {
  const browser = new Visitor(base);
  const started = await startSignIn(browser);
  const state = new URL(started.location!).searchParams.get('state')!;
  const answer = await browser.request(`/staff/oidc/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(provider.issuer)}`);
  expect(answer.status).toBe(403);
  expect(answer.html).toContain('Your organization did not sign you in');
  expect(browser.cookie('pal_session')).toBeUndefined();
});

test('with OIDC, the email sign-in is for assisters only: a staff address gets the same answer and no email, and the page points staff to their sign-in', async () => {
  const member = await addStaff(t.sql, 'email-only@mnsure.example.org', 'coordinator', 'test');
  if ('problem' in member) throw new Error(member.problem);
  const browser = new Visitor(base);
  const page = await browser.request('/portal/sign-in');
  expect(page.html).toContain('href="/staff/sign-in"');
  const asked = await browser.submit('/portal/sign-in', '/portal/sign-in', { email: 'email-only@mnsure.example.org' });
  expect(asked.status).toBe(200);
  expect(asked.html).toContain('Check your email');
  const [request] = await t.sql<{ staffId: number | null }[]>`select staff_id as "staffId" from portal_sign_ins where email = 'email-only@mnsure.example.org'`;
  expect(request).toEqual({ staffId: null });
  await new Promise((r) => setTimeout(r, 300));
  expect(await signInMailCount('email-only@mnsure.example.org')).toBe(0);
});

test('without OIDC, the staff sign-in addresses lead to the email sign-in', async () => {
  const plain = await startTestApi(t, { mailer: t.mailer, web: webConfig({}) });
  try {
    const browser = new Visitor(plain.url);
    expect((await browser.request('/staff/sign-in')).location).toBe('/portal/sign-in');
    expect((await browser.request('/staff/oidc/callback?code=x&state=y')).location).toBe('/portal/sign-in');
  } finally {
    await plain.close();
  }
});

test("a provider that cannot be reached: the page still opens, and its button says so and changes nothing", async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const down = await startTestApi(t, { mailer: t.mailer, web: webConfig({}), oidc: oidcConfig({ PAL_OIDC_ISSUER: closed, PAL_OIDC_CLIENT_ID: 'pal', PAL_OIDC_CLIENT_SECRET: secret })! });
  const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const browser = new Visitor(down.url);
    const answer = await startSignIn(browser);
    expect(answer.status).toBe(503);
    expect(answer.html).toContain('sign-in service cannot be reached');
    expect(browser.cookie('pal_oidc')).toBeUndefined();
    expect(logged.mock.calls.flat().join(' ')).toMatch(/^portal: the OpenID Connect provider's metadata could not be read \(\w+/);
    expect(logged.mock.calls.flat().join(' ')).not.toContain(secret);
  } finally {
    logged.mockRestore();
    await down.close();
  }
});

test('OIDC configuration is all or nothing, with clear messages that never repeat the secret', () => {
  expect(oidcConfig({})).toBeUndefined();
  expect(oidcConfig({ PAL_OIDC_ISSUER: 'https://login.example.org/realms/mn', PAL_OIDC_CLIENT_ID: 'pal', PAL_OIDC_CLIENT_SECRET: secret })).toEqual({
    issuer: 'https://login.example.org/realms/mn',
    insecure: false,
    clientId: 'pal',
    clientSecret: secret,
    roleClaim: 'pal_role',
    roleValues: { coordinator: 'coordinator', 'contact-center': 'contact-center' },
    scope: 'openid email',
  });
  expect(
    oidcConfig({
      PAL_OIDC_ISSUER: 'https://login.example.org',
      PAL_OIDC_CLIENT_ID: 'pal',
      PAL_OIDC_CLIENT_SECRET: secret,
      PAL_OIDC_ROLE_CLAIM: 'groups',
      PAL_OIDC_COORDINATOR_VALUE: 'pal-coordinators',
      PAL_OIDC_CONTACT_CENTER_VALUE: 'pal-contact-center',
      PAL_OIDC_SCOPES: 'openid  email groups',
    }),
  ).toMatchObject({ roleClaim: 'groups', roleValues: { coordinator: 'pal-coordinators', 'contact-center': 'pal-contact-center' }, scope: 'openid email groups' });

  const problems = (env: Record<string, string>) => {
    try {
      oidcConfig(env);
    } catch (err) {
      const message = (err as Error).message;
      expect(message).not.toContain(secret);
      return message;
    }
    throw new Error('no configuration error');
  };
  expect(problems({ PAL_OIDC_ISSUER: 'https://login.example.org' })).toMatch(
    /Invalid OpenID Connect configuration:\n {2}PAL_OIDC_CLIENT_ID: is required with PAL_OIDC_ISSUER \(the client id PAL has at the provider\)\n {2}PAL_OIDC_CLIENT_SECRET: is required with PAL_OIDC_ISSUER/,
  );
  expect(problems({ PAL_OIDC_CLIENT_ID: 'pal', PAL_OIDC_CLIENT_SECRET: secret })).toMatch(/PAL_OIDC_ISSUER: is required with PAL_OIDC_CLIENT_ID and PAL_OIDC_CLIENT_SECRET \(the provider's issuer URL\)/);
  expect(problems({ PAL_OIDC_ISSUER: `not a url ${secret}`, PAL_OIDC_CLIENT_ID: 'pal', PAL_OIDC_CLIENT_SECRET: secret })).toMatch(/PAL_OIDC_ISSUER: must be a URL/);
  expect(problems({ PAL_OIDC_ISSUER: 'http://login.example.org', PAL_OIDC_CLIENT_ID: 'pal', PAL_OIDC_CLIENT_SECRET: secret })).toMatch(/PAL_OIDC_ISSUER: must be an https:\/\/ URL \(http:\/\/ only on loopback/);
  expect(oidcConfig({ PAL_OIDC_ISSUER: 'http://127.0.0.1:9000', PAL_OIDC_CLIENT_ID: 'pal', PAL_OIDC_CLIENT_SECRET: secret })).toMatchObject({ insecure: true });
  expect(problems({ PAL_OIDC_ROLE_CLAIM: 'groups' })).toMatch(/PAL_OIDC_ROLE_CLAIM: is set, but PAL_OIDC_ISSUER, PAL_OIDC_CLIENT_ID and PAL_OIDC_CLIENT_SECRET are not/);
  expect(
    problems({ PAL_OIDC_ISSUER: 'https://login.example.org', PAL_OIDC_CLIENT_ID: 'pal', PAL_OIDC_CLIENT_SECRET: secret, PAL_OIDC_COORDINATOR_VALUE: 'staff', PAL_OIDC_CONTACT_CENTER_VALUE: 'staff' }),
  ).toMatch(/PAL_OIDC_CONTACT_CENTER_VALUE: must differ from PAL_OIDC_COORDINATOR_VALUE/);
  expect(problems({ PAL_OIDC_ISSUER: 'https://login.example.org', PAL_OIDC_CLIENT_ID: 'pal', PAL_OIDC_CLIENT_SECRET: secret, PAL_OIDC_SCOPES: 'email' })).toMatch(/PAL_OIDC_SCOPES: must include openid/);
});
