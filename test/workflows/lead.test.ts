// The lead workflow with time skipping: deadlines of days pass in milliseconds, against real PostgreSQL and SMTP.
import { mailLine, mailsFor } from '../support/mail';
import { minnesotaIso } from '../../domain/time';
import { leadWorkflowId, reportAppointmentUpdate, reportContactUpdate, reportResolutionUpdate, statusQuery, type LeadStatusView } from '../../contracts/lead';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister, sampleLead } from '../support/samples';
import { eventually } from '../support/eventually';
import { keepHistory } from '../support/histories';

let t: LeadTestEnv;
beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'time-skipping' });
  await t.addAssisters([
    assister('nav-stpaul', '55101'),
    assister('nav-minneapolis', '55401'),
    assister('nav-duluth', '55802'),
    assister('broker-stpaul', '55102', { type: 'broker' }),
  ]);
});
afterAll(async () => t?.close());

const handle = (leadId: string) => t.env.client.workflow.getHandle(leadWorkflowId(leadId));
const status = (leadId: string) => handle(leadId).query(statusQuery);
/** Skips workflow time forward to a Minnesota wall-clock instant. */
async function skipTo(iso: string) {
  const ms = Date.parse(iso) - (await t.env.currentTimeMs());
  if (ms > 0) await t.env.sleep(ms);
}
// To the minute: the rules name minutes, and under load the time-skipping server may hand the timer's workflow task
// over a second late (the workflow's clock is that task's).
const toTheMinute = (iso: string) => new Date(Math.floor(Date.parse(iso) / 60_000) * 60_000);
const eventsAt = (view: LeadStatusView, event: string) => view.history.filter((h) => h.event === event).map((h) => minnesotaIso(toTheMinute(h.at)));

async function newLead(referredAt: string, overrides: Record<string, unknown> = {}) {
  t.clock.now = new Date(referredAt);
  // These referrals lie months ahead of the test server's clock: keep the maximum age out of the way.
  const result = await t.createLead(sampleLead(overrides), { maxOpenDays: 1000 });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.lead;
}

