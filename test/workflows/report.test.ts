// The assister's report with time skipping: the report goes out (a link to the portal's reports page); an assister that never returns
// its report is reminded two business days before the due date and escalated when it passes; one that returns
// it on time is neither. When the next report goes out, it carries the rows still without an outcome over.
import { holidayCalendar } from '../../domain/business-days';
import { OE5_REPORT_CALENDAR, periodContaining, reportDueAt, reportPeriod, reportReminderAt, reportSentAt, type ReportPeriod } from '../../domain/report-calendar';
import { minnesotaInstant, minnesotaIso } from '../../domain/time';
import { assisterReportWorkflowId, reportStatusQuery, reportSubmittedSignal } from '../../contracts/report';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { mailsMatching, recipient } from '../support/mail';
import { assister, sampleLead } from '../support/samples';
import { eventually } from '../support/eventually';
import { keepHistory } from '../support/histories';

let t: LeadTestEnv;
const period = periodContaining(OE5_REPORT_CALENDAR, '2026-12-10')!;
beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'time-skipping' });
  await t.addAssisters([assister('rc-nav-a', '55101'), assister('rc-brk-b', '55102', { type: 'broker' })]);
  for (const determinations of [['MA'], ['QHP']]) {
    t.clock.now = minnesotaInstant(period.referralsFrom, 10);
    const created = await t.createLead(sampleLead({ determinations }), { maxOpenDays: 1000 });
    if (!created.ok) throw new Error('refused');
  }
});
afterAll(async () => t?.close());

async function skipTo(instant: Date) {
  const ms = instant.getTime() - (await t.env.currentTimeMs());
  if (ms > 0) await t.env.sleep(ms);
}
const resolveLeadsOf = (assisterId: string) => t.sql`update leads set resolution = 'Enrolled in QHP' where assister_id = ${assisterId}`;
const reportMails = async () =>
  (await mailsMatching({ text: period.referralsFrom })).filter((m) => /PAL (Preferred Assister Report|report reminder|escalation: assister)/.test(m.Subject) && /rc-|pal-coordinator/.test(recipient(m) ?? '') && (m.Subject.includes(period.referralsFrom) || m.Text.includes(period.referralsFrom)));

test('reports go out on the report date; the late assister is reminded and escalated, the punctual one is not', async () => {
  // The assister workflows are started directly here (the cycle that starts them is tested on the dev server:
  // the Java test server stalls on abandoned children's timers).
  for (const assisterId of ['rc-nav-a', 'rc-brk-b'])
    await t.env.client.workflow.start('assisterReportWorkflow', { taskQueue: t.taskQueue, workflowId: assisterReportWorkflowId(period.referralsFrom, assisterId), args: [{ assisterId, period }] });
  await eventually(() => t.sql`select assister_id from report_obligations where period_number = ${period.number} and sent_at is not null`, (rows) => rows.length === 2);
  const punctual = t.env.client.workflow.getHandle(assisterReportWorkflowId(period.referralsFrom, 'rc-nav-a'));
  const late = t.env.client.workflow.getHandle(assisterReportWorkflowId(period.referralsFrom, 'rc-brk-b'));

  await skipTo(minnesotaInstant(period.reportSent, 12));
  // rc-nav-a's outcome reached its lead (what a submission's delivery does), and the report is told to count again.
  await resolveLeadsOf('rc-nav-a');
  await punctual.signal(reportSubmittedSignal, { submissionId: 1, outstanding: 0 });
  await skipTo(new Date(reportDueAt(period).getTime() + 60 * 60 * 1000));

  expect(await punctual.query(reportStatusQuery)).toMatchObject({ rows: 1, complete: true, reminded: false, overdue: false });
  expect(await late.query(reportStatusQuery)).toMatchObject({ rows: 1, complete: false, reminded: true, overdue: true });

  const obligations = await t.sql`select assister_id, reminded_at, overdue_at, on_time from report_obligations where period_number = ${period.number} order by assister_id`;
  expect(obligations.map((o) => [o.assister_id, Boolean(o.reminded_at), Boolean(o.overdue_at), o.on_time])).toEqual([
    ['rc-brk-b', true, true, null],
    ['rc-nav-a', false, false, true],
  ]);

  const mails = await reportMails();
  expect(mails.map((m) => `${recipient(m)}: ${m.Subject}`).sort()).toEqual(
    [
      `pal-coordinator@mnsure.example.org: PAL escalation: assister rc-brk-b report overdue`,
      `rc-brk-b@assisters.example.org: PAL Preferred Assister Report: referrals ${period.referralsFrom} to ${period.referralsTo}`,
      `rc-brk-b@assisters.example.org: PAL report reminder: referrals ${period.referralsFrom} to ${period.referralsTo}`,
      `rc-nav-a@assisters.example.org: PAL Preferred Assister Report: referrals ${period.referralsFrom} to ${period.referralsTo}`,
    ].sort(),
  );
  // PAL_REFERRAL_EMAIL's default (link): the workbook waits on the portal's reports page, the email carries none.
  for (const m of mails.filter((m) => m.Subject.startsWith('PAL Preferred Assister Report'))) {
    expect(m.Attachments).toEqual([]);
    expect(m.Text).toContain('on the reports page of the PAL portal:\n  http://127.0.0.1:3000/portal/reports\n');
  }
  // The reminder went out at 08:00 on the second business day before the due date; the escalation at the due time.
  // To the minute: under load the time-skipping server may hand a timer's workflow task over a second late.
  const status = await late.query(reportStatusQuery);
  const toTheMinute = (iso: string) => minnesotaIso(new Date(Math.floor(Date.parse(iso) / 60_000) * 60_000));
  expect(toTheMinute(status.remindedAt!)).toBe(minnesotaIso(reportReminderAt(period, holidayCalendar())));
  expect(toTheMinute(status.overdueAt!)).toBe(minnesotaIso(reportDueAt(period)));
  expect(toTheMinute(status.overdueAt!)).toMatch(/T17:00:00/);
  await keepHistory(t.env.client, late.workflowId, 'assister-report-overdue');
  await keepHistory(t.env.client, punctual.workflowId, 'assister-report-on-time');
});

