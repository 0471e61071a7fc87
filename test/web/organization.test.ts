// The organization page over HTTP: people (an invited colleague gets mail and signs in; a removed one is signed out
// at once), what only the contact point may do (403 for a colleague, CSRF on every form), a contact point change
// waiting for its confirmation and approval, suspension and the rule that an assister lifts only its own, figures,
// and the audit trail (people by address, leads by reference, no consumer data). Another organization sees none of it.
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { startTestApi, testTokens } from '../support/api';
import { csrfOf, Visitor } from '../support/browserless';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { inbox, mailsMatching } from '../support/mail';
import { signIn } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
const page = '/portal/organization';
const email = (id: string) => `${id}@assisters.example.org`;
const colleague = 'colleague@og-nav-a.example.org';
let contactA: Visitor;
let colleagueA: Visitor;
let otherOrg: Visitor;
let reference: string;

/** Posts a form of the organization page with the page's own CSRF token. */
const act = (visitor: Visitor, action: string, fields: Record<string, string> = {}) => visitor.submit(page, `${page}/${action}`, fields);
/** A coordinator's request to the API about an assister (its contact point). */
const asCoordinator = async (id: string, path: string, body: unknown = {}) => {
  const res = await fetch(`${server.url}/api/assisters/${id}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${testTokens.coordinatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const codeIn = async (to: string, subject: string) => /Code: (\w+)/.exec((await mailsMatching({ to, subject })).at(-1)?.Text ?? '')?.[1];

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('og-nav-a', '55106'), assister('og-nav-b', '55802'), assister('og-nav-c', '56601'), assister('og-nav-d', '55901'), assister('og-nav-e', '56601')]);
  server = await startTestApi(t, { mailer: t.mailer });
  contactA = new Visitor(server.url);
  colleagueA = new Visitor(server.url);
  otherOrg = new Visitor(server.url);
  await Promise.all([signIn(contactA, email('og-nav-a')), signIn(otherOrg, email('og-nav-d'))]);
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Orla', lastName: 'Gantry', phone: '651-555-0177', zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  reference = created.lead.reference!;
  await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(created.lead.leadId)).query(statusQuery), (v) => v.history.some((h) => h.event === 'referred'));
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

test('the page shows the contact point, people, suspension, figures and audit trail', async () => {
  const shown = await contactA.request(page);
  expect(shown.status).toBe(200);
  expect(shown.html).toContain('<h1>Your organization</h1>');
  for (const h of ['Contact point', 'People', 'Suspension', 'Figures', 'Audit trail']) expect(shown.html).toMatch(new RegExp(`<h2[^>]*>\\s*${h}\\s*</h2>`));
  expect(shown.html).toContain(`<strong>${email('og-nav-a')}</strong>`);
  expect(shown.html).toMatch(/>Request contact point change</);
  expect(shown.html).toMatch(/>Invite colleague</);
  expect(shown.html).toContain('Active: PAL can send your organization new leads.');
  expect(shown.html).toMatch(/>Suspend organization</);
  // The lead referred this period counts in the running period's figures.
  expect(shown.html).toMatch(/Leads received<\/th><td data-label="[^"]*\(so far\)">1</);
  expect(shown.html).toContain('Resolution: Enrolled in QHP');
  expect(shown.html).toContain('Viewed the organization page');
});

test('an invited colleague gets mail and signs in; a bad or taken address is refused beside the field', async () => {
  const bad = await act(contactA, 'invite-colleague', { email: 'not an address' });
  expect(bad.status).toBe(400);
  expect(bad.html).toContain('<title>Error: Your organization | PAL</title>');
  expect(bad.html).toMatch(/id="error-summary"[\s\S]*href="#email">Enter an email address like name@example.org/);
  expect(bad.html).toMatch(/id="email-error"[^>]*>Enter an email address like name@example.org/);
  expect(bad.html).toContain('value="not an address"');
  // Another organization's contact point signs in as that: never someone's colleague.
  const taken = await act(contactA, 'invite-colleague', { email: email('og-nav-d').toUpperCase() });
  expect(taken.status).toBe(409);
  expect(taken.html).toMatch(/id="email-error"[^>]*>This email address cannot be invited/);

  const invited = await act(contactA, 'invite-colleague', { email: colleague });
  expect(invited.status).toBe(303);
  expect(invited.location).toBe(`${page}?done=invite-colleague`);
  expect((await contactA.request(invited.location!)).html).toContain('Colleague invited');
  const [mail] = await eventually(() => mailsMatching({ to: colleague, subject: 'You are invited to PAL' }), (m) => m.length > 0);
  expect(mail!.Text).toContain('http://127.0.0.1:3000/portal/sign-in');
  expect(mail!.Text).toContain(email('og-nav-a'));

  await signIn(colleagueA, colleague);
  const seen = await colleagueA.request(page);
  expect(seen.status).toBe(200);
  expect(seen.html).toMatch(new RegExp(`<th scope="row" data-label="Email">${colleague}</th><td data-label="Role">Colleague</td>`));
  expect(seen.html).toContain(`<td data-label="Invited by">${email('og-nav-a')}</td>`);
  // A colleague sees, and gets no forms.
  expect(seen.html).not.toMatch(/>Invite colleague</);
  expect(seen.html).not.toMatch(/>Remove</);
  expect(seen.html).not.toMatch(/>Suspend organization</);
  expect(seen.html).not.toMatch(/>Request contact point change</);
});

test('a colleague may not invite, remove, suspend or resume (403), and nothing changes', async () => {
  const before = await t.sql`select id from portal_people where assister_id = 'og-nav-a' and removed_at is null`;
  const [self] = await t.sql<{ id: string }[]>`select id from portal_people where email = ${colleague} and removed_at is null`;
  for (const [action, fields] of [
    ['invite-colleague', { email: 'another@og-nav-a.example.org' }],
    ['remove-colleague', { person: self!.id }],
    ['suspend-organization', { 'suspend-reason': 'no-new-leads' }],
    ['resume-organization', { 'resume-reason': 'can-take-new-leads' }],
    ['request-contact-point-change', { 'new-contact-point': 'mine@og-nav-a.example.org' }],
  ] as const) {
    const refused = await act(colleagueA, action, fields);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('Only your contact point can do this');
  }
  expect(await t.sql`select id from portal_people where assister_id = 'og-nav-a' and removed_at is null`).toHaveLength(before.length);
  expect((await t.sql`select status from assisters where id = 'og-nav-a'`)[0]!.status).toBe('active');
  expect(await t.sql`select action from audit_events where action = 'invite-colleague-not-allowed'`).toHaveLength(1);
});

test('a form without its CSRF token is refused and changes nothing', async () => {
  const refused = await contactA.request(`${page}/invite-colleague`, { form: { email: 'nocsrf@og-nav-a.example.org' } });
  expect(refused.status).toBe(403);
  expect(await t.sql`select id from portal_people where email = 'nocsrf@og-nav-a.example.org'`).toHaveLength(0);
});

test("another organization's page shows none of this one's people, leads or audit trail, and cannot remove its people", async () => {
  const other = await otherOrg.request(page);
  expect(other.status).toBe(200);
  expect(other.html).not.toContain(colleague);
  expect(other.html).not.toContain(email('og-nav-a'));
  expect(other.html).not.toContain(reference);
  const [target] = await t.sql<{ id: string }[]>`select id from portal_people where email = ${colleague} and removed_at is null`;
  const refused = await act(otherOrg, 'remove-colleague', { person: target!.id });
  expect(refused.status).toBe(404);
  expect(refused.html).toMatch(/id="error-summary"[\s\S]*href="#people">That person is not a colleague at your organization/);
  expect((await colleagueA.request(page)).status).toBe(200);
});

test("a removed colleague's session ends at once; the contact point cannot be removed", async () => {
  const [target] = await t.sql<{ id: string }[]>`select id from portal_people where email = ${colleague} and removed_at is null`;
  const [self] = await t.sql<{ id: string }[]>`select id from portal_people where email = ${email('og-nav-a')} and removed_at is null`;
  expect((await act(contactA, 'remove-colleague', { person: self!.id })).status).toBe(404);
  const removed = await act(contactA, 'remove-colleague', { person: target!.id });
  expect(removed.status).toBe(303);
  expect((await contactA.request(removed.location!)).html).toContain('Colleague removed');
  const after = await colleagueA.request(page);
  expect(after.status).toBe(303);
  expect(after.location).toBe('/portal/sign-in');
  expect((await contactA.request(page)).html).not.toContain(`data-label="Email">${colleague}<`);
});

test('a contact point change waits for the new address and the approval, shown with each step; then it takes effect', async () => {
  const contactB = new Visitor(server.url);
  const desk = 'desk@og-nav-b.example.org';
  await signIn(contactB, email('og-nav-b'));
  const same = await act(contactB, 'request-contact-point-change', { 'new-contact-point': email('og-nav-b') });
  expect(same.status).toBe(400);
  expect(same.html).toMatch(/id="new-contact-point-error"[^>]*>That is already the designated contact point/);

  const requested = await act(contactB, 'request-contact-point-change', { 'new-contact-point': desk });
  expect(requested.status).toBe(303);
  const pending = await contactB.request(requested.location!);
  expect(pending.html).toContain('Contact point change requested');
  expect(pending.html).toContain('Change waiting to take effect');
  expect(pending.html).toContain(`<dd class="margin-left-0 margin-bottom-1">${desk}</dd>`);
  expect(pending.html).toContain('by your organization');
  expect(pending.html).toContain('Not yet: PAL emailed a confirmation code to the new address');
  expect(pending.html).toContain(`Waiting for the current contact point (${email('og-nav-b')}) or the PAL coordinator`);
  expect(pending.html).toMatch(/>Approve change</);
  expect(pending.html).toMatch(/>Confirm new address</);
  // A second request (from a page loaded before): refused, its reason under the section's heading.
  const again = await act(contactB, 'request-contact-point-change', { 'new-contact-point': 'other@og-nav-b.example.org' });
  expect(again.status).toBe(409);
  expect(again.html).toMatch(/href="#contact-point">A contact point change is already waiting/);
  expect(again.html).toMatch(/id="contact-point-error"[^>]*>A contact point change is already waiting/);
  // The API shows the same change.
  const api = await fetch(`${server.url}/api/assisters/og-nav-b`, { headers: { authorization: `Bearer ${testTokens.coordinatorToken}` } });
  expect(((await api.json()) as { pendingContactPoint: string }).pendingContactPoint).toBe(desk);

  const wrong = await act(contactB, 'approve-contact-point-change', { 'approval-code': 'WRONGCODE' });
  expect(wrong.status).toBe(400);
  expect(wrong.html).toMatch(/id="approval-code-error"[^>]*>The approval code does not match/);
  const approvalCode = await eventually(() => codeIn(email('og-nav-b'), 'PAL: approve the change of contact point for assister og-nav-b'), Boolean);
  expect((await act(contactB, 'approve-contact-point-change', { 'approval-code': approvalCode! })).status).toBe(303);
  const approved = await contactB.request(page);
  expect(approved.html).toMatch(/Approved by the current contact point on/);
  expect(approved.html).not.toMatch(/>Approve change</);

  // The new address confirms: the change takes effect, the former contact point is signed out at once.
  const code = await eventually(() => codeIn(desk, 'PAL: confirm this address for assister og-nav-b'), Boolean);
  expect((await act(contactB, 'confirm-contact-point', { 'confirmation-code': code! })).status).toBe(303);
  expect((await t.sql`select email from assisters where id = 'og-nav-b'`)[0]!.email).toBe(desk);
  expect((await contactB.request(page)).location).toBe('/portal/sign-in');
  const newDesk = new Visitor(server.url);
  await signIn(newDesk, desk);
  const now = await newDesk.request(page);
  expect(now.html).toContain(`<strong>${desk}</strong>`);
  expect(now.html).toContain('No change of contact point is waiting.');
  expect(now.html).toMatch(/Requested a contact point change[\s\S]*Viewed the organization page/);
});

test('an organization suspends and resumes itself with a reason; a suspension by the coordinator it cannot lift, and is told why', async () => {
  const contactC = new Visitor(server.url);
  await signIn(contactC, email('og-nav-c'));
  const noReason = await act(contactC, 'suspend-organization', { 'suspend-reason': '' });
  expect(noReason.status).toBe(400);
  expect(noReason.html).toMatch(/id="suspend-reason-error"[^>]*>Select the reason for suspending/);

  const suspending = await act(contactC, 'suspend-organization', { 'suspend-reason': 'appointments-delayed' });
  expect(suspending.status).toBe(303);
  const suspended = await contactC.request(suspending.location!);
  expect(suspended.html).toContain('Organization suspended');
  expect(suspended.html).toMatch(/Suspended since [^<]* by your organization, because: We cannot complete appointments within two weeks/);
  expect((await t.sql`select status, suspended_by from assisters where id = 'og-nav-c'`)[0]).toEqual({ status: 'suspended', suspended_by: 'assister:og-nav-c' });
  expect((await act(contactC, 'resume-organization', { 'resume-reason': 'appointments-on-time' })).status).toBe(303);
  expect((await contactC.request(page)).html).toContain('Active: PAL can send your organization new leads.');

  const bySomeoneElse = await fetch(`${server.url}/api/assisters/og-nav-c/suspend`, {
    method: 'POST',
    headers: { authorization: `Bearer ${testTokens.coordinatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'no-new-leads' }),
  });
  expect(bySomeoneElse.status).toBe(200);
  const shown = await contactC.request(page);
  expect(shown.html).toContain('by the PAL coordinator');
  expect(shown.html).toContain('Only the PAL coordinator can lift this suspension.');
  expect(shown.html).not.toMatch(/>Resume organization</);
  const refused = await contactC.request(`${page}/resume-organization`, { form: { _csrf: csrfOf(shown.html), 'resume-reason': 'can-take-new-leads' } });
  expect(refused.status).toBe(403);
  // The refusal's reason first in the error summary and under the section's heading (the page shows no Resume form).
  expect(refused.html).toMatch(/id="error-summary"[\s\S]*href="#suspension">Assister og-nav-c was suspended by the coordinator; only a coordinator can lift that suspension/);
  expect(refused.html).toMatch(/id="suspension-error"[^>]*>Assister og-nav-c was suspended by the coordinator; only a coordinator can lift that suspension/);
  expect((await t.sql`select status from assisters where id = 'og-nav-c'`)[0]!.status).toBe('suspended');
  const trail = (await contactC.request(page)).html;
  expect(trail).toContain('Suspended the organization (We cannot complete appointments within two weeks)');
  expect(trail).toContain('Resumed the organization (We can complete appointments within two weeks again)');
  expect(trail).toContain('Resume organization: refused');
});

