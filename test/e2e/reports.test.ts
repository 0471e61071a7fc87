// The report round trip on the dev server: generate an assister's workbook, fill it in, submit it; good rows reach
// their lead workflows once, bad rows come back with row, column and reason; duplicates change nothing. Leads
// without an outcome carry over to the next report.
import { testDir } from '../support/temp';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runPal, startTestApi, testTokens as tokens } from '../support/api';
import { issueAssisterToken } from '../../client/auth';
import { recordSubmission, submitReport, type SubmissionResult } from '../../client/api/report-submission';
import { addDays, minnesotaDate, minnesotaInstant } from '../../domain/time';
import { OE5_REPORT_CALENDAR, periodContaining, reportPeriod, type ReportPeriod } from '../../domain/report-calendar';
import { appearsOnReport, reportRowWindow } from '../../domain/report-carry-over';
import { reportLeads } from '../../store/reports';
import { assisterReportWorkflowId, reportDeliveryWorkflowId, reportStatusQuery } from '../../contracts/report';
import { leadWorkflowId, reportContactUpdate, statusQuery } from '../../contracts/lead';
import { reportDeliveryWorkflow } from '../../workflows/report-delivery';
import { reportWorkbookBuffer, type ReportWorkbookRow } from '../../activities/report-workbook';
import { reportWorkbookRows } from '../../activities/reports';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { mailsMatching } from '../support/mail';
import { assister, sampleLead } from '../support/samples';
import { keepHistory } from '../support/histories';

// Two-week periods running through today, so the leads created now fall in the current one.
const calendar = { programStart: '2026-01-01', firstPeriodEnd: '2026-01-14', periodDays: 14, sendLagDays: 7, dueLagDays: 7 };
const today = minnesotaDate(new Date());
let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
let api: string;
let token: string;
const leadIds: string[] = [];
const leadRefs: string[] = [];
const dir = testDir('pal-report-');

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('r-nav-stpaul', '55101'), assister('r-nav-duluth', '55802')]);
  server = await startTestApi(t, { mailer: t.mailer, calendar });
  api = server.url;
  token = await issueAssisterToken(t.sql, 'r-nav-stpaul');
  for (const lastName of ['Alpha', 'Bravo', 'Charlie']) {
    t.clock.now = new Date();
    const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, lastName } }));
    if (!created.ok) throw new Error('refused');
    leadIds.push(created.lead.leadId);
    leadRefs.push(created.lead.reference!);
  }
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const pal = (tok: string, ...args: string[]) => runPal(api, tok, ...args);
const upload = (tok: string, bytes: Buffer) =>
  fetch(`${api}/api/reports/r-nav-stpaul?period=${today}`, { method: 'POST', headers: { authorization: `Bearer ${tok}` }, body: new Uint8Array(bytes) });

let generated: Buffer;
test('the coordinator generates the workbook: one row per lead of the period, marketplace columns filled, leads by reference', async () => {
  const file = join(dir, 'report.xlsx');
  expect(await pal(tokens.coordinatorToken, 'report', 'generate', '--assister', 'r-nav-stpaul', '--period', today, '--file', file)).toMatchObject({ code: 0 });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('Report')!;
  expect(ws.rowCount).toBe(4);
  const rows = [2, 3, 4].map((n) => ws.getRow(n));
  expect(rows.map((r) => r.getCell(1).value)).toEqual(leadRefs);
  expect(rows.map((r) => r.getCell(3).value)).toEqual(['Alpha', 'Bravo', 'Charlie']);
  generated = Buffer.from(await wb.xlsx.writeBuffer());
});

