// The coordinators' queue over HTTP: a lead's escalation email opens a record (once), the queue lists it oldest
// first, a coordinator acknowledges it with a note; recording contact closes the contact-overdue escalation by itself,
// and a coordinator resolves one PAL cannot see end. Only coordinators see the queue.
import { createActivities } from '../../activities';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { PalEscalated } from '../../contracts/search-attributes';
import { OE5_REPORT_CALENDAR, periodContaining } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { reportOnLead } from '../../client/lead-actions';
import { addStaff } from '../../store/staff';
import { reassignReturn } from '../../client/web/reassign-form';
import { csrfOf, Visitor } from '../support/browserless';
import { eventually } from '../support/eventually';
import { pageSuite } from '../support/page-suite';
import { signIn } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

const suite = pageSuite({ assisters: [assister('es-nav-a', '55106'), assister('es-nav-b', '55101')] });

test('an escalation email opens a record once; acknowledged with a note; contact recorded closes it; a coordinator resolves another', async () => {
  const { t, server } = suite;
  await addStaff(t.sql, 'es-coordinator@mnsure.example.org', 'coordinator', 'test');
  const coordinator = new Visitor(server.url);
  await signIn(coordinator, 'es-coordinator@mnsure.example.org');
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  const { leadId, reference } = created.lead;
  await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery), (v) => v.status === 'awaiting-contact');

  // The lead workflow's escalation emails (their activity, retried: still one record each).
  const acts = createActivities({ sql: t.sql, mailer: t.mailer, client: t.env.client });
  for (let i = 0; i < 2; i++) await acts.sendLeadNotice({ leadId, assignment: 1, notice: 'contact-overdue', assisterId: 'es-nav-a' });
  await acts.sendLeadNotice({ leadId, assignment: 1, notice: 'appointment-late', assisterId: 'es-nav-a' });
  expect(await t.sql`select kind from escalations where lead_id = ${leadId} order by id`).toEqual([{ kind: 'contact-overdue' }, { kind: 'appointment-late' }]);

  const queue = await coordinator.request('/coordinator');
  expect(queue.status).toBe(200);
  expect(queue.html).toContain('<h1>Escalations</h1>');
  expect(queue.html).toMatch(/2 open escalations, oldest first[\s\S]*Contact overdue[\s\S]*Appointment later than two weeks/);
  expect(queue.html).toContain(`href="/leads/${reference}"`);
  const [contactOverdue, late] = await t.sql<{ id: number }[]>`select id::int from escalations where lead_id = ${leadId} order by id`;

  const page = await coordinator.request(`/coordinator/escalations/${contactOverdue!.id}`);
  expect(page.html).toContain(`/workflows/lead-${leadId}`);
  const empty = await coordinator.request(`/coordinator/escalations/${contactOverdue!.id}/acknowledge`, { form: { _csrf: csrfOf(page.html), note: ' ' } });
  expect(empty.status).toBe(400);
  expect(empty.html).toMatch(/id="note-error"[^>]*>Enter a note for the other coordinators/);
  const acked = await coordinator.request(`/coordinator/escalations/${contactOverdue!.id}/acknowledge`, { form: { _csrf: csrfOf(page.html), note: 'Called the navigator' } });
  expect(acked.status).toBe(303);
  expect((await coordinator.request('/coordinator')).html).toContain('By es-coordinator@mnsure.example.org: Called the navigator');

  // Contact recorded: the workflow's record closes the contact-overdue escalation.
  await reportOnLead(t.env.client, leadId, 'es-nav-a', 'contact', { contactDate: minnesotaDate(new Date()) });
  const [closed] = await t.sql<{ resolvedBy: string; resolution: string }[]>`select resolved_by as "resolvedBy", resolution from escalations where id = ${contactOverdue!.id}`;
  expect(closed).toEqual({ resolvedBy: 'PAL', resolution: 'contact-reported' });

  // One PAL cannot see end: the coordinator resolves it.
  const latePage = await coordinator.request(`/coordinator/escalations/${late!.id}`);
  expect((await coordinator.request(`/coordinator/escalations/${late!.id}/resolve`, { form: { _csrf: csrfOf(latePage.html), resolution: 'Consumer chose the later date' } })).status).toBe(303);
  expect((await coordinator.request('/coordinator')).html).toContain('No open escalations.');
  const trail = await t.sql<{ action: string }[]>`select action from audit_events where actor like 'staff:%' and lead_id = ${leadId}`;
  expect(trail.map((r) => r.action)).toEqual(expect.arrayContaining(['acknowledged-escalation', 'resolved-escalation']));
});

