// A coordinator reassigns a lead from its staff page: the assisters of its type closest first (with why routing
// skips any), the next eligible one by default; overriding eligibility needs an assister and a reason. Representatives
// see no such form and cannot post it.
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { addStaff } from '../../store/staff';
import { csrfOf, Visitor } from '../support/browserless';
import { eventually } from '../support/eventually';
import { pageSuite } from '../support/page-suite';
import { signIn } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

const suite = pageSuite({ assisters: [assister('ra-nav-a', '55106'), assister('ra-nav-b', '55101')] });

test('a coordinator reassigns to the next eligible assister; an override needs a reason; representatives cannot', async () => {
  const { t, server } = suite;
  await addStaff(t.sql, 'ra-coordinator@mnsure.example.org', 'coordinator', 'test');
  await addStaff(t.sql, 'ra-rep@mnsure.example.org', 'contact-center', 'test');
  const coordinator = new Visitor(server.url);
  await signIn(coordinator, 'ra-coordinator@mnsure.example.org');
  const rep = new Visitor(server.url);
  await signIn(rep, 'ra-rep@mnsure.example.org');
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  const { leadId, reference } = created.lead;
  const handle = t.env.client.workflow.getHandle(leadWorkflowId(leadId));
  expect((await eventually(() => handle.query(statusQuery), (v) => v.status === 'awaiting-contact')).assisterId).toBe('ra-nav-a');

  const page = await coordinator.request(`/leads/${reference}`);
  expect(page.html).toContain('<h2 id="reassign-lead">Reassign lead</h2>');
  expect(page.html).toMatch(/<option value="ra-nav-b"[^>]*>[^<]*miles/);
  expect((await rep.request(`/leads/${reference}`)).html).not.toContain('Reassign lead');
  expect((await rep.request(`/leads/${reference}/reassign`, { form: { _csrf: csrfOf((await rep.request(`/leads/${reference}`)).html) } })).status).toBe(403);

  const noReason = await coordinator.request(`/leads/${reference}/reassign`, { form: { _csrf: csrfOf(page.html), 'reassign-to': 'ra-nav-b', 'reassign-override': 'yes' } });
  expect(noReason.status).toBe(400);
  expect(noReason.html).toMatch(/id="reassign-reason-error"[^>]*>To override eligibility, choose an assister and give the reason/);

  const done = await coordinator.request(`/leads/${reference}/reassign`, { form: { _csrf: csrfOf(page.html), 'reassign-to': '' } });
  expect(done.status).toBe(303);
  expect((await coordinator.request(done.location!)).html).toContain('Lead reassigned');
  expect((await handle.query(statusQuery)).assisterId).toBe('ra-nav-b');
  const [audit] = await t.sql<{ detail: unknown }[]>`select detail from audit_events where action = 'reassigned-lead' and lead_id = ${leadId}`;
  expect(audit).toEqual({ detail: { assisterId: 'ra-nav-b', override: false } });
});
