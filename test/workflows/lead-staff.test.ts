// What staff (a representative or coordinator) do to a lead through its workflow (issue 12): withdraw it, and
// correct the consumer's contact details, where a new ZIP code before contact reroutes the lead.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { minnesotaDate } from '../../domain/time';
import { correctConsumerUpdate, leadWorkflowId, reportContactUpdate, statusQuery, withdrawLeadUpdate } from '../../contracts/lead';
import { correctConsumer, withdrawLead } from '../../client/lead-actions';
import { openLeadTestEnv, referredLead, type LeadTestEnv } from '../support/lead-env';
import { mailLine, mailsFor } from '../support/mail';
import { assister, sampleLead } from '../support/samples';
import { eventually } from '../support/eventually';
import { keepHistory } from '../support/histories';

let t: LeadTestEnv;
beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('s-nav-stpaul', '55101'), assister('s-nav-duluth', '55802')]);
});
afterAll(async () => t?.close());

const handle = (leadId: string) => t.env.client.workflow.getHandle(leadWorkflowId(leadId));
const newLead = (overrides: Record<string, unknown> = {}) => referredLead(t, overrides);
const refusal = (p: Promise<unknown>) => p.then(
  () => 'accepted',
  (e: unknown) => (e instanceof WorkflowUpdateFailedError ? (e.cause as Error).message : String(e)),
);
const PII = /Ana|Lopez|651-555|ana@example|55106|55802|alopez/;

test('a withdrawn lead closes: its timers are cancelled, its assister is told without consumer data, the record keeps why', async () => {
  const lead = await newLead();
  expect(lead.assisterId).toBe('s-nav-stpaul');
  const view = await handle(lead.leadId).executeUpdate(withdrawLeadUpdate, { args: [{ reason: 'consent-revoked', note: 'Called back to revoke consent', by: 'staff:rep-1' }] });
  expect(view).toMatchObject({ status: 'withdrawn', withdrawalReason: 'consent-revoked' });
  expect(view.history.at(-1)).toMatchObject({ event: 'withdrawn', detail: 'Consent revoked, by staff:rep-1' });
  await handle(lead.leadId).result();
  expect((await handle(lead.leadId).describe()).status.name).toBe('COMPLETED');

  // Every timer the lead started (contact reminder, deadlines, maximum age) was cancelled, none fired.
  const { events } = await handle(lead.leadId).fetchHistory();
  const started = events!.filter((e) => e.timerStartedEventAttributes).length;
  expect(started).toBeGreaterThan(0);
  expect(events!.filter((e) => e.timerCanceledEventAttributes).length).toBe(started);
  expect(events!.filter((e) => e.timerFiredEventAttributes)).toEqual([]);

  const mails = await eventually(() => mailsFor(lead), (m) => m.length >= 2);
  expect(mails.map(mailLine)).toEqual([
    's-nav-stpaul@assisters.example.org PAL lead REF: new navigator referral',
    's-nav-stpaul@assisters.example.org PAL lead REF: withdrawn, do not contact',
  ]);
  expect(mails[1]!.Text).toMatch(/Do not contact the consumer/);
  expect(mails[1]!.Text + mails[1]!.Subject).not.toMatch(PII);

  // The row keeps why; it names no assister any more (off its portal, reports and figures); the event says who held it.
  const [row] = await t.sql<{ status: string; withdrawal_reason: string; closed_at: Date | null; assister_id: string | null }[]>`
    select status, withdrawal_reason, closed_at, assister_id from leads where id = ${lead.leadId}`;
  expect(row).toMatchObject({ status: 'withdrawn', withdrawal_reason: 'consent-revoked', closed_at: expect.any(Date), assister_id: null });
  const [event] = await t.sql<{ data: Record<string, unknown> }[]>`select data from lead_events where lead_id = ${lead.leadId} and type = 'withdrawn'`;
  expect(event!.data).toEqual({ reason: 'consent-revoked', note: 'Called back to revoke consent', by: 'staff:rep-1', assisterId: 's-nav-stpaul' });

  const found = await eventually(
    async () => {
      const ids: string[] = [];
      for await (const wf of t.env.client.workflow.list({ query: `PalStatus = 'withdrawn'` })) ids.push(wf.workflowId);
      return ids;
    },
    (ids) => ids.includes(leadWorkflowId(lead.leadId)),
  );
  expect(found).toContain(leadWorkflowId(lead.leadId));
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-withdrawn');
});

test('a withdrawal is refused with a reason not on the list, a note with control characters, or on a closed lead', async () => {
  const lead = await newLead();
  const withdraw = (args: Record<string, unknown>) => refusal(handle(lead.leadId).executeUpdate(withdrawLeadUpdate.name, { args: [{ by: 'staff:rep-1', ...args }] }));
  expect(await withdraw({ reason: 'changed-mind' })).toBe('The reason for withdrawing must be consent revoked or created in error');
  expect(await withdraw({ reason: 'created-in-error', note: 'two\nlines' })).toBe('The note must be one line of at most 500 characters');
  expect((await handle(lead.leadId).query(statusQuery)).status).toBe('awaiting-contact');
  // The validator refuses a closed lead; once the workflow has completed the staff path (client/lead-actions) says so.
  expect(await withdraw({ reason: 'created-in-error' })).toBe('accepted');
  expect(await refusal(withdrawLead(t.env.client, lead.leadId, 'staff:rep-1', { reason: 'consent-revoked' }))).toBe('Lead is already closed');
});

