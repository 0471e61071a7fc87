// Staff accounts over HTTP: PAL_STAFF seeds the first ones; a coordinator adds and removes staff on the Staff page
// (removal ends their sessions at once); each kind of account lands on its own start page and is turned away from
// the others'; npm run dev's printed links sign in any browser, once. Everything is in the audit trail.
import { printedSignInLink } from '../../client/web/dev-sign-in';
import { staffConfig, webConfig } from '../../platform/config';
import { seedStaff, staffForEmail } from '../../store/staff';
import { startTestApi } from '../support/api';
import { csrfOf, Visitor } from '../support/browserless';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { signIn } from '../support/portal';
import { assister } from '../support/samples';

let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
const coordinatorEmail = 'st-coordinator@mnsure.example.org';

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('st-nav-a', '55106')]);
  await seedStaff(t.sql, staffConfig({ PAL_STAFF: `${coordinatorEmail}=coordinator` }));
  server = await startTestApi(t, { mailer: t.mailer });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

test('PAL_STAFF is email=role pairs; anything else is a configuration error naming the entry', () => {
  expect(staffConfig({ PAL_STAFF: ' Ana@x.org=coordinator , bo@y.org=contact-center ' })).toEqual([
    { email: 'ana@x.org', role: 'coordinator' },
    { email: 'bo@y.org', role: 'contact-center' },
  ]);
  expect(staffConfig({})).toEqual([]);
  expect(() => staffConfig({ PAL_STAFF: 'ana@x.org=boss' })).toThrow(/PAL_STAFF: "ana@x.org=boss" is not email=role with role contact-center or coordinator/);
});

test('a coordinator adds a representative, who signs in to Intake; removal signs them out at once', async () => {
  const coordinator = new Visitor(server.url);
  await signIn(coordinator, coordinatorEmail);
  const page = await coordinator.request('/coordinator/staff');
  expect(page.status).toBe(200);
  expect(page.html).toContain('<h1>Staff</h1>');
  expect(page.html).toContain(coordinatorEmail);

  // Refused beside the field, typed values kept; an assister's address is not staff.
  const bad = await coordinator.request('/coordinator/staff', { form: { _csrf: csrfOf(page.html), email: 'not an address', role: 'contact-center' } });
  expect(bad.status).toBe(400);
  expect(bad.html).toContain('<title>Error: Staff | PAL</title>');
  expect(bad.html).toMatch(/id="email-error"[^>]*>Enter an email address/);
  expect(bad.html).toContain('value="not an address"');
  const assisterAddress = await coordinator.request('/coordinator/staff', { form: { _csrf: csrfOf(page.html), email: 'st-nav-a@assisters.example.org', role: 'coordinator' } });
  expect(assisterAddress.html).toContain('This address belongs to an assister organization');
  expect((await coordinator.request('/coordinator/staff', { form: { email: 'rep@mnsure.example.org', role: 'contact-center' } })).status).toBe(403);

  const added = await coordinator.request('/coordinator/staff', { form: { _csrf: csrfOf(page.html), email: 'rep@mnsure.example.org', role: 'contact-center' } });
  expect(added.status).toBe(303);
  expect((await coordinator.request(added.location!)).html).toContain('Staff member added');

  const rep = new Visitor(server.url);
  await signIn(rep, 'rep@mnsure.example.org');
  expect((await rep.request('/portal/sign-in')).location).toBe('/intake');
  // Other kinds of pages say so and show nothing.
  const notHers = await rep.request('/coordinator/staff');
  expect(notHers.status).toBe(403);
  expect(notHers.html).toContain('This page is not for your account');
  expect(notHers.html).not.toContain(coordinatorEmail);
  expect((await rep.request('/portal')).status).toBe(403);

  const list = await coordinator.request('/coordinator/staff');
  const id = (await staffForEmail(t.sql, 'rep@mnsure.example.org'))!.id;
  const removed = await coordinator.request(`/coordinator/staff/${id}/remove`, { form: { _csrf: csrfOf(list.html) } });
  expect(removed.status).toBe(303);
  const after = await rep.request('/coordinator/staff');
  expect(after.status).toBe(303);
  expect(after.location).toBe('/portal/sign-in');
  // A coordinator does not remove themselves.
  const me = (await staffForEmail(t.sql, coordinatorEmail))!.id;
  expect((await coordinator.request(`/coordinator/staff/${me}/remove`, { form: { _csrf: csrfOf(list.html) } })).html).toContain('they are not on the staff, or they are you');

  const trail = await t.sql<{ action: string }[]>`select action from audit_events where actor = ${`staff:${me}`} order by id`;
  expect(trail.map((r) => r.action)).toEqual(expect.arrayContaining(['signed-in', 'viewed-staff', 'added-staff', 'removed-staff']));
});

test('assisters and signed-out visitors are turned away from staff pages', async () => {
  const navigator = new Visitor(server.url);
  await signIn(navigator, 'st-nav-a@assisters.example.org');
  const refused = await navigator.request('/coordinator/staff');
  expect(refused.status).toBe(403);
  expect(refused.html).toContain('href="/portal"');
  const stranger = await new Visitor(server.url).request('/coordinator/staff');
  expect(stranger.status).toBe(303);
  expect(stranger.location).toBe('/portal/sign-in');
});

test("npm run dev's printed link signs in any browser, once, to the role's start page", async () => {
  const member = (await staffForEmail(t.sql, coordinatorEmail))!;
  const link = new URL(await printedSignInLink(t.sql, webConfig({}), member));
  const anyBrowser = new Visitor(server.url);
  const done = await anyBrowser.submit(link.pathname + link.search, '/portal/sign-in/link', { token: link.searchParams.get('token')! });
  expect(done.status).toBe(303);
  expect(done.location).toBe('/coordinator');
  const again = await new Visitor(server.url).submit(link.pathname + link.search, '/portal/sign-in/link', { token: link.searchParams.get('token')! });
  expect(again.status).toBe(410);
});