test('carry-over: a newer report takes the rows still without an outcome; the older one ends, and one report is overdue at a time', async () => {
  // Two consecutive periods after the one above; one assister with a lead in each, neither ever reported on.
  const older = periodContaining(OE5_REPORT_CALENDAR, '2026-12-20')!;
  const newer = reportPeriod(OE5_REPORT_CALENDAR, older.number + 1);
  await t.addAssisters([assister('rc-nav-carry', '55802')]);
  const duluthLead = () => sampleLead({ consumer: { ...sampleLead().consumer, zip: '55802' } });
  const leads: string[] = [];
  for (const p of [older, newer]) {
    t.clock.now = minnesotaInstant(p.referralsFrom, 10);
    const created = await t.createLead(duluthLead(), { maxOpenDays: 1000 });
    if (!created.ok || created.lead.assisterId !== 'rc-nav-carry') throw new Error('not routed to rc-nav-carry');
    leads.push(created.lead.leadId);
  }
  const start = (p: ReportPeriod) =>
    t.env.client.workflow.start('assisterReportWorkflow', { taskQueue: t.taskQueue, workflowId: assisterReportWorkflowId(p.referralsFrom, 'rc-nav-carry'), args: [{ assisterId: 'rc-nav-carry', period: p }] });

  await skipTo(reportSentAt(older));
  const first = await start(older);
  await skipTo(new Date(reportDueAt(older).getTime() + 60 * 60 * 1000));
  expect(await first.query(reportStatusQuery)).toMatchObject({ rows: 1, outstanding: 1, reminded: true, overdue: true, complete: false });

  // The newer report goes out while the older one is overdue (late reports are accepted 14 days): it holds the open
  // row too, and the older report ends, counting it as carried over; it is not complete (nothing was returned).
  await skipTo(reportSentAt(newer));
  const second = await start(newer);
  await expect(first.result()).resolves.toMatchObject({ rows: 1, outstanding: 0, carriedOver: 1, carriedTo: newer.referralsFrom, overdue: true, complete: false });
  expect(await eventually(() => second.query(reportStatusQuery), (s) => s.rows > 0)).toMatchObject({ rows: 2, outstanding: 2, overdue: false });

  // The newer report's due date passes: it escalates; the older one, ended, raised nothing more.
  await skipTo(new Date(reportDueAt(newer).getTime() + 60 * 60 * 1000));
  expect(await second.query(reportStatusQuery)).toMatchObject({ rows: 2, outstanding: 2, reminded: true, overdue: true });
  const escalations = (await mailsMatching({ subject: 'PAL escalation: assister rc-nav-carry report overdue' })).filter((m) => m.Subject === 'PAL escalation: assister rc-nav-carry report overdue');
  expect(escalations.map((m) => /referrals sent (\S+) to/.exec(m.Text)?.[1]).sort()).toEqual([older.referralsFrom, newer.referralsFrom]);
  const obligations = await t.sql`select period_number, overdue_at is not null as overdue, completed_at, carried_over, carried_to from report_obligations where assister_id = 'rc-nav-carry' order by period_number`;
  expect(obligations).toEqual([
    { period_number: older.number, overdue: true, completed_at: null, carried_over: 1, carried_to: newer.number },
    { period_number: newer.number, overdue: true, completed_at: null, carried_over: null, carried_to: null },
  ]);

  // Returned late and complete, the newer report ends as late.
  await resolveLeadsOf('rc-nav-carry');
  await second.signal(reportSubmittedSignal, { submissionId: 1, outstanding: 0 });
  await expect(second.result()).resolves.toMatchObject({ complete: true, overdue: true });
  await keepHistory(t.env.client, first.workflowId, 'assister-report-carried-over');
  await keepHistory(t.env.client, second.workflowId, 'assister-report-carry-over');
});