test('a new ZIP code before contact reroutes the lead as a reassignment; the event names the fields, never the values', async () => {
  const lead = await newLead();
  expect(lead.assisterId).toBe('s-nav-stpaul');
  const view = await handle(lead.leadId).executeUpdate(correctConsumerUpdate, { args: [{ zip: '55802', phone: '218-555-0199', by: 'staff:coord-2' }] });
  expect(view).toMatchObject({ assisterId: 's-nav-duluth', assignment: 2, status: 'awaiting-contact' });
  expect(view.history.map((h) => h.event)).toEqual(['referred', 'consumer-corrected', 'reassigned']);
  expect(view.history[1]!.detail).toBe('phone, zip, by staff:coord-2');
  const mails = await eventually(() => mailsFor(lead), (m) => m.length >= 3);
  expect(mails.map(mailLine)).toEqual([
    's-nav-stpaul@assisters.example.org PAL lead REF: new navigator referral',
    's-nav-stpaul@assisters.example.org PAL lead REF: withdrawn',
    's-nav-duluth@assisters.example.org PAL lead REF: new navigator referral',
  ]);
  expect(mails[1]!.Text).not.toMatch(PII);
  const [row] = await t.sql<{ intake: { consumer: Record<string, string> }; assister_id: string }[]>`select intake, assister_id from leads where id = ${lead.leadId}`;
  expect(row!.intake.consumer).toMatchObject({ zip: '55802', phone: '218-555-0199', firstName: 'Ana' });
  expect(row!.assister_id).toBe('s-nav-duluth');
  const events = await t.sql<{ type: string; data: object }[]>`select type, data from lead_events where lead_id = ${lead.leadId} order by id`;
  expect(events.find((e) => e.type === 'consumer-corrected')!.data).toEqual({ fields: ['phone', 'zip'], reroute: true, by: 'staff:coord-2' });
  expect(JSON.stringify(events)).not.toMatch(/218-555|55802/);
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-zip-corrected-rerouted');
});

test('after contact, a new ZIP code is corrected without rerouting; a closed lead takes no correction', async () => {
  const lead = await newLead();
  await handle(lead.leadId).executeUpdate(reportContactUpdate, { args: [{ assisterId: lead.assisterId!, contactDate: minnesotaDate(new Date()) }] });
  const view = await handle(lead.leadId).executeUpdate(correctConsumerUpdate, { args: [{ zip: '55802', email: null, by: 'staff:rep-1' }] });
  expect(view).toMatchObject({ assisterId: 's-nav-stpaul', assignment: 1, status: 'contacted' });
  expect(view.history.at(-1)).toMatchObject({ event: 'consumer-corrected', detail: 'email, zip, by staff:rep-1' });
  const [row] = await t.sql<{ intake: { consumer: Record<string, string> } }[]>`select intake from leads where id = ${lead.leadId}`;
  expect(row!.intake.consumer.zip).toBe('55802');
  expect(row!.intake.consumer).not.toHaveProperty('email');
  expect((await mailsFor(lead)).map(mailLine)).toEqual(['s-nav-stpaul@assisters.example.org PAL lead REF: new navigator referral']);
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-zip-corrected-after-contact');

  await handle(lead.leadId).executeUpdate(withdrawLeadUpdate, { args: [{ reason: 'created-in-error', by: 'staff:rep-1' }] });
  expect(await refusal(correctConsumer(t.env.client, lead.leadId, 'staff:rep-1', { phone: '651-555-0100' }))).toBe('Lead is already closed');
  expect(await refusal(handle((await newLead()).leadId).executeUpdate(correctConsumerUpdate, { args: [{ by: 'staff:rep-1' }] }))).toBe('Give the phone number, email or ZIP code to correct');
});

test('a lead waiting for an assister is withdrawn without a notice; a new ZIP code nearer the same assister does not reroute', async () => {
  // Plan-selection help on a completed application needs a broker, and there is none.
  const waiting = await t.createLead(sampleLead({ planSelectionHelp: true }));
  if (!waiting.ok) throw new Error(JSON.stringify(waiting.problems));
  expect(waiting.lead.status).toBe('awaiting-assister');
  const withdrawn = await handle(waiting.lead.leadId).executeUpdate(withdrawLeadUpdate, { args: [{ reason: 'created-in-error', by: 'staff:rep-1' }] });
  expect(withdrawn).toMatchObject({ status: 'withdrawn', assignment: 0 });
  await handle(waiting.lead.leadId).result();
  expect((await mailsFor(waiting.lead)).map(mailLine)).toEqual(['pal-coordinator@mnsure.example.org PAL alert: lead REF is waiting for an eligible broker assister']);

  const lead = await newLead();
  const view = await handle(lead.leadId).executeUpdate(correctConsumerUpdate, { args: [{ zip: '55102', by: 'staff:rep-1' }] });
  expect(view).toMatchObject({ assisterId: 's-nav-stpaul', assignment: 1, status: 'awaiting-contact' });
  const [event] = await t.sql<{ data: object }[]>`select data from lead_events where lead_id = ${lead.leadId} and type = 'consumer-corrected'`;
  expect(event!.data).toEqual({ fields: ['zip'], reroute: false, by: 'staff:rep-1' });
});
