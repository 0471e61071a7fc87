// Signing in to the portal, over HTTP: links that change nothing when opened, single use, bound to the browser that
// asked (a code for another device), CSRF on every form, cookie flags, sign-out, rate limits per client that no other
// client can use to lock a person out (also in parallel), and answers that never say whether an address has an account.
import { request as httpRequest } from 'node:http';
import { webConfig } from '../../platform/config';
import { startTestApi } from '../support/api';
import { csrfOf, Visitor } from '../support/browserless';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister } from '../support/samples';
import { nextSignInMail, signInMailCount as sentTo } from '../support/portal';

let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
const contactPoint = 'si-nav-a@assisters.example.org';

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters(['si-nav-a', 'si-nav-b', 'si-nav-c', 'si-nav-d', 'si-nav-e', 'si-nav-f'].map((id) => assister(id, '55401')));
  server = await startTestApi(t, { mailer: t.mailer });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

/** A request from another loopback address (127.0.0.2 and on): another client to PAL than a Visitor (127.0.0.1). */
function requestFrom(ip: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; setCookies: string[]; html: string }>((resolve, reject) => {
    const req = httpRequest(new URL(path, server.url), { method: body === undefined ? 'GET' : 'POST', localAddress: ip, headers }, (res) => {
      let html = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (html += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, setCookies: res.headers['set-cookie'] ?? [], html }));
    });
    req.on('error', reject).end(body);
  });
}

/** Another client, at `ip`: it reads the form's CSRF token once, then posts forms with it. */
async function clientAt(ip: string) {
  const page = await requestFrom(ip, '/portal/sign-in');
  const cookie = page.setCookies.map((c) => c.split(';')[0]).join('; ');
  const csrf = csrfOf(page.html);
  return (path: string, fields: Record<string, string>) =>
    requestFrom(ip, path, { cookie, 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ _csrf: csrf, ...fields }).toString());
}
const signInWithLink = (visitor: Visitor, link: URL) => visitor.submit(link.pathname + link.search, '/portal/sign-in/link', { token: link.searchParams.get('token')! });

