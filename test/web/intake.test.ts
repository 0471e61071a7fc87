// The representative's intake over HTTP: the lead's own validation beside each field (typed values kept), the routing
// preview that creates nothing, the duplicate check that holds a second lead for the same consumer until it is
// confirmed, Lead created with the words for the consumer, who may use the pages, CSRF, and the audit trail of every
// view and action (by staff and lead ids, never the consumer's data).
import { leadReference } from '../../domain/lead-reference';
import { addStaff, type StaffMember } from '../../store/staff';
import { when } from '../../client/web/words';
import { testTokens } from '../support/api';
import { csrfOf, Visitor } from '../support/browserless';
import { mailsFor } from '../support/mail';
import { pageSuite } from '../support/page-suite';
import { signIn } from '../support/portal';
import { assister } from '../support/samples';

// Near the consumer's 55106 (St. Paul): a navigator at capacity, then one with a public phone; far away in Duluth,
// one without; a broker in St. Paul.
const suite = pageSuite({
  assisters: [
    assister('in-nav-full', '55106', { capacity: 0 }),
    assister('in-nav-near', '55101', { name: 'Capitol Health Navigators', publicPhone: '651-555-0100' }),
    assister('in-nav-duluth', '55802', { name: 'Lake Superior Navigators' }),
    assister('in-brk-stpaul', '55106', { type: 'broker', name: 'St. Paul Brokers' }),
  ],
});
let rep: Visitor;
let staff: StaffMember;
const repEmail = 'rep@contact-center.example.org';

beforeAll(async () => {
  const added = await addStaff(suite.t.sql, repEmail, 'contact-center', 'test');
  if ('problem' in added) throw new Error(added.problem);
  staff = added;
  rep = new Visitor(suite.server.url);
  await signIn(rep, repEmail);
});

/** Every item of the lead as the form sends it: the lead of domain.md, with a consumer of the test's own. */
const form = (more: Record<string, string> = {}) => ({
  'first-name': 'Ana',
  'last-name': 'Lopez',
  phone: '651-555-0134',
  email: 'ana@example.org',
  zip: '55106',
  'preferred-language': 'Spanish',
  'account-active': 'yes',
  'user-login': 'alopez77',
  'application-active': 'yes',
  'determination-MA': 'yes',
  'reason-for-help': 'Needs help renewing coverage',
  'plan-selection-help': 'no',
  'guidance-provided': 'Explained renewal steps; offered in-person help',
  'consent-to-share': 'yes',
  'working-with-assister': 'no',
  ...more,
});

/** Opens the intake (a new form: its own CSRF token and request id) and sends it. */
async function send(visitor: Visitor, fields: Record<string, string>, intent: 'preview' | 'create') {
  const page = await visitor.request('/intake');
  const requestId = /name="request-id" value="([^"]+)"/.exec(page.html)?.[1] ?? '';
  return visitor.request('/intake', { form: { _csrf: csrfOf(page.html), 'request-id': requestId, ...fields, intent } });
}
const leadCount = async () => Number((await suite.t.sql<{ n: string }[]>`select count(*) as n from leads`)[0]!.n);
const auditOf = async () => suite.t.sql<{ actor: string; action: string; leadId: string | null; detail: Record<string, unknown> }[]>`
  select actor, action, lead_id::text as "leadId", detail from audit_events where actor like 'staff:%' and action <> 'signed-in' order by id`;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

