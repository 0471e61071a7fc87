// Find a lead, over HTTP: staff search by reference, name, phone or email in a POST body (never a URL), see the
// results and open a lead's page with its items and history; assisters and signed-out visitors cannot; what was
// searched by (never the text) is in the audit trail.
import { DEFAULT_RETENTION } from '../../domain/retention';
import { applyRetentionPolicy } from '../../store/retention';
import { addStaff } from '../../store/staff';
import { eventWords, slugWords } from '../../client/web/words';
import { csrfOf, Visitor } from '../support/browserless';
import { eventually } from '../support/eventually';
import { pageSuite } from '../support/page-suite';
import { signIn } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

const suite = pageSuite({ assisters: [assister('fl-nav-a', '55106')] });
let rep: Visitor;
let lead: { leadId: string; reference?: string };

beforeAll(async () => {
  const { t, server } = suite;
  await addStaff(t.sql, 'fl-rep@mnsure.example.org', 'contact-center', 'test');
  rep = new Visitor(server.url);
  await signIn(rep, 'fl-rep@mnsure.example.org');
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Fenna', lastName: 'Lindqvist', zip: '55106', phone: '(651) 555-0177', email: 'fenna@example.com' } }));
  if (!created.ok) throw new Error('refused');
  lead = created.lead;
});

async function find(text: string) {
  const page = await rep.request('/leads/find');
  return rep.request('/leads/find', { form: { _csrf: csrfOf(page.html), search: text } });
}

test('found by reference, name, phone or email; the text never in a URL', async () => {
  for (const text of [lead.reference!.toLowerCase(), 'lindq', 'fen lind', '651.555.0177', '+1 651 555 0177', 'FENNA@example.com']) {
    const found = await find(text);
    expect(found.status).toBe(200);
    expect(found.html).toContain(`href="/leads/${lead.reference}"`);
    expect(found.html).toContain('Fenna Lindqvist');
  }
  // Staff read where the lead stands, not the assister's to-do.
  expect((await find('lindq')).html).toContain('<td data-label="Status">Awaiting contact</td>');
  expect((await find('Nobody Here')).html).toContain('No lead found');
  const refused = await find('555-01');
  expect(refused.status).toBe(400);
  expect(refused.html).toContain('<title>Error: Find a lead | PAL</title>');
  expect(refused.html).toMatch(/id="search-error"[^>]*>A phone number has 10 digits/);
  expect((await rep.request('/leads/find', { form: { search: 'lindq' } })).status).toBe(403);
});

test("the lead's page shows its items, assister, status and history", async () => {
  const page = await rep.request(`/leads/${lead.reference}`);
  expect(page.status).toBe(200);
  expect(page.html).toContain(`<h1>Lead ${lead.reference}</h1>`);
  expect(page.html).toContain('(651) 555-0177');
  expect(page.html).toContain('fl-nav-a');
  expect(page.html).toMatch(/Status: Awaiting contact\. Assister:/);
  expect(page.html).not.toContain('Status: Contact the consumer');
  expect(page.html).toMatch(/<h2>History<\/h2>/);
  expect(page.html).toMatch(/<li>[^<]+: Assigned to an assister<\/li>/);
  expect((await rep.request('/leads/ZZZZZZZZ')).status).toBe(404);
});

test('assisters and signed-out visitors cannot search; the audit trail has the kind of search, not the text', async () => {
  const { t, server } = suite;
  const navigator = new Visitor(server.url);
  await signIn(navigator, 'fl-nav-a@assisters.example.org');
  expect((await navigator.request('/leads/find')).status).toBe(403);
  expect((await navigator.request(`/leads/${lead.reference}`)).status).toBe(403);
  expect((await new Visitor(server.url).request('/leads/find')).location).toBe('/portal/sign-in');
  const rows = await t.sql<{ action: string; detail: unknown }[]>`select action, detail from audit_events where actor like 'staff:%' and action = 'searched-leads'`;
  expect(rows.map((r) => (r.detail as { by: string }).by)).toEqual(expect.arrayContaining(['reference', 'name', 'phone', 'email']));
  expect(JSON.stringify(rows)).not.toMatch(/Fenna|Lindq|555|fenna@/i);
});

