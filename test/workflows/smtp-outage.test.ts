// A long SMTP outage with time skipping: twenty minutes with the mail server down (connections refused). The lead
// is routed at once, the coordinator is alerted past the threshold, and when the mail server returns the referral
// and the alert each go out once.
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { eventually } from '../support/eventually';
import type { LeadTestEnv } from '../support/lead-env';
import { openOutageTestEnv, type OutageTestEnv } from '../support/outage-env';
import { mailLine, mailsFor } from '../support/mail';
import { assister, sampleLead } from '../support/samples';

let env: OutageTestEnv;
let t: LeadTestEnv;
beforeAll(async () => {
  env = await openOutageTestEnv('time-skipping', [assister('o-nav-stpaul', '55101')]);
  ({ t } = env);
});
afterAll(async () => env?.close());

test('twenty minutes without SMTP: alert after five, every email once when it returns', async () => {
  await env.smtpDown();
  t.clock.now = new Date(await t.env.currentTimeMs());
  const created = await t.createLead(sampleLead(), { referralAlertAfter: '5 minutes' });
  if (!created.ok) throw new Error('refused');
  expect(created.lead).toMatchObject({ status: 'awaiting-contact', assisterId: 'o-nav-stpaul' });
  const lead = t.env.client.workflow.getHandle(leadWorkflowId(created.lead.leadId));

  await t.env.sleep(20 * 60 * 1000);
  const during = await lead.query(statusQuery);
  expect(during.escalated).toBe(true);
  expect(during.history.map((h) => h.event)).toContain('referral-late');
  const [row] = await t.sql<{ status: string; attempts: number }[]>`select status, attempts from outbox where key = ${`lead/${created.lead.leadId}/1/referral`}`;
  expect(row!.status).toBe('pending');
  expect(row!.attempts).toBeGreaterThan(3);

  await env.smtpUp();
  // The retries back off to at most ten minutes: within that, both messages go out.
  await t.env.sleep(11 * 60 * 1000);
  const mails = await eventually(() => mailsFor(created.lead.leadId, env.mail), (m) => m.length === 2, 30_000);
  expect(mails.map(mailLine).sort()).toEqual(['o-nav-stpaul@assisters.example.org PAL lead REF: new navigator referral', 'pal-coordinator@mnsure.example.org PAL alert: lead REF referral email not delivered yet']);
  // Delivered at last: the escalation is over, and the lead no longer shows as escalated.
  expect(await eventually(() => lead.query(statusQuery), (v) => !v.escalated)).toMatchObject({ escalated: false, status: 'awaiting-contact' });
});