test('the audit trail lists views and actions by person and lead reference, newest first, without consumer data', async () => {
  expect((await contactA.request(`/portal/leads/${reference}`)).status).toBe(200);
  const shown = (await contactA.request(page)).html;
  const trail = shown.slice(shown.indexOf('id="audit-trail"'));
  expect(trail).toMatch(new RegExp(`<td data-label="Who">${email('og-nav-a')}</td><td data-label="What">Viewed a lead</td><td data-label="Lead">${reference}</td>`));
  expect(trail).toContain(`Invited a colleague: ${colleague}`);
  expect(trail).toContain(`Removed a colleague: ${colleague}`);
  expect(trail.indexOf('Viewed a lead')).toBeLessThan(trail.indexOf('Invited a colleague'));
  expect(trail).not.toMatch(/person:\d/);
  expect(shown).not.toMatch(/Orla|Gantry|651-555-0177/);
  const rows = await t.sql`select actor, action, detail from audit_events where assister_id = 'og-nav-a'`;
  expect(JSON.stringify(rows)).not.toMatch(/Orla|Gantry|651-555-0177/);
  // Mail in the shared inbox about this suite's invitation never names the consumer either.
  expect(JSON.stringify(await inbox().search({ to: colleague }))).not.toMatch(/Orla|Gantry/);
});