test('the link signs in only the browser that asked, once, and only when its button is pressed', async () => {
  const browser = new Visitor(server.url);
  const before = await sentTo(contactPoint);
  const asked = await browser.submit('/portal/sign-in', '/portal/sign-in', { email: contactPoint });
  expect(asked.status).toBe(200);
  expect(asked.html).toContain('Check your email');
  const { link: url } = await nextSignInMail(contactPoint, before);
  const link = url.href;
  const path = url.pathname + url.search;

  // A mail scanner opens the link: a page with one button, nothing used.
  const scanner = new Visitor(server.url);
  const opened = await scanner.request(path);
  expect(opened.status).toBe(200);
  expect(opened.html).toMatch(/<button[^>]*type="submit"[^>]*>Sign in<\/button>/);
  expect(await t.sql`select 1 from portal_sign_ins where email = ${contactPoint} and used_at is not null`).toHaveLength(0);
  // Another browser pressing it is refused and told to use the code; the link still works where it was asked.
  const other = await scanner.submit(path, '/portal/sign-in/link', { token: new URL(link).searchParams.get('token')! });
  expect(other.status).toBe(403);
  expect(other.html).toContain('Use the browser where you asked');
  // No CSRF token: refused, nothing used.
  expect((await browser.request('/portal/sign-in/link', { form: { token: new URL(link).searchParams.get('token')! } })).status).toBe(403);

  const signedIn = await browser.submit(path, '/portal/sign-in/link', { token: new URL(link).searchParams.get('token')! });
  expect(signedIn.status).toBe(303);
  expect(signedIn.location).toBe('/portal');
  const session = signedIn.setCookies.find((c) => c.startsWith('pal_session='))!;
  expect(session).toMatch(/HttpOnly/i);
  expect(session).toMatch(/SameSite=Lax/i);
  expect(session).toMatch(/Path=\//);
  expect(session).not.toMatch(/Secure/); // plain HTTP on loopback here; Secure whenever PAL_PUBLIC_URL is https
  // A browser-session cookie: closing the browser (a shared computer) ends it; the server keeps the idle and maximum times.
  expect(session).not.toMatch(/Max-Age|Expires/i);
  const [stored] = await t.sql<{ id_sha256: string }[]>`select id_sha256 from portal_sessions order by created_at desc limit 1`;
  expect(stored!.id_sha256).not.toBe(browser.cookie('pal_session'));
  expect((await browser.request('/portal')).html).toContain('<h1>Your leads</h1>');

  // Used once: pressing again is refused.
  expect((await browser.submit(path, '/portal/sign-in/link', { token: new URL(link).searchParams.get('token')! })).status).toBe(410);

  // Signed-in pages carry the idle warning (hidden; its script shows it) and say when sessions end; Stay signed in
  // posts with the page's CSRF token.
  const portal = await browser.request('/portal');
  expect(portal.html).toMatch(/<div id="session-warning"[^>]*data-idle-seconds="1800"[^>]*hidden/);
  expect(portal.html).toContain('PAL signs you out after 30 minutes without use');
  expect((await browser.request('/portal/session/keep', { form: {} })).status).toBe(403);
  expect((await browser.request('/portal/session/keep', { form: { _csrf: /name="_csrf" value="([^"]+)"/.exec(portal.html)![1]! } })).status).toBe(204);

  // Signing out ends the session; the same cookie no longer opens the portal.
  const session1 = browser.cookie('pal_session')!;
  expect((await browser.request('/portal/sign-out', { form: { _csrf: /name="_csrf" value="([^"]+)"/.exec(portal.html)![1]! } })).html).toContain('You are signed out');
  const replay = new Visitor(server.url);
  (replay as unknown as { cookies: Map<string, string> }).cookies.set('pal_session', session1);
  const after = await replay.request('/portal');
  expect(after.status).toBe(303);
  expect(after.location).toBe('/portal/sign-in');
  expect((await replay.submit('/portal/sign-in', '/portal/session/keep', {})).status).toBe(401);
  const trail = await t.sql<{ action: string }[]>`
    select a.action from audit_events a join portal_people p on a.actor = 'person:' || p.id where lower(p.email) = lower(${contactPoint}) order by a.id`;
  expect(trail.map((r) => r.action)).toEqual(expect.arrayContaining(['signed-in', 'signed-out']));
});

test('an expired link no longer signs in, and asks for a new one', async () => {
  const browser = new Visitor(server.url);
  const before = await sentTo(contactPoint);
  await browser.submit('/portal/sign-in', '/portal/sign-in', { email: contactPoint });
  const { link } = await nextSignInMail(contactPoint, before);
  await t.sql`update portal_sign_ins set expires_at = now() - interval '1 second' where lower(email) = ${contactPoint} and used_at is null`;
  const late = await browser.submit(link.pathname + link.search, '/portal/sign-in/link', { token: link.searchParams.get('token')! });
  expect(late.status).toBe(410);
  expect(late.html).toContain('This sign-in link no longer works');
  expect(browser.cookie('pal_session')).toBeUndefined();
});

test('behind an https PAL_PUBLIC_URL every cookie is Secure', async () => {
  const secure = await startTestApi(t, { mailer: t.mailer, web: webConfig({ PAL_PUBLIC_URL: 'https://pal.example.org' }) });
  try {
    const page = await new Visitor(secure.url).request('/portal/sign-in');
    expect(page.setCookies.length).toBeGreaterThan(0);
    for (const c of page.setCookies) expect(c).toMatch(/;\s*Secure/i);
  } finally {
    await secure.close();
  }
});

test('the code signs in on another device; wrong codes are counted', async () => {
  const phone = new Visitor(server.url);
  const before = await sentTo(contactPoint);
  await new Visitor(server.url).submit('/portal/sign-in', '/portal/sign-in', { email: contactPoint });
  const { code } = await nextSignInMail(contactPoint, before);
  const wrong = await phone.submit('/portal/sign-in/code', '/portal/sign-in/code', { email: contactPoint, code: 'ZZZZ-ZZZZ' });
  expect(wrong.status).toBe(400);
  expect(wrong.html).toContain('<title>Error: Enter your sign-in code | PAL</title>');
  expect(wrong.html).toContain('This code is not right');
  const right = await phone.submit('/portal/sign-in/code', '/portal/sign-in/code', { email: contactPoint, code: code.toLowerCase() });
  expect(right.status).toBe(303);
  expect((await phone.request('/portal')).html).toContain('Your leads');
});

test('an address without an account gets the same answer and no email; requests are limited per address and client', async () => {
  const stranger = 'nobody@example.org';
  const answer = await new Visitor(server.url).submit('/portal/sign-in', '/portal/sign-in', { email: stranger });
  expect(answer.status).toBe(200);
  expect(answer.html.replace(stranger, 'X')).toBe((await new Visitor(server.url).submit('/portal/sign-in', '/portal/sign-in', { email: 'si-nav-b@assisters.example.org' })).html.replace('si-nav-b@assisters.example.org', 'X'));
  await new Promise((r) => setTimeout(r, 500));
  expect(await sentTo(stranger)).toBe(0);
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await new Visitor(server.url).submit('/portal/sign-in', '/portal/sign-in', { email: stranger })).status);
  expect(statuses).toEqual([200, 200, 200, 200, 429]); // five an address from a client in 15 minutes
  // Another client may still ask for the address.
  expect((await (await clientAt('127.0.0.2'))('/portal/sign-in', { email: stranger })).status).toBe(200);
  // An address that is not one is refused beside its field, what was typed kept.
  const typo = await new Visitor(server.url).submit('/portal/sign-in', '/portal/sign-in', { email: 'ana at example' });
  expect(typo.status).toBe(400);
  expect(typo.html).toContain('value="ana at example"');
  expect(typo.html).toContain('<title>Error: Sign in to PAL | PAL</title>');
});

test('a client gets five code tries for an address in 15 minutes; asking for more links does not reset them', async () => {
  const email = 'si-nav-b@assisters.example.org';
  await t.sql`update portal_sign_ins set used_at = now() where lower(email) = ${email}`;
  const before = await sentTo(email);
  await new Visitor(server.url).submit('/portal/sign-in', '/portal/sign-in', { email });
  const { code } = await nextSignInMail(email, before);
  const guesser = new Visitor(server.url);
  for (let i = 0; i < 4; i++) expect((await guesser.submit('/portal/sign-in/code', '/portal/sign-in/code', { email, code: '0000-0000' })).status).toBe(400);
  // A new link for the same address opens a new request, but the tries already made still count.
  await new Visitor(server.url).submit('/portal/sign-in', '/portal/sign-in', { email });
  expect((await guesser.submit('/portal/sign-in/code', '/portal/sign-in/code', { email, code: '0000-0000' })).status).toBe(400);
  expect((await guesser.submit('/portal/sign-in/code', '/portal/sign-in/code', { email, code })).status).toBe(400);
});

test("another client's flood does not lock the person out: their own browser still asks, and signs in by link and by code", async () => {
  const email = 'si-nav-c@assisters.example.org';
  const flooder = await clientAt('127.0.0.3');
  const asked: number[] = [];
  for (let i = 0; i < 7; i++) asked.push((await flooder('/portal/sign-in', { email })).status);
  expect(asked).toEqual([200, 200, 200, 200, 200, 429, 429]);
  for (let i = 0; i < 7; i++) expect((await flooder('/portal/sign-in/code', { email, code: '0000-0000' })).status).toBe(400);
  // The flood's mail has arrived, so the next one is the person's.
  const flooded = await eventually(() => sentTo(email), (n) => n === 5);

  const browser = new Visitor(server.url);
  expect((await browser.submit('/portal/sign-in', '/portal/sign-in', { email })).status).toBe(200);
  const { link } = await nextSignInMail(email, flooded);
  expect((await signInWithLink(browser, link)).location).toBe('/portal');

  // Asked in another browser, the code signs in on the phone.
  const before = await sentTo(email);
  expect((await new Visitor(server.url).submit('/portal/sign-in', '/portal/sign-in', { email })).status).toBe(200);
  const { code } = await nextSignInMail(email, before);
  const phone = new Visitor(server.url);
  expect((await phone.submit('/portal/sign-in/code', '/portal/sign-in/code', { email, code })).status).toBe(303);
  expect((await phone.request('/portal')).html).toContain('Your leads');
});

test('past 20 requests for an address from all clients together, the answer is the same and no more mail goes out', async () => {
  const email = 'si-nav-d@assisters.example.org';
  for (const n of [1, 2, 3, 4]) {
    const client = await clientAt(`127.0.1.${n}`);
    for (let i = 0; i < 5; i++) expect((await client('/portal/sign-in', { email })).status).toBe(200);
  }
  const mailed = await eventually(() => sentTo(email), (n) => n === 20);
  expect(mailed).toBe(20);
  const late = await (await clientAt('127.0.1.5'))('/portal/sign-in', { email });
  expect(late.status).toBe(200);
  const usual = await (await clientAt('127.0.1.6'))('/portal/sign-in', { email: 'si-nav-e@assisters.example.org' });
  expect(late.html.replace(email, 'X')).toBe(usual.html.replace('si-nav-e@assisters.example.org', 'X'));
  await new Promise((r) => setTimeout(r, 500));
  expect(await sentTo(email)).toBe(20);
  // Recorded (it counts for its client) without the account: nothing can sign in with it.
  const [last] = await t.sql<{ person_id: string | null }[]>`select person_id from portal_sign_ins where email = ${email} order by id desc limit 1`;
  expect(last!.person_id).toBeNull();
});

test('parallel requests cannot overrun the limits: per address and client, per client, and wrong codes', async () => {
  const email = 'si-nav-e@assisters.example.org';
  const one = await clientAt('127.0.2.10');
  const asked = await Promise.all(Array.from({ length: 60 }, () => one('/portal/sign-in', { email })));
  expect(asked.filter((r) => r.status === 200)).toHaveLength(5);
  expect(asked.filter((r) => r.status === 429)).toHaveLength(55);
  expect(await t.sql`select id from portal_sign_ins where email = ${email} and client = '127.0.2.10'`).toHaveLength(5);

  const spread = await clientAt('127.0.2.11');
  const many = await Promise.all(Array.from({ length: 60 }, (_, i) => spread('/portal/sign-in', { email: `parallel-${i}@example.org` })));
  expect(many.filter((r) => r.status === 200)).toHaveLength(20);
  expect(await t.sql`select id from portal_sign_ins where client = '127.0.2.11'`).toHaveLength(20);

  const guesses = await Promise.all(Array.from({ length: 30 }, () => one('/portal/sign-in/code', { email, code: '0000-0000' })));
  expect(guesses.every((r) => r.status === 400)).toBe(true);
  expect(await t.sql`select at from portal_code_attempts where email = ${email} and client = '127.0.2.10'`).toHaveLength(5);
});

test("signing in uses every open request of the account: an earlier link or code no longer signs in", async () => {
  const email = 'si-nav-f@assisters.example.org';
  const browser = new Visitor(server.url);
  const mails: { link: URL; code: string }[] = [];
  for (let i = 0; i < 2; i++) {
    const before = await sentTo(email);
    await browser.submit('/portal/sign-in', '/portal/sign-in', { email });
    mails.push(await nextSignInMail(email, before));
  }
  expect((await signInWithLink(browser, mails[1]!.link)).status).toBe(303);
  const earlier = await signInWithLink(browser, mails[0]!.link);
  expect(earlier.status).toBe(410);
  const phone = await clientAt('127.0.2.20');
  expect((await phone('/portal/sign-in/code', { email, code: mails[0]!.code })).status).toBe(400);
  expect(await t.sql`select id from portal_sign_ins where email = ${email} and used_at is null`).toHaveLength(0);
});

test('behind the TLS proxy, each client is the address the proxy forwards, so one client\'s flood does not stop another', async () => {
  const proxied = await startTestApi(t, { mailer: t.mailer, behindTlsProxy: true });
  try {
    const ask = async (forwardedFor: string) => {
      const page = await fetch(`${proxied.url}/portal/sign-in`, { headers: { 'x-forwarded-for': forwardedFor } });
      const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const res = await fetch(`${proxied.url}/portal/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'x-forwarded-for': forwardedFor, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, email: 'proxied@example.org' }).toString(),
      });
      return res.status;
    };
    const flood: number[] = [];
    for (let i = 0; i < 6; i++) flood.push(await ask('203.0.113.7'));
    expect(flood).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await ask('198.51.100.23')).toBe(200);
    const [row] = await t.sql<{ client: string }[]>`select client from portal_sign_ins where email = 'proxied@example.org' order by id desc limit 1`;
    expect(row).toEqual({ client: '198.51.100.23' });
  } finally {
    await proxied.close();
  }
});