test('a refused form shows each problem beside its field and keeps what was typed; fixed, it goes through', async () => {
  const before = await leadCount();
  const refused = await send(rep, form({ phone: '555-01', 'consent-to-share': '', 'reason-for-help': 'Lost coverage', 'user-login': '' }), 'create');
  expect(refused.status).toBe(400);
  expect(refused.html).toContain('<title>Error: Intake | PAL</title>');
  expect(refused.html).toMatch(/id="error-summary"[\s\S]*href="#phone">Phone number must be a valid US phone number[\s\S]*href="#consent-to-share">Select whether the consumer consents/);
  expect(refused.html).toMatch(/id="phone-error"[^>]*>Phone number must be a valid US phone number/);
  expect(refused.html).toMatch(/id="consent-to-share-error"[^>]*>Select whether the consumer consents/);
  // What was typed is kept: text, radios, checkboxes and text areas.
  expect(refused.html).toContain('value="555-01"');
  expect(refused.html).toContain('value="Ana"');
  expect(refused.html).toMatch(/id="account-active" type="radio" name="account-active" value="yes" checked/);
  expect(refused.html).toMatch(/name="determination-MA" value="yes" checked/);
  expect(refused.html).toMatch(/<textarea[^>]*id="reason-for-help"[^>]*>Lost coverage<\/textarea>/);

  // The lead's rules, as the API has them: no consent, no lead; already with an assister, no lead; a user login
  // only with an active account.
  const rules = await send(rep, form({ 'consent-to-share': 'no', 'working-with-assister': 'yes' }), 'create');
  expect(rules.status).toBe(400);
  expect(text(rules.html)).toContain('The consumer must consent to share their information with an assister: no consent, no lead');
  expect(text(rules.html)).toContain('The consumer is already working with an assister: no lead is created');
  const login = await send(rep, form({ 'account-active': 'no' }), 'preview');
  expect(login.html).toMatch(/id="user-login-error"[^>]*>User login is given only when the account is active/);
  expect(await leadCount()).toBe(before);

  const fixed = await send(rep, form({ 'first-name': 'Fixa', 'last-name': 'Fields', phone: '651-555-0101', email: 'fixa@example.org' }), 'preview');
  expect(fixed.status).toBe(200);
  expect(fixed.html).not.toContain('error-summary');
  expect(fixed.html).toContain('<title>Intake | PAL</title>');
});

