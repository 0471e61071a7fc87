// The assister portal over HTTP: the organization's leads, one lead with the consumer, actions that go to the lead
// workflow (its refusal shown beside the field, nothing changed), another organization's lead never shown, and the
// audit trail of every view and action.
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { minnesotaDate } from '../../domain/time';
import { organizationLead, organizationLeads } from '../../store/portal-leads';
import { startTestApi, testTokens } from '../support/api';
import { csrfOf, Visitor } from '../support/browserless';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { nextSignInMail, signIn, signInMailCount } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
let navA: Visitor;
let navB: Visitor;
let lead: { leadId: string; reference?: string };

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('pt-nav-a', '55106'), assister('pt-nav-b', '55802')]);
  server = await startTestApi(t, { mailer: t.mailer });
  navA = new Visitor(server.url);
  navB = new Visitor(server.url);
  await signIn(navA, 'pt-nav-a@assisters.example.org');
  await signIn(navB, 'pt-nav-b@assisters.example.org');
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Portia', lastName: 'Quill', zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  lead = created.lead;
  await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(lead.leadId)).query(statusQuery), (v) => v.history.some((h) => h.event === 'referred'));
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

test('the leads list shows the organization its open leads, with reference and consumer', async () => {
  const page = await navA.request('/portal');
  expect(page.status).toBe(200);
  expect(page.html).toContain('<h1>Your leads</h1>');
  expect(page.html).toContain(`href="/portal/leads/${lead.reference}"`);
  expect(page.html).toContain('Portia Quill');
  // The assister's list says what to do next.
  expect(page.html).toContain('<td data-label="Status">Contact the consumer</td>');
  expect((await navB.request('/portal')).html).not.toContain('Portia');
});

test('the lists: open leads with the uncontacted first by contact deadline, then the contacted; closed ones newest first; paged', async () => {
  // Rows as the workflows record them, for an organization of their own.
  await t.addAssisters([assister('pt-nav-list', '55106')]);
  const row = (name: string, deadlineDays: number, contacted: boolean, closedDaysAgo?: number) => t.sql`
    insert into leads (id, intake, created_by, status, assister_id, referred_at, contact_deadline_at, contact_date, closed_at)
    values (gen_random_uuid(), ${t.sql.json({ consumer: { firstName: name, lastName: 'List' } } as never)}, 'test', 'awaiting-contact', 'pt-nav-list', now() - interval '3 days',
            now() + make_interval(days => ${deadlineDays}), ${contacted ? t.sql`current_date` : null},
            ${closedDaysAgo === undefined ? null : t.sql`now() - make_interval(days => ${closedDaysAgo})`})`;
  await row('Later', 2, false);
  await row('Contacted', -5, true);
  await row('Overdue', -1, false);
  await row('ClosedLongAgo', 0, true, 9);
  await row('ClosedYesterday', 0, true, 1);
  const open = await organizationLeads(t.sql, 'pt-nav-list', 'open', 1);
  expect(open).toMatchObject({ total: 3, rows: [{ firstName: 'Overdue' }, { firstName: 'Later' }, { firstName: 'Contacted' }] });
  const closed = await organizationLeads(t.sql, 'pt-nav-list', 'closed', 1);
  expect(closed.rows.map((r) => r.firstName)).toEqual(['ClosedYesterday', 'ClosedLongAgo']);
  expect(await organizationLeads(t.sql, 'pt-nav-list', 'open', 2)).toEqual({ total: 3, rows: [] });
});

test('the lead page shows the consumer; Record contact goes to the workflow; a refused action changes nothing and says why', async () => {
  const path = `/portal/leads/${lead.reference}`;
  const page = await navA.request(path);
  expect(page.html).toContain(`<h1>Lead ${lead.reference}</h1>`);
  expect(page.html).toContain('651-555-0134');
  expect(page.html).toContain('Status: Contact the consumer.');
  // Its history in words, each event with its time, never the recorded event's name.
  expect(page.html).toMatch(/<li>[^<]+: Assigned to an assister<\/li>\s*<li>[^<]+: Referral sent to the assister<\/li>/);
  expect(page.html).not.toMatch(/: (routed|referred)</);

  // A date the workflow refuses (before the referral): its reason beside the field, the error summary first.
  const early = await navA.request(`${path}/contact`, { form: { _csrf: csrfOf(page.html), 'contact-date': '2020-01-01' } });
  expect(early.status).toBe(400);
  expect(early.html).toContain(`<title>Error: Lead ${lead.reference} | PAL</title>`);
  expect(early.html).toMatch(/id="error-summary"[\s\S]*Contact date is before the referral/);
  expect(early.html).toMatch(/id="contact-date-error"[^>]*>Contact date is before the referral/);
  expect(early.html).toContain('value="2020-01-01"');
  // Contact made = No with a resolution that needs contact: refused by the workflow's rule.
  const contradiction = await navA.request(`${path}/resolution`, { form: { _csrf: csrfOf(page.html), 'contact-made': 'no', resolution: 'Enrolled in QHP' } });
  expect(contradiction.status).toBe(400);
  expect(contradiction.html).toMatch(/needs contact with the consumer/);
  const handle = t.env.client.workflow.getHandle(leadWorkflowId(lead.leadId));
  expect((await handle.query(statusQuery)).status).toBe('awaiting-contact');
  // No CSRF token: refused before anything happens.
  expect((await navA.request(`${path}/contact`, { form: { 'contact-date': minnesotaDate(new Date()) } })).status).toBe(403);

  const today = minnesotaDate(new Date());
  const done = await navA.request(`${path}/contact`, { form: { _csrf: csrfOf(page.html), 'contact-date': today } });
  expect(done.status).toBe(303);
  expect(done.location).toBe(`${path}?done=contact`);
  expect((await navA.request(done.location!)).html).toContain('Contact recorded');
  expect((await handle.query(statusQuery)).contactDate).toBe(today);
  const described = await handle.describe();
  expect(described.searchAttributes.PalStatus).toEqual(['contacted']);
});