test('a change the coordinator requested cannot be withdrawn by the contact point: the refusal beside the section, the change still waiting', async () => {
  expect((await asCoordinator('og-nav-d', '/contact-point', { email: 'desk@og-nav-d.example.org' })).status).toBe(202);
  const refused = await act(otherOrg, 'withdraw-contact-point-change');
  expect(refused.status).toBe(403);
  expect(refused.html).toMatch(/id="error-summary"[\s\S]*href="#contact-point">The PAL coordinator requested this change: only a coordinator can withdraw it/);
  expect(refused.html).toMatch(/id="contact-point-error"[^>]*>The PAL coordinator requested this change/);
  // The page offers no Withdraw change for it, and says who can.
  expect(refused.html).not.toContain('>Withdraw change<');
  expect(refused.html).toContain('only the coordinator can withdraw it.');
  expect(await t.sql`select id from contact_point_changes where assister_id = 'og-nav-d' and cancelled_at is null and confirmed_at is null`).toHaveLength(1);
  expect(await t.sql`select 1 from audit_events where assister_id = 'og-nav-d' and action = 'withdraw-contact-point-change-refused'`).toHaveLength(1);
  expect(await asCoordinator('og-nav-d', '/contact-point/cancel')).toMatchObject({ status: 200, body: { state: 'cancelled' } });
  // A change the organization asked for itself it may withdraw.
  expect((await act(otherOrg, 'request-contact-point-change', { 'new-contact-point': 'desk@og-nav-d.example.org' })).status).toBe(303);
  expect((await act(otherOrg, 'withdraw-contact-point-change')).location).toBe(`${page}?done=withdraw-contact-point-change`);
});

