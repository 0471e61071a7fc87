// An SMTP outage delays the referral, it does not lose it or double it; importing an assister wakes waiting leads.
import { importAssisters } from '../../client/api/directory-import';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import type { LeadTestEnv } from '../support/lead-env';
import { openOutageTestEnv, type OutageTestEnv } from '../support/outage-env';
import { mailLine, mailsFor } from '../support/mail';
import { assister, sampleLead } from '../support/samples';
import { eventually } from '../support/eventually';
import { keepHistory } from '../support/histories';

let env: OutageTestEnv;
let t: LeadTestEnv;
beforeAll(async () => {
  env = await openOutageTestEnv('dev-server', [assister('d-nav-stpaul', '55101')]);
  ({ t } = env);
});
afterAll(async () => env?.close());

test('SMTP down for a while: the lead is answered at once, the coordinator is alerted past the threshold, and the referral goes out exactly once when SMTP returns', async () => {
  await env.smtpDown();
  const created = await t.createLead(sampleLead(), { referralAlertAfter: '3 seconds' });
  if (!created.ok) throw new Error('refused');
  expect(created.lead).toMatchObject({ status: 'awaiting-contact', assisterId: 'd-nav-stpaul' });
  // Past the threshold the lead shows as escalated in Temporal (the alert email waits for SMTP like the rest).
  const late = await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(created.lead.leadId)).query(statusQuery), (v) => v.escalated, 20_000);
  expect(late.history.map((h) => h.event)).toContain('referral-late');

  const [pending] = await eventually(() => t.sql`select status, attempts from outbox where key like ${`lead/${created.lead.leadId}/%`}`, (r) => (r[0]?.attempts ?? 0) >= 1, 15_000);
  expect(pending).toMatchObject({ status: 'pending' });

  await env.smtpUp();
  const mails = await eventually(() => mailsFor(created.lead.leadId, env.mail), (m) => m.length === 2, 30_000);
  expect(mails.map(mailLine).sort()).toEqual(['d-nav-stpaul@assisters.example.org PAL lead REF: new navigator referral', 'pal-coordinator@mnsure.example.org PAL alert: lead REF referral email not delivered yet']);
  const [sent] = await eventually(() => t.sql`select status, attempts from outbox where key = ${`lead/${created.lead.leadId}/1/referral`}`, (r) => r[0]?.status === 'sent', 10_000);
  expect(sent!.attempts).toBeGreaterThan(1);
  await new Promise((r) => setTimeout(r, 2000));
  expect(await mailsFor(created.lead.leadId, env.mail)).toHaveLength(2);
  await keepHistory(t.env.client, leadWorkflowId(created.lead.leadId), 'lead-referral-late');
}, 90_000);

test('importing an assister of the missing type routes a waiting lead at once', async () => {
  const created = await t.createLead(sampleLead({ determinations: ['QHP'] }));
  if (!created.ok) throw new Error('refused');
  expect(created.lead.status).toBe('awaiting-assister');
  const result = await importAssisters({ sql: t.sql, client: t.env.client }, [assister('d-broker-stpaul', '55102', { type: 'broker' })]);
  expect(result).toMatchObject({ ok: true, inserted: 1 });
  const view = await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(created.lead.leadId)).query(statusQuery), (v) => v.status === 'awaiting-contact', 15_000);
  expect(view).toMatchObject({ assisterId: 'd-broker-stpaul', rule: 'qhp' });
});
