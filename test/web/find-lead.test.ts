// Find a lead, over HTTP: staff search by reference, name, phone or email in a POST body (never a URL), see the
// results and open a lead's page with its items and history; assisters and signed-out visitors cannot; what was
// searched by (never the text) is in the audit trail.
import { addStaff } from '../../store/staff';
import { csrfOf, Visitor } from '../support/browserless';
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
  expect(page.html).toMatch(/<h2>History<\/h2>/);
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
