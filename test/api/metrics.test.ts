// Performance figures from PostgreSQL through the API and the CLI. The leads are written as the lead workflows
// record them (leads, lead_events, outbox, report_obligations); they are the hand-checked leads of
// test/domain/metrics.test.ts, so the expected figures are the ones worked out there from the rules.
import { testDir } from '../support/temp';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { metricsActivities } from '../../activities/metrics';
import { issueAssisterToken } from '../../client/auth';
import { holidayCalendar } from '../../domain/business-days';
import { metricsConfig } from '../../platform/config';
import { minnesotaInstant } from '../../domain/time';
import { runPal, startTestApi, testTokens } from '../support/api';
import { eventually } from '../support/eventually';
import { mailsMatching } from '../support/mail';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister, sampleLead } from '../support/samples';

// Two-week periods; period 24 holds referrals 2026-11-16 to 11-29 (report due 12-13), period 23 the two weeks before.
const calendar = { programStart: '2026-01-01', firstPeriodEnd: '2026-01-11', periodDays: 14, sendLagDays: 7, dueLagDays: 7 };
const at = (date: string, hour: number, minute = 0) => minnesotaInstant(date, hour, minute);
const later = (d: Date, ms: number) => new Date(d.getTime() + ms);
let t: LeadTestEnv;
let api: Awaited<ReturnType<typeof startTestApi>>;

interface Seed {
  assisterId: string;
  zip: string;
  referredAt: Date;
  contactDeadlineAt: Date;
  emailAfterMs?: number;
  contact?: { date: string; reportedAt: Date };
  appointment?: { date: string; reportedAt: Date };
  resolution?: { resolution: string; contactMade: boolean; reportedAt: Date };
  escalations?: string[];
  waited?: boolean;
}