test('reassigned from the queue, the former assister\'s escalation closes itself; resolved by hand, the lead is no longer escalated', async () => {
  const { t, server } = suite;
  await addStaff(t.sql, 'es-coordinator-3@mnsure.example.org', 'coordinator', 'test');
  const coordinator = new Visitor(server.url);
  await signIn(coordinator, 'es-coordinator-3@mnsure.example.org');
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55106' } }));
  if (!created.ok || created.lead.assisterId !== 'es-nav-a') throw new Error('not routed to es-nav-a');
  const { leadId } = created.lead;
  const lead = t.env.client.workflow.getHandle(leadWorkflowId(leadId));
  await eventually(() => lead.query(statusQuery), (v) => v.status === 'awaiting-contact');
  const acts = createActivities({ sql: t.sql, mailer: t.mailer, client: t.env.client });
  await acts.sendLeadNotice({ leadId, assignment: 1, notice: 'contact-overdue', assisterId: 'es-nav-a' });
  const [escalation] = await t.sql<{ id: number }[]>`select id::int from escalations where lead_id = ${leadId}`;

  // The escalation's page offers Reassign lead: the other navigator, with its distance.
  const page = await coordinator.request(`/coordinator/escalations/${escalation!.id}`);
  expect(page.html).toMatch(/<h2 id="reassign-lead">Reassign lead<\/h2>/);
  expect(page.html).toMatch(/<option value="es-nav-b">es-nav-b organization, [\d.]+ miles<\/option>/);
  // Routing's own choice is named too.
  expect(page.html).toMatch(/<option value>The next eligible assister: es-nav-b organization, [\d.]+ miles<\/option>/);
  const reassigned = await coordinator.request(`/leads/${created.lead.reference}/reassign`, {
    // As its confirmation page posts it (Confirm reassignment): test/web/reassign.test.ts tests that page.
    form: { _csrf: csrfOf(page.html), 'reassign-to': 'es-nav-b', 'reassign-reason': 'No answer from es-nav-a', return: `/coordinator/escalations/${escalation!.id}`, confirm: 'yes' },
  });
  expect(reassigned.status).toBe(303);
  expect(reassigned.location).toBe(`/coordinator/escalations/${escalation!.id}?done=reassigned`);
  expect(await eventually(() => lead.query(statusQuery), (v) => v.assisterId === 'es-nav-b' && v.history.some((h) => h.event === 'reassigned'))).toMatchObject({ assisterId: 'es-nav-b' });
  // The new referral was delivered: what es-nav-a owed is no longer an escalation.
  const back = await eventually(() => coordinator.request(`/coordinator/escalations/${escalation!.id}?done=reassigned`), (r) => r.html.includes('reassigned (referral delivered)'));
  expect(back.html).toContain('Lead reassigned');
  expect(back.html).toMatch(/Assister when escalated<\/dt><dd[^>]*>es-nav-a organization \(es-nav-a\)/);
  expect(back.html).toMatch(/assister now<\/dt><dd[^>]*>es-nav-b organization \(es-nav-b\)/);
  // Only an escalation's page is a way back.
  expect([`/coordinator/escalations/${escalation!.id}`, 'https://example.org/', '//example.org', '/coordinator/escalations/1/../../x'].map(reassignReturn)).toEqual([
    `/coordinator/escalations/${escalation!.id}`,
    undefined,
    undefined,
    undefined,
  ]);

  // A lead no broker can take waits, escalated (PalEscalated); the coordinator resolves it by hand and it is not.
  const waiting = await t.createLead(sampleLead({ determinations: ['QHP'], consumer: { ...sampleLead().consumer, zip: '55106' } }));
  if (!waiting.ok) throw new Error('refused');
  const broker = t.env.client.workflow.getHandle(leadWorkflowId(waiting.lead.leadId));
  const escalated = async () => (await broker.describe()).typedSearchAttributes.get(PalEscalated);
  await eventually(escalated, (e) => e === true);
  const [none] = await t.sql<{ id: number }[]>`select id::int from escalations where lead_id = ${waiting.lead.leadId} and kind = 'no-eligible-assister'`;
  const nonePage = await coordinator.request(`/coordinator/escalations/${none!.id}`);
  expect((await coordinator.request(`/coordinator/escalations/${none!.id}/resolve`, { form: { _csrf: csrfOf(nonePage.html), resolution: 'A broker agency is being added' } })).status).toBe(303);
  expect(await eventually(escalated, (e) => e === false)).toBe(false);
  expect(await broker.query(statusQuery)).toMatchObject({ status: 'awaiting-assister', escalated: false });
});

test("an overdue report and an unconfirmed contact-point change are in the queue until what they wait for ends", async () => {
  const { t, server } = suite;
  await addStaff(t.sql, 'es-coordinator-2@mnsure.example.org', 'coordinator', 'test');
  const coordinator = new Visitor(server.url);
  await signIn(coordinator, 'es-coordinator-2@mnsure.example.org');
  const acts = createActivities({ sql: t.sql, mailer: t.mailer, client: t.env.client });
  const period = periodContaining(OE5_REPORT_CALENDAR, minnesotaDate(new Date()))!;
  await acts.sendReportNotice({ assisterId: 'es-nav-a', period, notice: 'report-overdue' });
  await t.sql`insert into contact_point_changes (id, assister_id, old_email, new_email, code_sha256, requested_by) values ('es-change', 'es-nav-a', 'es-nav-a@assisters.example.org', 'desk@es-nav-a.example.org', 'x', 'coordinator')`;
  await acts.escalateContactPointChange('es-change');
  const queue = (await coordinator.request('/coordinator')).html;
  expect(queue).toMatch(new RegExp(`Report overdue[\\s\\S]*Report of period ${period.number}`));
  expect(queue).toContain('Contact-point change not confirmed');

  await acts.completeReportObligation({ assisterId: 'es-nav-a', period, onTime: false });
  await acts.closeContactPointChange({ changeId: 'es-change', outcome: 'cancelled' });
  expect(await t.sql`select kind, resolution from escalations where subject is not null order by id`).toEqual([
    { kind: 'report-overdue', resolution: 'report received' },
    { kind: 'contact-point-unconfirmed', resolution: 'cancelled' },
  ]);
  expect((await coordinator.request('/coordinator')).html).not.toContain('Report overdue');
});

test('only coordinators see the queue', async () => {
  const { t, server } = suite;
  await addStaff(t.sql, 'es-rep@mnsure.example.org', 'contact-center', 'test');
  const rep = new Visitor(server.url);
  await signIn(rep, 'es-rep@mnsure.example.org');
  expect((await rep.request('/coordinator')).status).toBe(403);
  expect((await new Visitor(server.url).request('/coordinator')).location).toBe('/portal/sign-in');
});