async function filled(fill: Record<number, [string, Date | null, string, string?]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(generated as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Report')!;
  for (const [row, [made, date, resolution, comment]] of Object.entries(fill)) {
    const r = ws.getRow(Number(row));
    r.getCell(6).value = made;
    r.getCell(7).value = date;
    r.getCell(8).value = resolution;
    r.getCell(9).value = comment ?? null;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const todayCell = () => new Date(`${today}T00:00:00Z`);
const status = (i: number) => t.env.client.workflow.getHandle(leadWorkflowId(leadIds[i]!)).query(statusQuery);

test('a submission applies good rows to their leads and reports bad rows precisely; the assister is emailed what to fix', async () => {
  const first = await filled({
    2: ['Y', todayCell(), 'Eligible for Medical Assistance', '=HYPERLINK("http://evil.example","x")'],
    3: ['N', null, 'Enrolled in QHP'],
    4: ['Y', todayCell(), 'Contact made, appointment scheduled'],
  });
  const file = join(dir, 'completed.xlsx');
  writeFileSync(file, first);
  const out = await pal(token, 'report', 'submit', '--assister', 'r-nav-stpaul', '--period', today, '--file', file, '--json');
  const result = JSON.parse(out.stdout) as SubmissionResult;
  expect(result).toMatchObject({ duplicate: false, applied: 2, unchanged: 0 });
  expect(result.rejected).toEqual([{ row: 3, column: 'Resolution', reason: expect.stringMatching(/"Enrolled in QHP" needs contact/) }]);

  // Recorded at once; applied to the lead workflows by the submission's delivery workflow.
  await eventually(() => status(0), (v) => v.status === 'resolved');
  await expect(status(0)).resolves.toMatchObject({ status: 'resolved', resolution: 'Eligible for Medical Assistance', contactDate: today });
  await eventually(() => status(2), (v) => v.status === 'appointment-scheduled');
  await expect(status(1)).resolves.toMatchObject({ status: 'awaiting-contact' });
  // A workbook generated now comes prefilled with what was reported, the comment still plain text.
  const regenerated = await fetch(`${api}/api/reports/r-nav-stpaul.xlsx?period=${today}`, { headers: { authorization: `Bearer ${token}` } });
  const prefilled = new ExcelJS.Workbook();
  await prefilled.xlsx.load(await regenerated.arrayBuffer());
  const row2 = prefilled.getWorksheet('Report')!.getRow(2);
  expect([6, 7, 8, 9].map((c) => row2.getCell(c).value)).toEqual(['Y', todayCell(), 'Eligible for Medical Assistance', '=HYPERLINK("http://evil.example","x")']);
  expect(row2.getCell(9).type).toBe(ExcelJS.ValueType.String);
  const [kept] = await t.sql`select original, result from report_submissions where id = ${result.submissionId}`;
  expect(Buffer.compare(kept!.original, first)).toBe(0);

  const corrections = () => mailsMatching({ subject: 'corrections needed', to: 'r-nav-stpaul@assisters.example.org' });
  const mail = await eventually(corrections, (m) => m.length > 0);
  expect(mail.map((m) => m.Text)).toEqual([expect.stringContaining('Row 3, Resolution: "Enrolled in QHP" needs contact')]);

  // The same file again changes nothing.
  const again = (await (await upload(token, first)).json()) as SubmissionResult;
  expect(again).toMatchObject({ duplicate: true, applied: 0, submissionId: result.submissionId });

  // The corrected file applies only the fixed row.
  const corrected = await filled({
    2: ['Y', todayCell(), 'Eligible for Medical Assistance', '=HYPERLINK("http://evil.example","x")'],
    3: ['N', null, 'Unable to contact'],
    4: ['Y', todayCell(), 'Contact made, appointment scheduled'],
  });
  const fixed = (await (await upload(token, corrected)).json()) as SubmissionResult;
  expect(fixed).toMatchObject({ duplicate: false, applied: 1, unchanged: 2, rejected: [] });
  await eventually(() => status(1), (v) => v.status === 'resolved');
  await expect(status(1)).resolves.toMatchObject({ status: 'resolved', resolution: 'Unable to contact' });

  // A different outcome for a lead already closed is a row problem, not a failed submission.
  const changed = await filled({ 2: ['Y', todayCell(), 'Enrolled in QHP'] });
  const refusedRow = (await (await upload(token, changed)).json()) as SubmissionResult;
  expect(refusedRow.rejected.filter((p) => p.row === 2)).toEqual([{ row: 2, column: 'Resolution', reason: expect.stringMatching(/already closed \(Eligible for Medical Assistance\)/) }]);
});

test('another assister cannot submit this report, and a file that is not a workbook is refused whole but kept', async () => {
  const other = await issueAssisterToken(t.sql, 'r-nav-duluth');
  expect((await upload(other, generated)).status).toBe(403);
  const res = await upload(token, Buffer.from('Lead Reference,Contact Made\n'));
  expect(res.status).toBe(422);
  expect(await res.json()).toMatchObject({ rejectedFile: 'The file is not an .xlsx workbook', applied: 0 });
  const kept = await t.sql`select length(original) as bytes from report_submissions where result->>'rejectedFile' is not null`;
  expect(kept).toHaveLength(1);
});

test('on a report-sent date the cycle starts one report workflow per assister that owes a report, ids without PII', async () => {
  const q = periodContaining(OE5_REPORT_CALENDAR, '2027-02-01')!;
  t.clock.now = minnesotaInstant(q.referralsFrom, 10);
  const created = await t.createLead(sampleLead());
  if (!created.ok) throw new Error('refused');
  const none = await t.env.client.workflow.execute('reportCycleWorkflow', { taskQueue: t.taskQueue, workflowId: `report-cycle-test-${q.reportDue}`, args: [{ date: q.reportDue }] });
  expect(none).toEqual({ assisterIds: [] });
  const cycle = await t.env.client.workflow.execute('reportCycleWorkflow', { taskQueue: t.taskQueue, workflowId: `report-cycle-test-${q.reportSent}`, args: [{ date: q.reportSent }] });
  expect(cycle).toMatchObject({ period: { referralsFrom: q.referralsFrom, reportDue: q.reportDue }, assisterIds: ['r-nav-stpaul'] });
  const child = t.env.client.workflow.getHandle(assisterReportWorkflowId(q.referralsFrom, 'r-nav-stpaul'));
  expect(child.workflowId).toBe(`report-${q.referralsFrom}-r-nav-stpaul`);
  // Two rows: this period's lead, and Charlie's from the earlier test, still open with an appointment scheduled;
  // Charlie's already has an outcome (the interim one), so one row is outstanding.
  const status = await eventually(() => child.query(reportStatusQuery), (s) => s.rows > 0);
  expect(status).toMatchObject({ rows: 2, outstanding: 1, complete: false });
  // Running the cycle again for the same date starts nothing new.
  await t.env.client.workflow.execute('reportCycleWorkflow', { taskQueue: t.taskQueue, workflowId: `report-cycle-test-${q.reportSent}-again`, args: [{ date: q.reportSent }] });

  // The assister returns it complete: the delivery applies both rows, then tells the report workflow, which ends.
  const rows = (await reportWorkbookRows(t.sql, 'r-nav-stpaul', q)).map((r) =>
    r.leadReference === created.lead.reference ? { ...r, contactMade: 'N' as const, resolution: 'Unable to contact' } : { ...r, resolution: 'Enrolled in QHP' },
  );
  const result = await submitReport({ client: t.env.client, sql: t.sql, taskQueue: t.taskQueue }, 'r-nav-stpaul', q, await reportWorkbookBuffer({ assisterName: 'r', ...q }, rows));
  expect(result).toMatchObject({ applied: 2, rejected: [] });
  await expect(child.result()).resolves.toMatchObject({ complete: true, outstanding: 0, overdue: false });
  const [obligation] = await t.sql`select on_time from report_obligations where assister_id = 'r-nav-stpaul' and period_number = ${q.number}`;
  expect(obligation).toEqual({ on_time: true });
  await keepHistory(t.env.client, `report-cycle-test-${q.reportSent}`, 'report-cycle');
  await keepHistory(t.env.client, child.workflowId, 'assister-report-complete');
  await keepHistory(t.env.client, reportDeliveryWorkflowId(q.referralsFrom, 'r-nav-stpaul', result.submissionId), 'report-delivery');
});

test('a lead that changed after its row was recorded refuses it at delivery: the result and an email say so', async () => {
  t.clock.now = new Date();
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, lastName: 'Delta' } }));
  if (!created.ok) throw new Error('refused');
  const leadId = created.lead.leadId;
  const period = periodContaining(calendar, today)!;
  const rows = (await reportWorkbookRows(t.sql, 'r-nav-stpaul', period)).map((r) =>
    r.leadReference === created.lead.reference ? { ...r, contactMade: 'N' as const, resolution: 'Unable to contact' } : r,
  );
  const { result } = await recordSubmission(t.sql, 'r-nav-stpaul', period, await reportWorkbookBuffer({ assisterName: 'r', ...period }, rows));
  expect(result.applied).toBe(1);
  // Before the delivery runs, the assister reports contact through the API: "Unable to contact" no longer fits.
  await t.env.client.workflow.getHandle(leadWorkflowId(leadId)).executeUpdate(reportContactUpdate, { args: [{ assisterId: 'r-nav-stpaul', contactDate: today }] });
  const delivery = await t.env.client.workflow.execute(reportDeliveryWorkflow, {
    taskQueue: t.taskQueue,
    workflowId: reportDeliveryWorkflowId(period.referralsFrom, 'r-nav-stpaul', result.submissionId),
    args: [{ submissionId: result.submissionId, assisterId: 'r-nav-stpaul', period }],
  });
  expect(delivery).toMatchObject({ delivered: 0, refused: 1 });
  await expect(t.env.client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery)).resolves.toMatchObject({ status: 'contacted' });
  const [stored] = await t.sql<{ result: SubmissionResult }[]>`select result from report_submissions where id = ${result.submissionId}`;
  const row = rows.findIndex((r) => r.leadReference === created.lead.reference) + 2;
  expect(stored!.result).toMatchObject({ applied: 0, rejected: [{ row, column: 'Resolution', reason: expect.stringMatching(/Contact was already reported/) }] });
  const mail = await eventually(
    async () => (await mailsMatching({ text: 'the lead changed since the workbook was made' })).filter((m) => m.Text.includes('the lead changed since the workbook was made')),
    (m) => m.length > 0,
  );
  expect(mail.map((m) => m.Text)).toEqual([expect.stringContaining(`Row ${row}, Resolution: Contact was already reported (${today})`)]);
  expect(mail[0]!.Text).not.toContain('Delta');
  await keepHistory(t.env.client, reportDeliveryWorkflowId(period.referralsFrom, 'r-nav-stpaul', result.submissionId), 'report-delivery-refused');
});