test('Preview routing shows the type, assister, distance, rule and the closer assisters skipped, and creates nothing', async () => {
  const before = await leadCount();
  const preview = await send(rep, form({ 'first-name': 'Petra', 'last-name': 'Preview', phone: '651-555-0102', email: 'petra@example.org' }), 'preview');
  expect(preview.status).toBe(200);
  const words = text(preview.html);
  expect(words).toContain('Routing preview');
  expect(words).toMatch(/Type Navigator Assister Capitol Health Navigators \(in-nav-near\) Distance \d+(\.\d)? miles from the consumer's ZIP code Rule public-program: a completed application with a public program determination/);
  expect(words).toMatch(/Closer ones skipped in-nav-full organization \(in-nav-full\), \d+(\.\d)? miles?: at capacity/);
  // The form is still there with what was typed.
  expect(preview.html).toContain('value="Petra"');
  // Help choosing a plan sends it to a broker (rule plan-selection).
  const broker = text((await send(rep, form({ 'first-name': 'Petra', 'last-name': 'Preview', phone: '651-555-0102', email: 'petra@example.org', 'plan-selection-help': 'yes' }), 'preview')).html);
  expect(broker).toMatch(/Type Broker Assister St\. Paul Brokers \(in-brk-stpaul\) Distance [\d.]+ miles? from the consumer's ZIP code Rule plan-selection/);
  expect(await leadCount()).toBe(before);
  const previews = (await auditOf()).filter((a) => a.action === 'previewed-routing');
  expect(previews.at(-2)).toMatchObject({ actor: `staff:${staff.id}`, leadId: null, detail: { rule: 'public-program', assisterId: 'in-nav-near' } });
});

test('a second lead for the same consumer is held until Create it anyway is checked; the confirmation is audited', async () => {
  const consumer = { 'first-name': 'Dora', 'last-name': 'Dupe', phone: '(651) 555-0103', email: 'dora@example.org' };
  const first = await send(rep, form(consumer), 'create');
  expect(first.status).toBe(303);
  const firstRef = /^\/intake\/leads\/([0-9A-Z]{8})$/.exec(first.location ?? '')?.[1];
  expect(firstRef).toBeDefined();
  const [firstLead] = await suite.t.sql<{ id: string }[]>`select id from leads order by created_at desc limit 1`;

  // The same phone written otherwise, the same email, or the same name and ZIP code: each holds the new lead.
  const before = await leadCount();
  for (const [more, match] of [
    [{ phone: '651.555.0103', email: '', 'first-name': 'Other' }, 'same phone'],
    [{ phone: '651-555-0190', email: 'DORA@example.org', 'first-name': 'Other' }, 'same email'],
    [{ phone: '651-555-0191', email: '', 'first-name': 'dora' }, 'same name and ZIP code'],
  ] as const) {
    const held = await send(rep, form({ ...consumer, ...more }), 'create');
    expect(held.status).toBe(409);
    expect(held.html).toContain('<title>Error: Intake | PAL</title>');
    expect(text(held.html)).toMatch(new RegExp(`This consumer may already have an open lead Lead ${firstRef}, created .*, with Capitol Health Navigators \\(Awaiting contact\\): ${match}`));
    expect(held.html).toMatch(/id="create-anyway-error"[^>]*>This consumer may already have an open lead: check Create it anyway/);
  }
  expect(await leadCount()).toBe(before);
  // The preview says so too, before anything is created.
  expect(text((await send(rep, form(consumer), 'preview')).html)).toContain(`Lead ${firstRef}`);

  const confirmed = await send(rep, form({ ...consumer, 'create-anyway': 'yes' }), 'create');
  expect(confirmed.status).toBe(303);
  const secondRef = /([0-9A-Z]{8})$/.exec(confirmed.location!)![1];
  expect(secondRef).not.toBe(firstRef);
  expect(await leadCount()).toBe(before + 1);
  const audit = await auditOf();
  expect(audit.filter((a) => a.action === 'intake-held-duplicate').at(-1)).toMatchObject({ actor: `staff:${staff.id}`, detail: { duplicates: [firstLead!.id] } });
  const created = audit.filter((a) => a.action === 'created-lead');
  expect(created.at(-1)).toMatchObject({ actor: `staff:${staff.id}`, detail: { duplicatesConfirmed: [firstLead!.id] } });
  expect(created.at(-2)).toMatchObject({ detail: {} });
  const [createdBy] = await suite.t.sql<{ created_by: string }[]>`select created_by from leads where id = ${created.at(-1)!.leadId}`;
  expect(createdBy!.created_by).toBe(`staff:${staff.id}`);
});

test('the same form sent twice is one lead: the second goes to the first one, saying so', async () => {
  const page = await rep.request('/intake');
  const fields = { _csrf: csrfOf(page.html), 'request-id': /name="request-id" value="([^"]+)"/.exec(page.html)![1]!, ...form({ 'first-name': 'Twice', 'last-name': 'Sent', phone: '651-555-0104', email: 'twice@example.org' }), intent: 'create' };
  const first = await rep.request('/intake', { form: fields });
  const before = await leadCount();
  const again = await rep.request('/intake', { form: fields });
  expect(again.location).toBe(`${first.location}?again=1`);
  expect(await leadCount()).toBe(before);
  expect(text((await rep.request(again.location!)).html)).toContain('This form was sent before This is the lead it created; nothing new was created.');
});

test('Lead created shows the reference, the organization, its public phone and the contact deadline, in words for the consumer', async () => {
  const created = await send(rep, form({ 'first-name': 'Cora', 'last-name': 'Created', phone: '651-555-0105', email: 'cora@example.org' }), 'create');
  expect(created.status).toBe(303);
  const ref = /([0-9A-Z]{8})$/.exec(created.location!)![1]!;
  const page = await rep.request(created.location!);
  expect(page.status).toBe(200);
  expect(page.html).toContain('<h1>Lead created</h1>');
  const [row] = await suite.t.sql<{ id: string; contact_deadline_at: Date; reference_number: string }[]>`select id, contact_deadline_at, reference_number from leads where created_by = ${`staff:${staff.id}`} order by created_at desc limit 1`;
  expect(leadReference(Number(row!.reference_number))).toBe(ref);
  const words = text(page.html);
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'long' }).format(row!.contact_deadline_at);
  expect(words).toContain(`Your reference number is ${ref.slice(0, 4)} ${ref.slice(4)} .`);
  expect(words).toMatch(new RegExp(`Capitol Health Navigators will call you by ${weekday}, \\w+ \\d+ at 5:00 PM\\.`));
  expect(words).toContain('If you want to reach them, their phone number is (651) 555-0100.');
  expect(words).toContain(`Reference ${ref} Organization Capitol Health Navigators Organization's public phone (651) 555-0100 Contact deadline ${when(row!.contact_deadline_at)}`);
  // Nothing of the consumer on the page or in its address.
  expect(page.html).not.toMatch(/Cora|Created,|555-0105|cora@/);
  expect(created.location).toBe(`/intake/leads/${ref}`);

  // An organization without a public phone: it will call.
  const far = await send(rep, form({ 'first-name': 'Dale', 'last-name': 'Duluth', phone: '218-555-0106', email: 'dale@example.org', zip: '55802' }), 'create');
  const farWords = text((await rep.request(far.location!)).html);
  expect(farWords).toMatch(/Lake Superior Navigators will call you by \w+, \w+ \d+ at 5:00 PM\. The organization will call you/);
  expect(farWords).toContain("Organization's public phone None on record: the organization will call the consumer");

  // No assister can take it (the only broker is full): PAL holds it, and the consumer hears that one will call.
  await suite.t.sql`update assisters set capacity = 0 where id = 'in-brk-stpaul'`;
  const held = await send(rep, form({ 'first-name': 'Hal', 'last-name': 'Held', phone: '651-555-0109', email: 'hal@example.org', 'plan-selection-help': 'yes' }), 'create');
  const heldWords = text((await rep.request(held.location!)).html);
  expect(heldWords).toContain('An assister organization near you will call you. We are finding one for you now.');
  expect(heldWords).toContain('Organization None yet: no assister can take the lead now. PAL holds it and alerts the coordinator.');
  expect(heldWords).toContain('Contact deadline Set when an assister takes the lead');

  const audit = await auditOf();
  expect(audit.filter((a) => a.action === 'viewed-lead-created').at(-3)).toMatchObject({ actor: `staff:${staff.id}`, leadId: row!.id });
  expect((await rep.request('/intake/leads/ZZZZZZZZ')).status).toBe(404);
});