describe('staff correct contact details and withdraw a lead (issue 12)', () => {
  let other: { leadId: string; reference?: string };
  beforeAll(async () => {
    await suite.t.addAssisters([assister('fl-nav-duluth', '55802')]);
    const created = await suite.t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Greta', lastName: 'Holm', zip: '55106', phone: '651-555-0181', email: 'greta@example.com' } }));
    if (!created.ok) throw new Error('refused');
    other = created.lead;
  });

  test('the forms are prefilled; a bad phone or ZIP code is refused beside its field, without the value in the audit trail', async () => {
    const page = await rep.request(`/leads/${other.reference}`);
    expect(page.html).toMatch(/<h2 id="correct-contact-details">Correct contact details<\/h2>/);
    expect(page.html).toMatch(/id="phone"[^>]*value="651-555-0181"|value="651-555-0181"[^>]*id="phone"/);
    expect(page.html).toMatch(/<legend class="usa-legend">Reason for withdrawing<\/legend>/);
    const refused = await rep.submit(`/leads/${other.reference}`, `/leads/${other.reference}/consumer`, { phone: '555-0000', email: 'greta@example.com', zip: '90210' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain(`<title>Error: Lead ${other.reference} | PAL</title>`);
    expect(refused.html).toMatch(/id="phone-error"[^>]*>Phone number must be a valid US phone number/);
    expect(refused.html).toMatch(/id="zip-error"[^>]*>ZIP code must be a Minnesota ZIP code/);
    expect(refused.html).toContain('<a href="#phone">');
    const unchanged = await rep.submit(`/leads/${other.reference}`, `/leads/${other.reference}/consumer`, { phone: '651-555-0181', email: 'greta@example.com', zip: '55106' });
    expect(unchanged.html).toMatch(/id="phone-error"[^>]*>Change the phone, email or ZIP code/);
    const noReason = await rep.submit(`/leads/${other.reference}`, `/leads/${other.reference}/withdraw`, { 'withdraw-note': 'x' });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toMatch(/id="withdraw-reason-error"[^>]*>Select the reason for withdrawing/);
    expect((await rep.request(`/leads/${other.reference}/withdraw`, { form: { 'withdraw-reason': 'consent-revoked' } })).status).toBe(403);
  });

  test('a new ZIP code before contact reroutes the lead; a withdrawal closes it; the audit trail names the fields, not the values', async () => {
    const corrected = await rep.submit(`/leads/${other.reference}`, `/leads/${other.reference}/consumer`, { phone: '651-555-0181', email: '', zip: '55802' });
    expect(corrected.status).toBe(303);
    expect(corrected.location).toBe(`/leads/${other.reference}?done=consumer-rerouted`);
    const after = await rep.request(corrected.location!);
    expect(after.html).toContain('Contact details corrected');
    expect(after.html).toContain('fl-nav-duluth');
    const [row] = await suite.t.sql<{ intake: { consumer: Record<string, string> } }[]>`select intake from leads where id = ${other.leadId}`;
    expect(row!.intake.consumer).toMatchObject({ zip: '55802' });
    expect(row!.intake.consumer).not.toHaveProperty('email');

    const withdrawn = await rep.submit(`/leads/${other.reference}`, `/leads/${other.reference}/withdraw`, { 'withdraw-reason': 'created-in-error', 'withdraw-note': 'Entered twice by mistake' });
    expect(withdrawn.location).toBe(`/leads/${other.reference}?done=withdraw`);
    const closed = await rep.request(withdrawn.location!);
    expect(closed.html).toContain('Lead withdrawn');
    expect(closed.html).toContain('(created in error)');
    expect(closed.html).toMatch(/Assister: [^<]*\(fl-nav-duluth\), withdrawn from it\./);
    // The assister that held it no longer sees it.
    const navigator = new Visitor(suite.server.url);
    await signIn(navigator, 'fl-nav-duluth@assisters.example.org');
    expect((await navigator.request(`/portal/leads/${other.reference}`)).status).toBe(404);
    expect(closed.html).not.toContain('Correct contact details</button>');
    expect(closed.html).not.toContain('Withdraw lead</button>');
    const again = await rep.request(`/leads/${other.reference}/withdraw`, { form: { _csrf: csrfOf(closed.html), 'withdraw-reason': 'consent-revoked' } });
    expect(again.status).toBe(400);
    expect(again.html).toContain('<a href="#lead-status">Lead is already closed</a>');
    expect(again.html).toMatch(/id="lead-status-error"[^>]*>Lead is already closed/);

    const audit = await suite.t.sql<{ action: string; detail: unknown }[]>`select action, detail from audit_events where lead_id = ${other.leadId} and action <> 'viewed-lead' order by id`;
    expect(audit.map((a) => a.action)).toEqual(['corrected-consumer-refused', 'corrected-consumer-refused', 'withdrew-lead-refused', 'corrected-consumer', 'withdrew-lead', 'withdrew-lead-refused']);
    expect(audit.find((a) => a.action === 'corrected-consumer')!.detail).toEqual({ fields: ['email', 'zip'] });
    expect(audit.find((a) => a.action === 'withdrew-lead')!.detail).toEqual({ reason: 'created-in-error' });
    expect(JSON.stringify(audit)).not.toMatch(/555|55802|greta|Entered twice/i);
  });

  test('its history says each event in words of its own, in order', async () => {
    // The new assister's referral is recorded once its email is sent, maybe after the withdrawal.
    const recorded = () => suite.t.sql<{ type: string }[]>`select type from lead_events where lead_id = ${other.leadId} order by id`;
    const events = await eventually(recorded, (rows) => rows.some((e) => e.type === 'reassigned'));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['routed', 'referred', 'consumer-corrected', 'reassigned', 'withdrawn']));
    const history = (await rep.request(`/leads/${other.reference}`)).html.split('<h2>History</h2>')[1]!;
    const shown = [...history.matchAll(/<li>[^<]+: ([^<]+)<\/li>/g)].map((m) => m[1]!.replace(/&#39;|&#x27;/g, "'"));
    expect(shown).toEqual(events.map((e) => eventWords(e.type)));
    for (const { type } of events) expect(eventWords(type)).not.toBe(slugWords(type));
    expect(shown).toEqual(expect.arrayContaining(["The consumer's contact details were corrected", 'Referral sent to the new assister', 'Withdrawn by staff']));
    // An event PAL has no words for yet still reads as words.
    expect(eventWords('some-new-event')).toBe('Some new event');
  });
});

test("a lead past the retention policy: its page says the consumer's details were removed and shows none; a search by name finds nothing", async () => {
  const { t } = suite;
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Rhea', lastName: 'Tentionova', zip: '55106', phone: '(651) 555-0188' } }));
  if (!created.ok) throw new Error('refused');
  await t.sql`update leads set status = 'resolved', resolution = 'Enrolled in QHP', closed_at = now() - make_interval(days => ${DEFAULT_RETENTION.consumerDataDays + 1}) where id = ${created.lead.leadId}`;
  await applyRetentionPolicy(t.sql, DEFAULT_RETENTION, new Date());
  const page = await rep.request(`/leads/${created.lead.reference}`);
  expect(page.status).toBe(200);
  expect(page.html).toContain("The consumer's details were removed on");
  expect(page.html).not.toMatch(/Rhea|Tentionova|555-0188|55106/);
  expect(page.html).not.toContain('>Name<');
  expect(page.html).toContain('Enrolled in QHP');
  expect(page.html).toContain("consumer details and messages were removed under PAL's retention policy: no more messages.");
  expect((await find('Tentionova')).html).toContain('No lead found');
  expect((await find(created.lead.reference!)).html).toContain('Details removed');
});
