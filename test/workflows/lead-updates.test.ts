// Lead workflow behaviour that needs a real server: update rejections, reassignment and decline, waiting for an
// eligible assister, idempotent intake, and search attributes that coordinators query.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { addDays, minnesotaDate, minnesotaInstant } from '../../domain/time';
import {
  assisterAvailableSignal,
  declineLeadUpdate,
  leadWorkflowId,
  reassignLeadUpdate,
  reportContactUpdate,
  reportResolutionUpdate,
  statusQuery,
} from '../../contracts/lead';
import { openLeadTestEnv, referredLead, type LeadTestEnv } from '../support/lead-env';
import { mailLine, mailsFor } from '../support/mail';
import { assister, sampleLead } from '../support/samples';
import { eventually } from '../support/eventually';
import { keepHistory } from '../support/histories';

let t: LeadTestEnv;
beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([
    assister('u-nav-stpaul', '55101'),
    assister('u-nav-minneapolis', '55401'),
    assister('u-nav-duluth', '55802'),
    assister('u-broker-stpaul', '55102', { type: 'broker', capacity: 0 }),
    assister('u-nav-suspended', '55102', { status: 'suspended' }),
    assister('u-nav-lapsed', '55102', { certificationExpires: '2020-01-31' }),
  ]);
});
afterAll(async () => t?.close());

const handle = (leadId: string) => t.env.client.workflow.getHandle(leadWorkflowId(leadId));
const newLead = (overrides: Record<string, unknown> = {}) => referredLead(t, overrides);

test('Minnesota dates inside the workflow: a lead referred at 23:30 accepts contact on that date, whatever the time of day now', async () => {
  // Temporal's sandbox replaces Date; a time-zone library built on a Date subclass gave UTC dates there.
  const yesterday = addDays(minnesotaDate(new Date()), -1);
  t.clock.now = minnesotaInstant(yesterday, 23, 30);
  const result = await t.createLead(sampleLead());
  t.clock.now = new Date();
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const late = result.lead;
  expect(minnesotaDate(new Date(late.referredAt!))).toBe(yesterday);
  const view = await handle(late.leadId).executeUpdate(reportContactUpdate, { args: [{ assisterId: late.assisterId!, contactDate: yesterday }] });
  expect(view.contactDate).toBe(yesterday);
});

test('an invalid report is rejected with a clear message and changes nothing', async () => {
  const lead = await newLead();
  const today = minnesotaDate(new Date());
  const attempt = (update: string, args: object) =>
    handle(lead.leadId).executeUpdate(update, { args: [{ assisterId: lead.assisterId, ...args }] }).then(
      () => 'accepted',
      (e: unknown) => (e instanceof WorkflowUpdateFailedError ? (e.cause as Error).message : String(e)),
    );
  expect(await attempt(reportContactUpdate.name, { contactDate: '2020-01-01' })).toMatch(/^Contact date is before the referral/);
  expect(await attempt(reportContactUpdate.name, { contactDate: '2099-01-01' })).toBe('Contact date is in the future');
  expect(await attempt(reportContactUpdate.name, { contactDate: 'tomorrow' })).toBe('Contact date must be a date written YYYY-MM-DD');
  expect(await handle(lead.leadId).executeUpdate(reportContactUpdate, { args: [{ assisterId: 'u-nav-duluth', contactDate: today }] }).catch((e) => (e.cause as Error).message)).toBe(
    'Lead is not assigned to this assister',
  );
  expect(await attempt(reportResolutionUpdate.name, { contactMade: false, resolution: 'Enrolled in QHP' })).toMatch(/needs contact with the consumer/);
  expect(await attempt(reportResolutionUpdate.name, { contactMade: true, resolution: 'Maybe later' })).toMatch(/not one of the nine resolutions/);
  expect(await attempt(reportResolutionUpdate.name, { contactMade: true, contactDate: today, resolution: 'Unable to contact' })).toMatch(/contradicts Contact Made = Y/);
  const view = await handle(lead.leadId).query(statusQuery);
  expect(view.status).toBe('awaiting-contact');
  expect(view.contactDate).toBeUndefined();
  expect(view.resolution).toBeUndefined();
  expect(view.history.map((h) => h.event)).toEqual(['referred']);

  expect(await attempt(reportContactUpdate.name, { contactDate: today })).toBe('accepted');
  expect(await attempt(reportContactUpdate.name, { contactDate: today })).toMatch(/already reported/);
  expect(await attempt(reportResolutionUpdate.name, { contactMade: true, resolution: 'Contact made, appointment scheduled' })).toBe('accepted');
  expect((await handle(lead.leadId).query(statusQuery)).status).toBe('appointment-scheduled');
  expect(await attempt(reportResolutionUpdate.name, { contactMade: true, resolution: 'Enrolled in QHP', comment: 'Picked a silver plan' })).toBe('accepted');
  await expect(handle(lead.leadId).result()).resolves.toMatchObject({ status: 'resolved', resolution: 'Enrolled in QHP' });
});