/** Writes one lead as its workflow would have: the row, its events, its referral email in the outbox. */
async function seedLead(s: Seed) {
  const id = randomUUID();
  const intake = sampleLead({ consumer: { ...sampleLead().consumer, zip: s.zip } });
  const final = s.resolution && s.resolution.resolution !== 'Contact made, appointment scheduled';
  await t.sql`insert into leads (id, intake, created_by, created_at, status, assignment, assister_id, assister_type, rule, referred_at, contact_deadline_at, contact_date, appointment_date, resolution, closed_at)
    values (${id}, ${t.sql.json(intake)}, 'rep-118', ${s.referredAt}, ${final ? 'resolved' : 'awaiting-contact'}, 1, ${s.assisterId}, 'navigator', 'public-program', ${s.referredAt}, ${s.contactDeadlineAt},
            ${s.contact?.date ?? null}, ${s.appointment?.date ?? null}, ${s.resolution?.resolution ?? null}, ${final ? s.resolution!.reportedAt : null})`;
  const events: [string, Date, object][] = [];
  if (s.waited) events.push(['no-eligible-assister', s.referredAt, { assisterType: 'navigator' }]);
  if (s.contact) events.push(['contact-reported', s.contact.reportedAt, { contactDate: s.contact.date }]);
  if (s.appointment) events.push(['appointment-reported', s.appointment.reportedAt, { appointmentDate: s.appointment.date }]);
  if (s.resolution) events.push(['resolution-reported', s.resolution.reportedAt, { resolution: s.resolution.resolution, contactMade: s.resolution.contactMade }]);
  for (const type of s.escalations ?? []) events.push([type, s.contactDeadlineAt, {}]);
  for (const [type, when, data] of events)
    await t.sql`insert into lead_events (lead_id, event_key, type, data, at) values (${id}, ${`${id}/${type}`}, ${type}, ${t.sql.json(data as never)}, ${when})`;
  if (s.emailAfterMs !== undefined)
    await t.sql`insert into outbox (key, recipient, message_id, status, sent_at) values (${`lead/${id}/1/referral`}, 'x@assisters.example.org', ${`<${id}@pal>`}, 'sent', ${later(s.referredAt, s.emailAfterMs)})`;
  return id;
}

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('m-nav-a', '55101'), assister('m-nav-c', '55802')]);
  api = await startTestApi(t, { calendar, mailer: t.mailer });
  const a = 'm-nav-a';
  // Period 24: the four leads of the domain test (L3 lives in Hennepin County, the others in Ramsey).
  await seedLead({ assisterId: a, zip: '55106', referredAt: at('2026-11-16', 10), contactDeadlineAt: at('2026-11-18', 17), emailAfterMs: 500,
    contact: { date: '2026-11-16', reportedAt: at('2026-11-16', 14) }, appointment: { date: '2026-11-20', reportedAt: at('2026-11-16', 14) },
    resolution: { resolution: 'Contact made, appointment scheduled', contactMade: true, reportedAt: at('2026-11-30', 9) } });
  await seedLead({ assisterId: a, zip: '55106', referredAt: at('2026-11-20', 15), contactDeadlineAt: at('2026-11-24', 17), emailAfterMs: 1000,
    contact: { date: '2026-11-24', reportedAt: at('2026-12-01', 9) }, resolution: { resolution: 'Enrolled in QHP', contactMade: true, reportedAt: at('2026-12-01', 9) } });
  await seedLead({ assisterId: a, zip: '55401', referredAt: at('2026-11-25', 16), contactDeadlineAt: at('2026-12-01', 17), emailAfterMs: 2000, waited: true,
    contact: { date: '2026-12-02', reportedAt: at('2026-12-02', 11) }, resolution: { resolution: 'Assisted with technical issue only', contactMade: true, reportedAt: at('2026-12-15', 10) }, escalations: ['contact-overdue'] });
  await seedLead({ assisterId: a, zip: '55106', referredAt: at('2026-11-17', 9), contactDeadlineAt: at('2026-11-19', 17), emailAfterMs: 10_000, escalations: ['contact-overdue', 'appointment-overdue'] });
  // Period 23: m-nav-a contacted nobody in time and never returned its report.
  await seedLead({ assisterId: a, zip: '55106', referredAt: at('2026-11-03', 9), contactDeadlineAt: at('2026-11-05', 17), emailAfterMs: 400, escalations: ['contact-overdue'] });
  await t.sql`insert into report_obligations (assister_id, period_number, rows, sent_at, overdue_at, completed_at, on_time) values
    ('m-nav-a', 24, 4, now(), null, now(), false),
    ('m-nav-a', 23, 1, now(), now(), null, null),
    ('m-nav-c', 24, 0, now(), now(), null, null),
    ('m-nav-c', 23, 0, now(), null, now(), true)`;
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

