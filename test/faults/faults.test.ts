// Faults with real processes, killed for real: PAL's worker process (SIGKILL before routing, during the referral
// email, while a timer is pending; SIGTERM with an activity in flight), PostgreSQL stopped, and the Temporal dev
// server restarted on its SQLite file. Every lead completes, each email arrives once, and pal check finds nothing
// missing afterwards.
import { createLead } from '../../client/api/intake';
import { checkLeads } from '../../client/check';
import { readCaughtMessages } from '../../client/devstack/smtp';
import { leadWorkflowId, reportContactUpdate, statusQuery, type LeadStatusView } from '../../contracts/lead';
import { assisterReportWorkflowId, reportStatusQuery } from '../../contracts/report';
import { OE5_REPORT_CALENDAR, periodContaining } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { eventually } from '../support/eventually';
import { FaultStack } from '../support/fault-stack';
import { assister, sampleLead } from '../support/samples';

jest.setTimeout(300_000);
let s: FaultStack;
beforeAll(async () => {
  s = await FaultStack.start([assister('f-nav-stpaul', '55101'), assister('f-nav-mpls', '55401')]);
  await s.startWorker();
});
afterAll(async () => s?.stop());

const DAY_SECONDS = 24 * 60 * 60;
/** A lead whose maximum age is `seconds`: its max-age timer is a real durable timer that fires within the test. */
const newLead = (lastName: string, maxAgeSeconds = 30 * DAY_SECONDS) =>
  createLead({ client: s.client, sql: s.sql, taskQueue: s.taskQueue, workflowDefaults: { maxOpenDays: maxAgeSeconds / DAY_SECONDS } }, sampleLead({ consumer: { ...sampleLead().consumer, lastName } })).then((r) => {
    if (!r.ok) throw new Error('refused');
    return r.lead;
  });
const status = (leadId: string) => s.client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery);
const mailsAbout = async ({ reference }: LeadStatusView) => (await readCaughtMessages(s.mailDir)).filter((m) => m.mail.subject?.includes(reference!)).map((m) => m.mail.subject!.replace(reference!, 'REF'));
async function nothingMissing() {
  const check = await eventually(() => checkLeads({ client: s.client, sql: s.sql, taskQueue: s.taskQueue }), (c) => !c.leadsWithoutWorkflow.length && !c.workflowsWithoutLead.length, 30_000);
  expect(check).toMatchObject({ leadsWithoutWorkflow: [], workflowsWithoutLead: [] });
}

test('worker killed with SIGKILL before routing, during the referral email, and while a timer waits', async () => {
  // Before routing: the worker is dead when the lead comes in; the intake waits and completes after the restart.
  await s.killWorker('SIGKILL');
  const pending = newLead('Beforerouting');
  await new Promise((r) => setTimeout(r, 2000));
  await s.startWorker();
  const a = await pending;
  expect(a).toMatchObject({ status: 'awaiting-contact', assisterId: 'f-nav-stpaul' });

  // During the email: the catcher holds the message; the worker dies before the reply. The killed attempt's claim
  // on the outbox row lapses (45 s here), the restarted worker sends again, and the message arrives once.
  s.smtp.setDelay(5000);
  const b = await newLead('Duringemail');
  await new Promise((r) => setTimeout(r, 1500));
  await s.killWorker('SIGKILL');
  s.smtp.setDelay(0);
  await s.startWorker();

  // While a timer waits: the lead's max-age timer (40 s) comes due while no worker runs.
  const c = await newLead('Whiletimer', 40);
  await eventually(() => mailsAbout(c), (m) => m.length === 1);
  await s.killWorker('SIGKILL');
  await new Promise((r) => setTimeout(r, 45_000));
  await s.startWorker();

  await eventually(() => mailsAbout(b), (m) => m.length === 1, 120_000);
  await eventually(() => status(c.leadId), (v: LeadStatusView) => v.status === 'closed-unresolved', 60_000);
  // A little longer, so a duplicate would have had time to arrive.
  await new Promise((r) => setTimeout(r, 3000));
  expect(await mailsAbout(a)).toEqual(['PAL lead REF: new navigator referral']);
  expect(await mailsAbout(b)).toEqual(['PAL lead REF: new navigator referral']);
  expect((await mailsAbout(c)).sort()).toEqual(['PAL escalation: lead REF closed unresolved', 'PAL lead REF: new navigator referral']);
  await nothingMissing();
});

test('SIGTERM lets the in-flight referral finish, then the worker exits', async () => {
  s.smtp.setDelay(4000);
  const d = await newLead('Sigterm');
  const code = await s.killWorker('SIGTERM');
  s.smtp.setDelay(0);
  expect(code).toBe(0);
  // Sent before the process exited: no second attempt was needed.
  expect(await mailsAbout(d)).toEqual(['PAL lead REF: new navigator referral']);
  const [row] = await s.sql`select status from outbox where key = ${`lead/${d.leadId}/1/referral`}`;
  expect(row).toEqual({ status: 'sent' });
  await s.startWorker();
  await nothingMissing();
});

test('PostgreSQL stopped for a while: the report waits, then is recorded once', async () => {
  const e = await newLead('Postgresdown');
  await eventually(() => mailsAbout(e), (m) => m.length === 1);
  await s.stopPostgres();
  const today = minnesotaDate(new Date());
  const reported = s.client.workflow.getHandle(leadWorkflowId(e.leadId)).executeUpdate(reportContactUpdate, { args: [{ assisterId: e.assisterId!, contactDate: today }] });
  await new Promise((r) => setTimeout(r, 8000));
  await s.startPostgres();
  await expect(reported).resolves.toMatchObject({ status: 'contacted', contactDate: today });
  const [row] = await s.sql`select status, contact_date::text as contact_date from leads where id = ${e.leadId}`;
  expect(row).toEqual({ status: 'contacted', contact_date: today });
  const events = await s.sql`select type from lead_events where lead_id = ${e.leadId} and type = 'contact-reported'`;
  expect(events).toHaveLength(1);
  await nothingMissing();
});

test('the Temporal server restarts on its SQLite file: open leads, their timers and the report cycle resume', async () => {
  const f = await newLead('Serverrestart', 45);
  const today = minnesotaDate(new Date());
  const period = periodContaining(OE5_REPORT_CALENDAR, today)!;
  await s.client.workflow.execute('reportCycleWorkflow', { taskQueue: s.taskQueue, workflowId: `faults-cycle-${period.reportSent}`, args: [{ date: period.reportSent }] });
  const report = s.client.workflow.getHandle(assisterReportWorkflowId(period.referralsFrom, 'f-nav-stpaul'));
  await eventually(() => report.query(reportStatusQuery), (r) => r.rows > 0);

  await s.restartTemporal(5000);
  // The worker process rides out the outage; the lead's timer fires after the restart, the report still waits.
  await eventually(() => status(f.leadId), (v: LeadStatusView) => v.status === 'closed-unresolved', 120_000);
  expect(await report.query(reportStatusQuery)).toMatchObject({ complete: false, overdue: false });
  expect((await report.describe()).status.name).toBe('RUNNING');
  expect(s.worker?.process.exitCode).toBeNull();
  await nothingMissing();
});