test('a decline routes the lead to the next closest assister; a reassignment tells the old assister it was withdrawn', async () => {
  const lead = await newLead();
  expect(lead.assisterId).toBe('u-nav-stpaul');
  const declined = await handle(lead.leadId).executeUpdate(declineLeadUpdate, { args: [{ assisterId: 'u-nav-stpaul', reason: 'No Spanish-speaking staff this week' }] });
  expect(declined).toMatchObject({ assisterId: 'u-nav-minneapolis', assignment: 2, status: 'awaiting-contact' });
  const reassigned = await handle(lead.leadId).executeUpdate(reassignLeadUpdate, { args: [{ assisterId: 'u-nav-duluth', coordinator: 'coord-7' }] });
  expect(reassigned).toMatchObject({ assisterId: 'u-nav-duluth', assignment: 3 });

  // The assister that declined is told too: the notice asks it to delete the consumer's information.
  const mails = await eventually(() => mailsFor(lead.leadId), (m) => m.length >= 5);
  expect(mails.map(mailLine)).toEqual([
    'u-nav-stpaul@assisters.example.org PAL lead REF: new navigator referral',
    'u-nav-stpaul@assisters.example.org PAL lead REF: withdrawn',
    'u-nav-minneapolis@assisters.example.org PAL lead REF: new navigator referral',
    'u-nav-minneapolis@assisters.example.org PAL lead REF: withdrawn',
    'u-nav-duluth@assisters.example.org PAL lead REF: new navigator referral',
  ]);
  for (const m of mails.filter((m) => /withdrawn/.test(m.Subject))) expect(m.Text).not.toMatch(/Ana|Lopez|651-555/);
  const rows = await t.sql`select assignment, assister_id from lead_assignments where lead_id = ${lead.leadId} order by assignment`;
  expect(rows.map((r) => r.assister_id)).toEqual(['u-nav-stpaul', 'u-nav-minneapolis', 'u-nav-duluth']);
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-declined-reassigned');
});

test('a reassignment to an assister routing would pass over is refused with the reason, unless overridden with a reason; never to a broker for public-program', async () => {
  const lead = await newLead();
  expect(lead).toMatchObject({ assisterId: 'u-nav-stpaul', rule: 'public-program' });
  const reassign = (args: { assisterId: string; override?: boolean; reason?: string }) =>
    handle(lead.leadId)
      .executeUpdate(reassignLeadUpdate, { args: [{ coordinator: 'coord-7', ...args }] })
      .then(
        (view) => view,
        (e: unknown) => (e instanceof WorkflowUpdateFailedError ? (e.cause as Error).message : String(e)),
      );
  expect(await reassign({ assisterId: 'u-nav-suspended' })).toBe('Assister u-nav-suspended is suspended: reassign with an override and a reason to send it there anyway');
  expect(await reassign({ assisterId: 'u-nav-lapsed' })).toBe('Assister u-nav-lapsed has a lapsed certification: reassign with an override and a reason to send it there anyway');
  const broker = 'Assister u-broker-stpaul is a broker, and brokers may not assist a household with a public program determination (rule public-program)';
  expect(await reassign({ assisterId: 'u-broker-stpaul' })).toBe(broker);
  expect(await reassign({ assisterId: 'u-broker-stpaul', override: true, reason: 'Asked for by name' })).toBe(broker);
  expect(await reassign({ assisterId: 'u-nav-suspended', override: true })).toBe("An override needs a reason; it is recorded in the lead's history");
  // Nothing happened to the lead.
  expect(await handle(lead.leadId).query(statusQuery)).toMatchObject({ assisterId: 'u-nav-stpaul', assignment: 1, history: [expect.objectContaining({ event: 'referred' })] });

  const overridden = await reassign({ assisterId: 'u-nav-suspended', override: true, reason: 'Consumer asked for this office by name' });
  expect(overridden).toMatchObject({ assisterId: 'u-nav-suspended', assignment: 2, status: 'awaiting-contact' });
  const view = await handle(lead.leadId).query(statusQuery);
  expect(view.history.find((h) => h.event === 'reassignment-requested')?.detail).toBe('to u-nav-suspended by coord-7 (override: Assister u-nav-suspended is suspended)');
  const [event] = await t.sql<{ data: Record<string, unknown> }[]>`select data from lead_events where lead_id = ${lead.leadId} and type = 'reassignment-requested'`;
  expect(event!.data).toEqual({ assisterId: 'u-nav-suspended', coordinator: 'coord-7', reason: 'Consumer asked for this office by name', override: 'Assister u-nav-suspended is suspended' });
  const [assignment] = await t.sql<{ decision: { target?: object } }[]>`select decision from lead_assignments where lead_id = ${lead.leadId} and assignment = 2`;
  expect(assignment!.decision.target).toEqual({ assisterId: 'u-nav-suspended', ineligible: 'Assister u-nav-suspended is suspended' });
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-reassigned-override');
});

