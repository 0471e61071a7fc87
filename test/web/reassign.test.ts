// A coordinator reassigns a lead from its staff page: the assisters of its type closest first (with why routing
// skips any), the next eligible one by default; overriding eligibility needs an assister and a reason. Representatives
// see no such form and cannot post it. "The next eligible assister" is the one the lead's workflow would choose: past
// the assisters that declined it or were reassigned away; with none eligible, the form says so and does not offer it.
import { reportOnLead } from '../../client/lead-actions';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { addStaff } from '../../store/staff';
import { csrfOf, Visitor } from '../support/browserless';
import { eventually } from '../support/eventually';
import { pageSuite } from '../support/page-suite';
import { signIn } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

// Closest first from the consumers' ZIP code 55106: a, b, then c in Minneapolis.
const suite = pageSuite({ assisters: [assister('ra-nav-a', '55106'), assister('ra-nav-b', '55101'), assister('ra-nav-c', '55401')] });

async function signedIn(email: string, role: 'coordinator' | 'contact-center') {
  await addStaff(suite.t.sql, email, role, 'test');
  const visitor = new Visitor(suite.server.url);
  await signIn(visitor, email);
  return visitor;
}

/** A lead from 55106, routed to the closest assister, a. */
async function leadWithA() {
  const created = await suite.t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  const { leadId, reference } = created.lead;
  const handle = suite.t.env.client.workflow.getHandle(leadWorkflowId(leadId));
  expect((await eventually(() => handle.query(statusQuery), (v) => v.status === 'awaiting-contact')).assisterId).toBe('ra-nav-a');
  return { leadId, reference, handle };
}

/** The hidden fields of a confirmation page's form: what its Confirm button posts (an empty value renders bare). */
const hiddenFields = (html: string) => Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value(?:="([^"]*)")?/g)].map((m) => [m[1]!, (m[2] ?? '').replaceAll('&amp;', '&')]));

test('a coordinator reassigns to the next eligible assister; an override needs a reason; representatives cannot', async () => {
  const { t } = suite;
  const coordinator = await signedIn('ra-coordinator@mnsure.example.org', 'coordinator');
  const rep = await signedIn('ra-rep@mnsure.example.org', 'contact-center');
  const { leadId, reference, handle } = await leadWithA();

  const page = await coordinator.request(`/leads/${reference}`);
  expect(page.html).toContain('<h2 id="reassign-lead">Reassign lead</h2>');
  expect(page.html).toMatch(/<option value="ra-nav-b"[^>]*>[^<]*miles/);
  expect((await rep.request(`/leads/${reference}`)).html).not.toContain('Reassign lead');
  expect((await rep.request(`/leads/${reference}/reassign`, { form: { _csrf: csrfOf((await rep.request(`/leads/${reference}`)).html) } })).status).toBe(403);

  const noReason = await coordinator.request(`/leads/${reference}/reassign`, { form: { _csrf: csrfOf(page.html), 'reassign-to': 'ra-nav-b', 'reassign-override': 'yes' } });
  expect(noReason.status).toBe(400);
  expect(noReason.html).toMatch(/id="reassign-reason-error"[^>]*>To override eligibility, choose an assister and give the reason/);

  // The valid form asks first, naming whom the lead goes to; nothing changes and nothing is audited.
  const asked = await coordinator.request(`/leads/${reference}/reassign`, { form: { _csrf: csrfOf(page.html), 'reassign-to': '' } });
  expect(asked.status).toBe(200);
  expect(asked.html).toContain(`<h1>Reassign lead ${reference} to the next eligible assister, ra-nav-b organization?</h1>`);
  expect(asked.html).toContain("ra-nav-b organization gets the referral, and the assister that has the lead now is told it was withdrawn from it.");
  expect(asked.html).toContain(`<a class="usa-button usa-button--unstyled" href="/leads/${reference}#reassign-lead">Cancel</a>`);
  expect(hiddenFields(asked.html)).toEqual({ _csrf: expect.any(String), 'reassign-to': '', confirm: 'yes' });
  expect(asked.html).not.toContain(sampleLead().consumer.firstName);
  expect((await handle.query(statusQuery)).assisterId).toBe('ra-nav-a');
  // Cancel is a link back to the lead page: nothing changes.
  expect((await coordinator.request(`/leads/${reference}`)).status).toBe(200);
  expect((await handle.query(statusQuery)).assisterId).toBe('ra-nav-a');
  expect(await t.sql`select 1 from audit_events where action = 'reassigned-lead' and lead_id = ${leadId}`).toHaveLength(0);

  // The confirmation without its CSRF token changes nothing; its hidden values are checked again when posted.
  const noToken = await coordinator.request(`/leads/${reference}/reassign`, { form: { ...hiddenFields(asked.html), _csrf: '' } });
  expect(noToken.status).toBe(403);
  for (const [tampered, error] of [
    [{ 'reassign-to': 'ra-nav-a' }, /id="reassign-to-error"[^>]*>Lead is already assigned to ra-nav-a organization/],
    [{ 'reassign-to': 'no-such-assister' }, /id="reassign-to-error"[^>]*>Select an assister from the list/],
    [{ 'reassign-to': 'ra-nav-c', 'reassign-override': 'yes' }, /id="reassign-reason-error"[^>]*>To override eligibility, choose an assister and give the reason/],
  ] as const) {
    const refused = await coordinator.request(`/leads/${reference}/reassign`, { form: { ...hiddenFields(asked.html), ...tampered } });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(error);
  }
  expect((await handle.query(statusQuery)).assisterId).toBe('ra-nav-a');

  const done = await coordinator.request(`/leads/${reference}/reassign`, { form: hiddenFields(asked.html) });
  expect(done.status).toBe(303);
  expect((await coordinator.request(done.location!)).html).toContain('Lead reassigned');
  expect((await handle.query(statusQuery)).assisterId).toBe('ra-nav-b');
  const [audit] = await t.sql<{ detail: unknown }[]>`select detail from audit_events where action = 'reassigned-lead' and lead_id = ${leadId}`;
  expect(audit).toEqual({ detail: { assisterId: 'ra-nav-b', override: false } });
});