test('an assister or a signed-out visitor cannot use the intake or see Lead created; a form without its CSRF token is refused', async () => {
  const created = await send(rep, form({ 'first-name': 'Ada', 'last-name': 'Access', phone: '651-555-0107', email: 'ada@example.org' }), 'create');
  const leadPath = created.location!;
  const before = await leadCount();

  const navigator = new Visitor(suite.server.url);
  await signIn(navigator, 'in-nav-near@assisters.example.org');
  const refused = await navigator.request('/intake');
  expect(refused.status).toBe(403);
  expect(refused.html).toContain('This page is not for your account');
  expect(refused.html).not.toContain('First name');
  const portal = await navigator.request('/portal');
  expect((await navigator.request('/intake', { form: { _csrf: csrfOf(portal.html), ...form(), intent: 'create' } })).status).toBe(403);
  expect((await navigator.request(leadPath)).status).toBe(403);

  const stranger = new Visitor(suite.server.url);
  expect(await stranger.request('/intake')).toMatchObject({ status: 303, location: '/portal/sign-in' });
  expect(await stranger.request(leadPath)).toMatchObject({ status: 303, location: '/portal/sign-in' });
  expect((await stranger.request('/intake', { form: { ...form(), intent: 'create' } })).status).toBe(403);

  // The representative's own form without its token: refused before anything is read.
  const noToken = await rep.request('/intake', { form: { ...form({ 'first-name': 'Nora', 'last-name': 'Token', phone: '651-555-0108' }), intent: 'create' } });
  expect(noToken.status).toBe(403);
  expect(noToken.html).toContain('This form has expired');
  expect(await leadCount()).toBe(before);
});

test("every view and action is in the audit trail by the staff member's id, with nothing of the consumer", async () => {
  const audit = await auditOf();
  expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['viewed-intake', 'intake-refused', 'previewed-routing', 'intake-held-duplicate', 'created-lead', 'intake-sent-again', 'viewed-lead-created']));
  expect(new Set(audit.map((a) => a.actor))).toEqual(new Set([`staff:${staff.id}`]));
  expect(audit.find((a) => a.action === 'intake-refused')).toMatchObject({ detail: { fields: ['phone', 'consent-to-share'] } });
  expect(JSON.stringify(audit)).not.toMatch(/Ana|Lopez|Dora|Dupe|555-01|@example\.org|55106|Spanish|renewing/i);
});