test('a lead with no eligible assister waits, the coordinator is alerted, and it is routed when one is imported', async () => {
  // Plan-selection help on a completed application needs a broker; the only broker is at capacity.
  const lead = await newLead({ planSelectionHelp: true });
  expect(lead.status).toBe('awaiting-assister');
  expect(lead.assisterId).toBeUndefined();
  expect((await mailsFor(lead.leadId)).map(mailLine)).toEqual(['pal-coordinator@mnsure.example.org PAL alert: lead REF is waiting for an eligible broker assister']);

  await t.addAssisters([assister('u-broker-bemidji', '56601', { type: 'broker' })]);
  await handle(lead.leadId).signal(assisterAvailableSignal);
  const view = await eventually(() => handle(lead.leadId).query(statusQuery), (v) => v.status === 'awaiting-contact');
  expect(view).toMatchObject({ status: 'awaiting-contact', assisterId: 'u-broker-bemidji', rule: 'plan-selection' });
});

test('sending the same request again returns the same lead', async () => {
  const requestId = `cc-${Date.now()}`;
  const first = await t.createLead(sampleLead({ requestId }));
  const again = await t.createLead(sampleLead({ requestId }));
  if (!first.ok || !again.ok) throw new Error('refused');
  expect(first.created).toBe(true);
  expect(again).toMatchObject({ created: false, lead: { leadId: first.lead.leadId, assisterId: first.lead.assisterId } });
  expect(await eventually(() => mailsFor(first.lead.leadId), (m) => m.length > 0)).toHaveLength(1);
  // After the lead is resolved and its workflow has finished, the same request still returns it, unchanged.
  await handle(first.lead.leadId).executeUpdate(reportResolutionUpdate, { args: [{ assisterId: first.lead.assisterId!, contactMade: false, resolution: 'No longer needs assistance' }] });
  await handle(first.lead.leadId).result();
  const late = await t.createLead(sampleLead({ requestId }));
  expect(late).toMatchObject({ ok: true, created: false, lead: { leadId: first.lead.leadId, status: 'resolved' } });
  expect((await handle(first.lead.leadId).describe()).status.name).toBe('COMPLETED');
  const refused = await t.createLead(sampleLead({ consentToShare: false }));
  expect(refused).toEqual({ ok: false, problems: [{ field: 'consentToShare', message: expect.stringMatching(/no consent, no lead/) }] });
});

test('coordinators find leads by status and assister through search attributes', async () => {
  const lead = await newLead();
  const query = `PalStatus = 'awaiting-contact' AND PalAssisterId = '${lead.assisterId}' AND PalEscalated = false`;
  const found = await eventually(
    async () => {
      const ids: string[] = [];
      for await (const wf of t.env.client.workflow.list({ query })) ids.push(wf.workflowId);
      return ids;
    },
    (ids) => ids.includes(leadWorkflowId(lead.leadId)),
  );
  expect(found).toContain(leadWorkflowId(lead.leadId));
  for (const id of found) expect(id).toMatch(/^lead-[0-9a-f-]{36}$/);
});