test('from an escalation, the confirmation names the assister chosen and keeps the override, and Cancel goes back there', async () => {
  const { t } = suite;
  const coordinator = await signedIn('ra-coordinator-3@mnsure.example.org', 'coordinator');
  const { leadId, reference, handle } = await leadWithA();
  const page = await coordinator.request(`/leads/${reference}`);
  const fields = { _csrf: csrfOf(page.html), 'reassign-to': 'ra-nav-c', 'reassign-reason': 'Speaks Hmong', 'reassign-override': 'yes', return: '/coordinator/escalations/42' };
  const asked = await coordinator.request(`/leads/${reference}/reassign`, { form: fields });
  expect(asked.status).toBe(200);
  expect(asked.html).toContain(`<h1>Reassign lead ${reference} to ra-nav-c organization?</h1>`);
  expect(asked.html).toContain("This overrides eligibility; your reason is kept in the lead's history.");
  expect(asked.html).toContain('<a class="usa-button usa-button--unstyled" href="/coordinator/escalations/42">Cancel</a>');
  expect(hiddenFields(asked.html)).toEqual({ ...fields, _csrf: expect.any(String), confirm: 'yes' });
  expect((await handle.query(statusQuery)).assisterId).toBe('ra-nav-a');
  // A return address that is not an escalation's page is dropped, on the confirmation as on the redirect.
  const elsewhere = await coordinator.request(`/leads/${reference}/reassign`, { form: { ...fields, return: 'https://evil.example.com/' } });
  expect(hiddenFields(elsewhere.html)).not.toHaveProperty('return');
  expect(elsewhere.html).toContain(`href="/leads/${reference}#reassign-lead">Cancel</a>`);

  const done = await coordinator.request(`/leads/${reference}/reassign`, { form: hiddenFields(asked.html) });
  expect(done.status).toBe(303);
  expect(done.location).toBe('/coordinator/escalations/42?done=reassigned');
  expect((await handle.query(statusQuery)).assisterId).toBe('ra-nav-c');
  expect(await t.sql`select detail from audit_events where action = 'reassigned-lead' and lead_id = ${leadId}`).toEqual([{ detail: { assisterId: 'ra-nav-c', override: true } }]);
});

test('after a decline, the next eligible assister named is the one the workflow chooses; with none left, it is not offered', async () => {
  const { t } = suite;
  const coordinator = await signedIn('ra-coordinator-2@mnsure.example.org', 'coordinator');
  const { leadId, reference, handle } = await leadWithA();
  // The first assister declines: the workflow reroutes to b and will not choose a again.
  await reportOnLead(t.env.client, leadId, 'ra-nav-a', 'decline', { reason: 'No capacity this week' });
  expect((await eventually(() => handle.query(statusQuery), (v) => v.status === 'awaiting-contact' && v.assisterId !== 'ra-nav-a')).assisterId).toBe('ra-nav-b');

  // Not a (declined, though closest and otherwise eligible), not b (the lead's assister now): c.
  const page = await coordinator.request(`/leads/${reference}`);
  expect(page.html).toMatch(/<option value>The next eligible assister: ra-nav-c organization, [\d.]+ miles<\/option>/);
  expect(page.html).toMatch(/<option value="ra-nav-a"[^>]*>ra-nav-a organization, [\d.]+ miles<\/option>/);
  expect(page.html).not.toContain('No assister is eligible');

  const asked = await coordinator.request(`/leads/${reference}/reassign`, { form: { _csrf: csrfOf(page.html), 'reassign-to': '' } });
  expect(asked.html).toContain(`<h1>Reassign lead ${reference} to the next eligible assister, ra-nav-c organization?</h1>`);
  const done = await coordinator.request(`/leads/${reference}/reassign`, { form: hiddenFields(asked.html) });
  expect(done.status).toBe(303);
  expect((await handle.query(statusQuery)).assisterId).toBe('ra-nav-c');
  expect(await t.sql`select assister_id from leads where id = ${leadId}`).toEqual([{ assister_id: 'ra-nav-c' }]);

  // a declined, b was reassigned away, c has it: nobody is eligible, and the form says so instead of offering one.
  const none = await coordinator.request(`/leads/${reference}`);
  expect(none.html).toContain('No assister is eligible for this lead now');
  expect(none.html).not.toContain('The next eligible assister');
  expect(none.html).toMatch(/<option value>- Select an assister -<\/option>/);
  // Posted anyway (an old page): refused beside the field, the lead stays with c.
  const refused = await coordinator.request(`/leads/${reference}/reassign`, { form: { _csrf: csrfOf(none.html), 'reassign-to': '' } });
  expect(refused.status).toBe(400);
  expect(refused.html).toMatch(/id="reassign-to-error"[^>]*>No assister is eligible for this lead now: choose an assister by name/);
  expect((await handle.query(statusQuery)).assisterId).toBe('ra-nav-c');
});