test('a Friday referral: reminder Monday 17:00, escalation Tuesday 17:00, each email once', async () => {
  const lead = await newLead('2026-12-04T15:00:00-06:00');
  expect(lead).toMatchObject({ status: 'awaiting-contact', assisterId: 'nav-stpaul', assisterType: 'navigator', rule: 'public-program' });
  expect(minnesotaIso(new Date(lead.contactDeadlineAt!))).toBe('2026-12-08T17:00:00-06:00');

  await skipTo('2026-12-08T18:00:00-06:00');
  const view = await status(lead.leadId);
  expect(eventsAt(view, 'contact-reminder')).toEqual(['2026-12-07T17:00:00-06:00']);
  expect(eventsAt(view, 'contact-overdue')).toEqual(['2026-12-08T17:00:00-06:00']);
  expect(view.escalated).toBe(true);

  const mails = await mailsFor(lead.leadId);
  expect(mails.map(mailLine)).toEqual([
    'nav-stpaul@assisters.example.org PAL lead REF: new navigator referral',
    'nav-stpaul@assisters.example.org PAL lead REF: reminder, contact the consumer',
    'pal-coordinator@mnsure.example.org PAL escalation: lead REF not contacted by the deadline',
  ]);
  // In link mode (the default) none carries the consumer's data: the referral and the reminder link to the portal.
  for (const m of mails) expect(`${m.Subject} ${m.Text}`).not.toMatch(/Ana|Lopez|651-555/);
  expect(mails[1]!.Text).toContain('The deadline is 2026-12-08 17:00 (Minnesota time).');
  expect(mails[1]!.Text.trim()).toMatch(/record contact on the lead's page: http:\/\/127\.0\.0\.1:3000\/portal\/leads\/\w{8}#record-contact$/);
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-contact-overdue');

  // Late contact ends the escalation: in the coordinators' queue and in PalEscalated (an open escalation).
  const contacted = await handle(lead.leadId).executeUpdate(reportContactUpdate, { args: [{ assisterId: lead.assisterId!, contactDate: '2026-12-08' }] });
  expect(contacted.escalated).toBe(false);
  expect(await t.sql`select kind, resolution from escalations where lead_id = ${lead.leadId}`).toEqual([{ kind: 'contact-overdue', resolution: 'contact-reported' }]);
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-contact-overdue-cleared');
});

test('across a Minnesota holiday (MLK Day) and a daylight-saving change the timers follow the calendar', async () => {
  const mlk = await newLead('2027-01-15T15:00:00-06:00');
  const dst = await newLead('2027-03-12T15:00:00-06:00');
  await skipTo('2027-03-17T12:00:00-05:00');
  expect(eventsAt(await status(mlk.leadId), 'contact-reminder')).toEqual(['2027-01-19T17:00:00-06:00']);
  expect(eventsAt(await status(mlk.leadId), 'contact-overdue')).toEqual(['2027-01-20T17:00:00-06:00']);
  expect(eventsAt(await status(dst.leadId), 'contact-reminder')).toEqual(['2027-03-15T17:00:00-05:00']);
  expect(eventsAt(await status(dst.leadId), 'contact-overdue')).toEqual(['2027-03-16T17:00:00-05:00']);
});

test('contact reported in time means no reminder and no escalation; a final resolution ends the workflow', async () => {
  const lead = await newLead('2027-04-02T10:00:00-05:00');
  await skipTo('2027-04-05T09:00:00-05:00');
  const contacted = await handle(lead.leadId).executeUpdate(reportContactUpdate, { args: [{ assisterId: lead.assisterId!, contactDate: '2027-04-05' }] });
  expect(contacted).toMatchObject({ status: 'contacted', contactDate: '2027-04-05' });
  await skipTo('2027-04-08T12:00:00-05:00');
  const view = await status(lead.leadId);
  expect(eventsAt(view, 'contact-reminder')).toEqual([]);
  expect(eventsAt(view, 'contact-overdue')).toEqual([]);
  expect(view.escalated).toBe(false);

  await handle(lead.leadId).executeUpdate(reportResolutionUpdate, {
    args: [{ assisterId: lead.assisterId!, contactMade: true, resolution: 'Eligible for Medical Assistance', comment: 'Renewed' }],
  });
  // Not result(): while it waits, the test server lets time run, which would fire other leads' timers.
  const final = await eventually(() => status(lead.leadId), (v) => v.status === 'resolved');
  expect(final).toMatchObject({ status: 'resolved', resolution: 'Eligible for Medical Assistance' });
  expect((await handle(lead.leadId).describe()).status.name).toBe('COMPLETED');
  const [row] = await t.sql`select status, resolution, closed_at, contact_date::text from leads where id = ${lead.leadId}`;
  expect(row).toMatchObject({ status: 'resolved', resolution: 'Eligible for Medical Assistance', contact_date: '2027-04-05' });
  expect(row!.closed_at).not.toBeNull();
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-resolved');
});

test('no appointment within two weeks escalates to the coordinator', async () => {
  const lead = await newLead('2027-05-03T10:00:00-05:00');
  await skipTo('2027-05-04T10:00:00-05:00');
  await handle(lead.leadId).executeUpdate(reportContactUpdate, { args: [{ assisterId: lead.assisterId!, contactDate: '2027-05-04' }] });
  await skipTo('2027-05-18T12:00:00-05:00');
  const view = await status(lead.leadId);
  expect(eventsAt(view, 'appointment-overdue')).toEqual(['2027-05-17T17:00:00-05:00']);
  expect(eventsAt(view, 'contact-overdue')).toEqual([]);
  expect((await mailsFor(lead.leadId)).map((m) => m.Subject)).toContainEqual(expect.stringMatching(/no appointment within two weeks/));
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-appointment-overdue');
});

test('an appointment reported for a date after the two-week deadline is recorded and escalated at once', async () => {
  const lead = await newLead('2027-06-07T10:00:00-05:00');
  await skipTo('2027-06-08T10:00:00-05:00');
  await handle(lead.leadId).executeUpdate(reportContactUpdate, { args: [{ assisterId: lead.assisterId!, contactDate: '2027-06-08' }] });
  const view = await handle(lead.leadId).executeUpdate(reportAppointmentUpdate, { args: [{ assisterId: lead.assisterId!, appointmentDate: '2027-09-01' }] });
  expect(view).toMatchObject({ status: 'appointment-scheduled', appointmentDate: '2027-09-01', escalated: true });
  expect(eventsAt(view, 'appointment-overdue')).toEqual(['2027-06-08T10:00:00-05:00']);
  const subjects = await eventually(async () => (await mailsFor(lead.leadId)).map((m) => m.Subject), (s) => s.length === 2);
  expect(subjects[1]).toMatch(/appointment later than two weeks/);
  // The deadline itself then passes without a second escalation.
  await skipTo('2027-06-22T12:00:00-05:00');
  expect(eventsAt(await status(lead.leadId), 'appointment-overdue')).toHaveLength(1);
  const [row] = await t.sql`select appointment_date::text, escalated from leads where id = ${lead.leadId}`;
  expect(row).toMatchObject({ appointment_date: '2027-09-01', escalated: true });
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-appointment-late');
});

test('"Contact made, appointment scheduled" without an appointment date keeps the appointment deadline running', async () => {
  const lead = await newLead('2027-07-05T10:00:00-05:00');
  await skipTo('2027-07-06T10:00:00-05:00');
  const view = await handle(lead.leadId).executeUpdate(reportResolutionUpdate, {
    args: [{ assisterId: lead.assisterId!, contactMade: true, contactDate: '2027-07-06', resolution: 'Contact made, appointment scheduled' }],
  });
  expect(view).toMatchObject({ status: 'appointment-scheduled', contactDate: '2027-07-06' });
  expect(view.appointmentDate).toBeUndefined();
  await skipTo('2027-07-20T12:00:00-05:00');
  expect(eventsAt(await status(lead.leadId), 'appointment-overdue')).toEqual(['2027-07-19T17:00:00-05:00']);
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-interim-resolution');
});

test('a lead open past the maximum age is closed as unresolved and escalated', async () => {
  t.clock.now = new Date(await t.env.currentTimeMs());
  const created = await t.createLead(sampleLead(), { maxOpenDays: 30 });
  if (!created.ok) throw new Error('lead refused');
  const final = (await handle(created.lead.leadId).result()) as LeadStatusView;
  expect(final).toMatchObject({ status: 'closed-unresolved', escalated: true });
  const [row] = await t.sql`select status, closed_at from leads where id = ${created.lead.leadId}`;
  expect(row!.status).toBe('closed-unresolved');
  expect((await mailsFor(created.lead.leadId)).map((m) => m.Subject)).toContainEqual(expect.stringMatching(/closed unresolved/));
  // The closing clears what the lead waited for, but its own escalation waits in the queue for a coordinator.
  expect(await t.sql`select kind from escalations where lead_id = ${created.lead.leadId} and resolved_at is null`).toEqual([{ kind: 'closed-unresolved' }]);
});