test('carry-over: a lead without an outcome moves to the newest report; an outcome returned on any report counts once, for the lead', async () => {
  // Two consecutive periods ahead (nothing falls due during the test), r-nav-duluth's leads only.
  const older = periodContaining(OE5_REPORT_CALENDAR, addDays(today, 120))!;
  const newer = reportPeriod(OE5_REPORT_CALENDAR, older.number + 1);
  const lead = async (p: ReportPeriod, lastName: string, hour: number) => {
    t.clock.now = minnesotaInstant(p.referralsFrom, hour);
    const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, lastName, zip: '55802' } }));
    if (!created.ok || created.lead.assisterId !== 'r-nav-duluth') throw new Error('not routed to r-nav-duluth');
    return created.lead as typeof created.lead & { reference: string };
  };
  const echo = await lead(older, 'Echo', 9);
  const foxtrot = await lead(older, 'Foxtrot', 10);
  const golf = await lead(newer, 'Golf', 9);
  const deps = { client: t.env.client, sql: t.sql, taskQueue: t.taskQueue };
  const start = (p: ReportPeriod) =>
    t.env.client.workflow.start('assisterReportWorkflow', { taskQueue: t.taskQueue, workflowId: assisterReportWorkflowId(p.referralsFrom, 'r-nav-duluth'), args: [{ assisterId: 'r-nav-duluth', period: p }] });
  const workbook = async (p: ReportPeriod, fill: Record<string, Partial<ReportWorkbookRow>>) =>
    reportWorkbookBuffer(
      { assisterName: 'd', ...p },
      (await reportWorkbookRows(t.sql, 'r-nav-duluth', p)).filter((r) => fill[r.leadReference]).map((r) => ({ ...r, ...fill[r.leadReference] })),
    );

  const first = await start(older);
  expect(await eventually(() => first.query(reportStatusQuery), (s) => s.rows > 0)).toMatchObject({ rows: 2, outstanding: 2 });
  // Returned with Echo's row wrong and Foxtrot's row missing: neither lead has an outcome.
  const partial = await submitReport(deps, 'r-nav-duluth', older, await workbook(older, { [echo.reference]: { contactMade: 'N', resolution: 'Enrolled in QHP' } }));
  expect(partial).toMatchObject({ applied: 0, rejected: [{ row: 2, column: 'Resolution' }] });

  // The newer report goes out: both open leads are on it with its own lead; the older report ends, carried over.
  const second = await start(newer);
  await expect(first.result()).resolves.toMatchObject({ rows: 2, outstanding: 0, carriedOver: 2, carriedTo: newer.referralsFrom, complete: false });
  expect(await eventually(() => second.query(reportStatusQuery), (s) => s.rows > 0)).toMatchObject({ rows: 3, outstanding: 3 });
  expect((await reportWorkbookRows(t.sql, 'r-nav-duluth', newer)).map((r) => r.leadReference)).toEqual([echo.reference, foxtrot.reference, golf.reference]);
  const [carried] = await t.sql`select carried_over, carried_to, completed_at from report_obligations where assister_id = 'r-nav-duluth' and period_number = ${older.number}`;
  expect(carried).toEqual({ carried_over: 2, carried_to: newer.number, completed_at: null });

  // A late return of the older report still counts (Foxtrot), and the same outcome on the newer report is unchanged.
  const late = await recordSubmission(t.sql, 'r-nav-duluth', older, await workbook(older, { [foxtrot.reference]: { contactMade: 'N', resolution: 'Unable to contact' } }));
  expect(late.result).toMatchObject({ applied: 1, rejected: [] });
  const complete = await submitReport(
    deps,
    'r-nav-duluth',
    newer,
    await workbook(newer, {
      [echo.reference]: { contactMade: 'N', resolution: 'No longer needs assistance' },
      [foxtrot.reference]: { contactMade: 'N', resolution: 'Unable to contact' },
      [golf.reference]: { contactMade: 'N', resolution: 'Unable to contact' },
    }),
  );
  expect(complete).toMatchObject({ applied: 2, unchanged: 1, rejected: [] });
  // The newer submission's delivery finishes first (Foxtrot's outcome has not reached its lead: one row outstanding).
  await t.env.client.workflow.getHandle(reportDeliveryWorkflowId(newer.referralsFrom, 'r-nav-duluth', complete.submissionId)).result();
  expect(await eventually(() => second.query(reportStatusQuery), (s) => s.outstanding < 3)).toMatchObject({ outstanding: 1, complete: false });
  // Then the older report's outcome reaches Foxtrot's lead, and the newer report, counting again, is complete.
  await t.env.client.workflow.execute(reportDeliveryWorkflow, {
    taskQueue: t.taskQueue,
    workflowId: reportDeliveryWorkflowId(older.referralsFrom, 'r-nav-duluth', late.result.submissionId),
    args: [{ submissionId: late.result.submissionId, assisterId: 'r-nav-duluth', period: older }],
  });
  await expect(second.result()).resolves.toMatchObject({ rows: 3, outstanding: 0, complete: true, overdue: false });
  await keepHistory(t.env.client, second.workflowId, 'assister-report-recount');
  const [obligation] = await t.sql`select on_time from report_obligations where assister_id = 'r-nav-duluth' and period_number = ${newer.number}`;
  expect(obligation).toEqual({ on_time: true });
  const events = await t.sql`select count(*)::int as n from lead_events where lead_id = ${foxtrot.leadId} and type = 'resolution-reported'`;
  expect(events).toEqual([{ n: 1 }]);

  // The SQL's rows are domain/report-carry-over's, on both reports and the next one (all three leads now closed).
  const all = await t.sql<{ id: string; referred_at: Date; closed_at: Date | null }[]>`select id, referred_at, closed_at from leads where assister_id = 'r-nav-duluth'`;
  for (const p of [older, newer, reportPeriod(OE5_REPORT_CALENDAR, newer.number + 1)]) {
    const expected = all.filter((l) => appearsOnReport({ referredAt: l.referred_at, closedAt: l.closed_at }, reportRowWindow(p))).map((l) => l.id);
    expect((await reportWorkbookRows(t.sql, 'r-nav-duluth', p)).length).toBe(expected.length);
    expect((await reportLeads(t.sql, 'r-nav-duluth', p)).map((l) => l.id).sort()).toEqual(expected.sort());
  }
});