test('a lead page opened signed out (an emailed link) asks for sign-in and comes back to the lead after it', async () => {
  const visitor = new Visitor(server.url);
  const asked = await visitor.request(`/portal/leads/${lead.reference}`);
  expect(asked.status).toBe(303);
  expect(asked.location).toBe('/portal/sign-in');
  expect(asked.html).not.toContain('Portia');
  const email = 'pt-nav-a@assisters.example.org';
  const before = await signInMailCount(email);
  await visitor.submit('/portal/sign-in', '/portal/sign-in', { email });
  const { link } = await nextSignInMail(email, before);
  const done = await visitor.submit(link.pathname + link.search, '/portal/sign-in/link', { token: link.searchParams.get('token')! });
  expect(done.location).toBe(`/portal/leads/${lead.reference}`);
  // Only PAL's own portal paths are kept: anything else signs in to the leads list.
  const other = new Visitor(server.url);
  (other as unknown as { cookies: Map<string, string> }).cookies.set('pal_return', '//evil.example.org/portal');
  const before2 = await signInMailCount(email);
  await other.submit('/portal/sign-in', '/portal/sign-in', { email });
  const second = await nextSignInMail(email, before2);
  const elsewhere = await other.submit(second.link.pathname + second.link.search, '/portal/sign-in/link', { token: second.link.searchParams.get('token')! });
  expect(elsewhere.location).toBe('/portal');
});

test("another organization's lead: a page with none of its data", async () => {
  const other = await navB.request(`/portal/leads/${lead.reference}`);
  expect(other.status).toBe(404);
  expect(other.html).not.toContain('Portia');
  expect(other.html).not.toContain('651-555-0134');
  const action = await navB.request(`/portal/leads/${lead.reference}/decline`, { form: { _csrf: csrfOf(other.html), 'decline-reason': 'not ours' } });
  expect(action.status).toBe(404);
  // In the asking organization's trail, without the other organization's lead.
  const refused = await t.sql<{ leadId: string | null; detail: unknown }[]>`
    select lead_id as "leadId", detail from audit_events where assister_id = 'pt-nav-b' and action = 'refused-other-organizations-lead'`;
  expect(refused).toHaveLength(2);
  expect(refused.every((r) => r.leadId === null && JSON.stringify(r.detail) === '{}')).toBe(true);
  // The lead is read with the organization in the query itself: another organization's is never read.
  expect(await organizationLead(t.sql, lead.leadId, 'pt-nav-b')).toBeUndefined();
  expect(await organizationLead(t.sql, lead.leadId, 'pt-nav-a')).toMatchObject({ id: lead.leadId, assisterId: 'pt-nav-a' });
});

test('the audit trail has each view and action with the person, and no consumer data', async () => {
  const rows = await t.sql<{ actor: string; action: string; detail: unknown }[]>`select actor, action, detail from audit_events where lead_id = ${lead.leadId} order by id`;
  expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['viewed-lead', 'contact-refused', 'resolution-refused', 'contact']));
  expect(new Set(rows.map((r) => r.actor)).size).toBe(1);
  expect(JSON.stringify(rows)).not.toMatch(/Portia|Quill|651-555/);
  const signIns = await t.sql<{ detail: unknown }[]>`select detail from audit_events where assister_id = 'pt-nav-a' and action = 'signed-in'`;
  expect(signIns).toContainEqual({ detail: { by: 'link' } });
});

test("revoking an assister's tokens also ends its people's sessions", async () => {
  expect((await navB.request('/portal')).status).toBe(200);
  const res = await fetch(`${server.url}/api/assisters/pt-nav-b/tokens`, { method: 'DELETE', headers: { authorization: `Bearer ${testTokens.coordinatorToken}` } });
  expect(res.status).toBe(200);
  const after = await navB.request('/portal');
  expect(after.status).toBe(303);
  expect(after.location).toBe('/portal/sign-in');
  expect((await navA.request('/portal')).status).toBe(200);
});

test("a replaced contact point's account stops at once: its session ends and its address signs in no more", async () => {
  const old = new Visitor(server.url);
  await signIn(old, 'pt-nav-a@assisters.example.org');
  expect((await old.request('/portal')).status).toBe(200);
  // What a confirmed contact-point change writes to the directory.
  await t.sql`update assisters set email = 'new-desk@pt-nav-a.example.org' where id = 'pt-nav-a'`;
  const after = await old.request('/portal');
  expect(after.status).toBe(303);
  // Asking for a link for the old address finds no account (the answer is the same; no link is made for anyone).
  await new Visitor(server.url).submit('/portal/sign-in', '/portal/sign-in', { email: 'pt-nav-a@assisters.example.org' });
  const [asked] = await t.sql<{ person_id: string | null }[]>`select person_id from portal_sign_ins where email = 'pt-nav-a@assisters.example.org' order by id desc limit 1`;
  expect(asked!.person_id).toBeNull();
  await signIn(new Visitor(server.url), 'new-desk@pt-nav-a.example.org');
});