const get = async (token: string, query: string) => {
  const res = await fetch(`${api.url}/api/metrics?${query}`, { headers: { authorization: `Bearer ${token}` } });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked by the expectations
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

test("an assister's figures for a period, computed from what the workflows recorded", async () => {
  const { status, body } = await get(testTokens.coordinatorToken, 'period=2026-11-20&assister=m-nav-a');
  expect(status).toBe(200);
  expect(body.period).toEqual({ number: 24, referralsFrom: '2026-11-16', referralsTo: '2026-11-29' });
  expect(body.assisters).toEqual([
    expect.objectContaining({
      assisterId: 'm-nav-a',
      leadsReceived: 4,
      contactedWithinDeadline: 0.5,
      businessHoursToContact: { contacted: 3, median: 20, p90: 21.6 },
      appointmentOrResolutionWithin14Days: 0.5,
      report: 'late',
      escalations: 4,
    }),
  ]);
  expect(body.assisters[0].resolutionMix).toMatchObject({ 'Enrolled in QHP': 1, 'Assisted with technical issue only': 1, 'Contact made, appointment scheduled': 1, 'No resolution yet': 1 });
});

test('the program view: leads by county, create-to-email latency, waiting leads, geographic gaps', async () => {
  const { body } = await get(testTokens.coordinatorToken, 'period=2026-11-20');
  expect(body.program).toMatchObject({
    leads: 4,
    leadsByTypeAndCounty: [
      { county: 'Hennepin County', navigator: 1, broker: 0 },
      { county: 'Ramsey County', navigator: 3, broker: 0 },
    ],
    createToEmailSentSeconds: { count: 4, p50: 1.5, p95: 8.8 },
    waitedForAssister: 1,
  });
  const gaps = body.program.geographicGaps as { county: string; assisterType: string; miles: number | null }[];
  // Navigators sit in St. Paul and Duluth only: the far south-west is a gap, Ramsey County is not; no brokers at all.
  expect(gaps).toContainEqual(expect.objectContaining({ county: 'Rock County', assisterType: 'navigator' }));
  expect(gaps.filter((g) => g.county === 'Ramsey County').map((g) => g.assisterType)).toEqual(['broker']);
  expect(body.assisters.map((a: { assisterId: string }) => a.assisterId)).toEqual(['m-nav-a', 'm-nav-c']);
});

test('two bad periods running flag an assister for review and email the coordinator once; one bad period does not', async () => {
  const review = metricsActivities(t.sql, t.mailer, calendar, holidayCalendar(), metricsConfig({})).reviewAssisterPerformance;
  expect(await review('2026-12-13')).toEqual([]); // the report is due today, not yet reviewed
  expect(await review('2026-12-14')).toEqual(['m-nav-a']);
  expect(await review('2026-12-14')).toEqual([]);
  const mails = await eventually(async () => (await mailsMatching({ subject: 'PAL review: assister m-nav' })).filter((m) => m.Subject.startsWith('PAL review: assister m-nav')), (m) => m.length > 0);
  expect(mails.map((m) => m.Subject)).toEqual(['PAL review: assister m-nav-a below the minimums for two periods']);
  expect(mails[0]!.Text).toContain('Referrals 2026-11-02 to 2026-11-15: contacted within the deadline 0% (minimum 80%); appointment or resolution within 14 days 0% (minimum 50%); report not returned');
  expect(mails[0]!.Text).toContain('Referrals 2026-11-16 to 2026-11-29: contacted within the deadline 50% (minimum 80%); report returned late');
  const { body } = await get(testTokens.coordinatorToken, 'period=2026-11-20');
  expect(body.reviewFlags.map((f: { assisterId: string }) => f.assisterId)).toEqual(['m-nav-a']);
  // The flag waits in the coordinators' queue, once, until a coordinator resolves it.
  expect(await t.sql`select kind, assister_id, resolved_at from escalations where kind = 'review-flag'`).toEqual([{ kind: 'review-flag', assister_id: 'm-nav-a', resolved_at: null }]);
});

test('an assister sees only its own figures; the coordinator exports a workbook with pal metrics export', async () => {
  const own = await issueAssisterToken(t.sql, 'm-nav-c');
  const mine = await get(own, 'period=2026-11-20&assister=m-nav-a');
  expect(mine.body.assisters.map((a: { assisterId: string }) => a.assisterId)).toEqual(['m-nav-c']);
  expect(mine.body.program).toBeUndefined();
  expect((await get(own, 'period=someday')).status).toBe(400);

  const text = await runPal(api.url, testTokens.coordinatorToken, 'metrics', '--period', '2026-11-20');
  expect(text.stdout).toMatch(/^m-nav-a\s+4\s+50%\s+20 \/ 21\.6\s+50%\s+late\s+4$/m);
  const file = join(testDir('pal-metrics-'), 'metrics.xlsx');
  expect(await runPal(api.url, testTokens.coordinatorToken, 'metrics', 'export', '--period', '2026-11-20', '--file', file)).toMatchObject({ code: 0 });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['Assisters', 'Resolutions', 'Program', 'Counties', 'Geographic gaps', 'Review flags']);
  expect(wb.getWorksheet('Assisters')!.getRow(2).values).toEqual([undefined, 'm-nav-a', 4, 0.5, 20, 21.6, 0.5, 'late', 4]);
});