// After the audit test above (which expects only the representative's intake actions): a coordinator reads the lead.
test('Send to a navigator instead: a reason is required, refused when the rules choose a navigator; recorded for staff only; the API shares it', async () => {
  const qhp = { 'determination-MA': '', 'determination-QHP': 'yes' };
  const who = { 'first-name': 'Nina', 'last-name': 'Navigate', phone: '651-555-0110', email: 'nina@example.org', ...qhp };
  const before = await leadCount();
  const noReason = await send(rep, form({ ...who, 'navigator-override': 'yes' }), 'create');
  expect(noReason.status).toBe(400);
  expect(noReason.html).toMatch(/href="#navigator-reason">Reason for sending to a navigator is required/);
  expect(noReason.html).toMatch(/id="navigator-reason-error"[^>]*>Reason for sending to a navigator is required/);
  expect(noReason.html).toMatch(/id="navigator-override" type="checkbox" name="navigator-override" value="yes" checked/);
  // The rules already choose a navigator (public-program): refused beside the choice, whatever the reason.
  const navigatorAnyway = await send(rep, form({ ...who, ...{ 'determination-MA': 'yes', 'determination-QHP': '' }, 'navigator-override': 'yes', 'navigator-reason': 'Prefers a navigator' }), 'preview');
  expect(navigatorAnyway.status).toBe(400);
  expect(navigatorAnyway.html).toMatch(/id="navigator-override-error"[^>]*>The rules already send this lead to a navigator \(rule public-program\)/);
  expect(navigatorAnyway.html).toContain('value="Prefers a navigator"');
  // A reason typed without the choice changes nothing: the rules decide (qhp, a broker).
  expect(text((await send(rep, form({ ...who, 'navigator-reason': 'Unused' }), 'preview')).html)).toMatch(/Type Broker .* Rule qhp/);

  const reason = 'Consumer asked for free help in Hmong';
  const preview = text((await send(rep, form({ ...who, 'navigator-override': 'yes', 'navigator-reason': reason }), 'preview')).html);
  expect(preview).toMatch(/Type Navigator Assister Capitol Health Navigators \(in-nav-near\) Distance [\d.]+ miles? from the consumer's ZIP code Rule navigator-by-representative: the representative sent it to a navigator against the rule \(the rule qhp, .*, would send it to a broker\)/);
  expect(preview).toMatch(/Closer ones skipped in-nav-full organization \(in-nav-full\), [\d.]+ miles?: at capacity/);
  expect(await leadCount()).toBe(before);

  const created = await send(rep, form({ ...who, 'navigator-override': 'yes', 'navigator-reason': reason }), 'create');
  expect(created.status).toBe(303);
  const ref = /([0-9A-Z]{8})$/.exec(created.location!)![1]!;
  const createdWords = text((await rep.request(created.location!)).html);
  expect(createdWords).toContain('Capitol Health Navigators will call you');
  expect(createdWords).toMatch(new RegExp(`Sent to a navigator against the rule Rule overridden qhp: .* Sent to a navigator by ${repEmail}, .* Reason for sending to a navigator ${reason}`));
  const [row] = await suite.t.sql<{ id: string; assister_id: string; rule: string }[]>`select id, assister_id, rule from leads where created_by = ${`staff:${staff.id}`} order by created_at desc limit 1`;
  expect(row).toMatchObject({ assister_id: 'in-nav-near', rule: 'navigator-by-representative' });
  const events = await suite.t.sql<{ type: string; data: Record<string, unknown> }[]>`select type, data from lead_events where lead_id = ${row!.id} order by id`;
  // Who and which rule; the reason stays with the lead's intake, its only copy.
  expect(events[0]).toEqual({ type: 'sent-to-navigator-against-the-rule', data: { by: `staff:${staff.id}`, overriddenRule: 'qhp' } });
  // Audited as a fact, never with its reason.
  const audit = await auditOf();
  expect(audit.filter((a) => a.action === 'created-lead').at(-1)).toMatchObject({ leadId: row!.id, detail: { navigatorOverride: true } });
  expect(JSON.stringify(audit)).not.toContain('Hmong');

  // Staff see it on the lead's page; its assister's portal page and referral email do not carry the reason.
  const coordinator = new Visitor(suite.server.url);
  const added = await addStaff(suite.t.sql, 'coord@contact-center.example.org', 'coordinator', 'test');
  if ('problem' in added) throw new Error(added.problem);
  await signIn(coordinator, 'coord@contact-center.example.org');
  const staffPage = text((await coordinator.request(`/leads/${ref}`)).html);
  expect(staffPage).toContain(`Sent to a navigator against the rule Rule overridden qhp`);
  expect(staffPage).toContain(`Reason for sending to a navigator ${reason}`);
  expect(staffPage).toMatch(/History .*: Sent to a navigator against the rule at intake .*: Assigned to an assister/);
  const navigator = new Visitor(suite.server.url);
  await signIn(navigator, 'in-nav-near@assisters.example.org');
  const portalPage = await navigator.request(`/portal/leads/${ref}`);
  expect(portalPage.status).toBe(200);
  expect(portalPage.html).toContain('Nina');
  expect(portalPage.html).not.toContain('Hmong');
  // Nor how staff decided: the event is not in the organization's history.
  expect(portalPage.html).not.toContain('against the rule');
  let mails = await mailsFor({ leadId: row!.id, reference: ref });
  for (let i = 0; i < 50 && !mails.length; i++) mails = await new Promise((r) => setTimeout(r, 200)).then(() => mailsFor({ leadId: row!.id, reference: ref }));
  expect(mails.length).toBeGreaterThan(0);
  for (const m of mails) expect(m.Text + m.HTML + m.Subject).not.toContain('Hmong');

  // The API takes the same field with the same rules (one validation).
  const api = (body: unknown) =>
    fetch(`${suite.server.url}/api/leads`, { method: 'POST', headers: { authorization: `Bearer ${testTokens.contactCenterToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const lead = {
    consumer: { firstName: 'Api', lastName: 'Override', phone: '651-555-0111', zip: '55106' },
    account: { active: false },
    application: { active: true },
    determinations: ['QHP'],
    reasonForHelp: 'Wants help',
    planSelectionHelp: false,
    guidanceProvided: 'Explained',
    consentToShare: true,
    workingWithAssister: false,
    createdBy: 'contact-center-api',
  };
  const missing = await api({ ...lead, navigatorOverride: { reason: ' ' } });
  expect(missing.status).toBe(400);
  expect((await missing.json()).details).toEqual([{ field: 'navigatorOverride.reason', message: 'Reason for sending to a navigator is required' }]);
  const refused = await api({ ...lead, determinations: ['MinnesotaCare'], navigatorOverride: { reason: 'Prefers a navigator' } });
  expect(refused.status).toBe(400);
  expect((await refused.json()).details).toEqual([{ field: 'navigatorOverride', message: expect.stringContaining('The rules already send this lead to a navigator (rule public-program)') }]);
  // Only PAL's pages name a staff account as the creator: an API client cannot claim to be one.
  const posing = await api({ ...lead, createdBy: `staff:${staff.id}`, navigatorOverride: { reason: 'Prefers a navigator' } });
  expect(posing.status).toBe(400);
  expect((await posing.json()).details).toEqual([{ field: 'createdBy', message: 'Created by may not begin with "staff:": that names a PAL staff account' }]);
  const viaApi = await api({ ...lead, navigatorOverride: { reason: 'Prefers a navigator' } });
  expect(viaApi.status).toBe(201);
  expect(await viaApi.json()).toMatchObject({ assisterType: 'navigator', assisterId: 'in-nav-near', rule: 'navigator-by-representative' });
  const docs = await (await fetch(`${suite.server.url}/openapi.json`)).json();
  expect(JSON.stringify(docs)).toContain('navigatorOverride');
});

test("the routing preview says how the consumer's language weighed: a speaker a little farther is chosen over the closest", async () => {
  await suite.t.addAssisters([assister('in-nav-mpls', '55401', { name: 'Riverside Navigators', languages: ['Somali'] })]);
  const before = await leadCount();
  const preview = text((await send(rep, form({ 'preferred-language': 'Soomaali' }), 'preview')).html);
  expect(preview).toMatch(/Assister Riverside Navigators \(in-nav-mpls\) Distance [\d.]+ miles/);
  expect(preview).toMatch(/Language Soomaali: Riverside Navigators \(in-nav-mpls\) speaks it, [\d.]+ miles farther than Capitol Health Navigators \(in-nav-near\), the closest, which does not/);
  // The closer one passed over says why: the language, not a skip reason.
  expect(preview).toMatch(/Closer ones skipped .*Capitol Health Navigators \(in-nav-near\), [\d.]+ miles?: does not speak Soomaali/);
  // English, or a language nobody near speaks: the closest, and the preview says so for the latter.
  expect(text((await send(rep, form({ 'preferred-language': 'English' }), 'preview')).html)).not.toContain('Language ');
  expect(text((await send(rep, form({ 'preferred-language': 'Karen' }), 'preview')).html)).toContain('Language Karen: no eligible assister of this type lists it; the closest was chosen');
  expect(await leadCount()).toBe(before);
});