test('a contact point replaced, then made the contact point again: its old session never counts again, and it signs in anew', async () => {
  const first = email('og-nav-e');
  const desk = 'desk@og-nav-e.example.org';
  const old = new Visitor(server.url);
  await signIn(old, first);
  expect((await old.request(page)).status).toBe(200);
  const oldSession = old.cookie('pal_session')!;
  const [oldAccount] = await t.sql<{ id: string }[]>`select id from portal_people where email = ${first} and removed_at is null`;
  /** The coordinator changes the contact point (no approval needed); the new address's code confirms it. */
  const changeTo = async (to: string) => {
    const sent = (await mailsMatching({ to, subject: 'PAL: confirm this address for assister og-nav-e' })).length;
    expect((await asCoordinator('og-nav-e', '/contact-point', { email: to })).status).toBe(202);
    await eventually(() => mailsMatching({ to, subject: 'PAL: confirm this address for assister og-nav-e' }), (m) => m.length > sent);
    const code = await codeIn(to, 'PAL: confirm this address for assister og-nav-e');
    expect(await asCoordinator('og-nav-e', '/contact-point/confirm', { code })).toMatchObject({ status: 200, body: { state: 'confirmed' } });
  };

  await changeTo(desk);
  // Closed with the change itself, its sessions ended.
  expect(await t.sql`select removed_by from portal_people where id = ${oldAccount!.id}`).toEqual([{ removed_by: 'contact-point-changed' }]);
  expect(await t.sql`select 1 from portal_sessions where person_id = ${oldAccount!.id} and ended_at is null`).toHaveLength(0);
  expect((await old.request(page)).location).toBe('/portal/sign-in');

  await changeTo(first);
  const replay = new Visitor(server.url);
  (replay as unknown as { cookies: Map<string, string> }).cookies.set('pal_session', oldSession);
  expect((await replay.request(page)).location).toBe('/portal/sign-in');
  const again = new Visitor(server.url);
  await signIn(again, first);
  expect((await again.request(page)).html).toContain(`<strong>${first}</strong>`);
  const [account] = await t.sql<{ id: string }[]>`select id from portal_people where email = ${first} and removed_at is null`;
  expect(account!.id).not.toBe(oldAccount!.id);
});
