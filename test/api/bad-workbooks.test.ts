// Hostile returned workbooks through the HTTP upload: random bytes, truncated files, other formats, huge files, zip
// bombs (also ones that lie about their sizes), formulas, rows about another assister's leads, thousands of bad rows,
// one submission after another. Each is refused cleanly (whole file, row by row, or 429), the valid rows alone are
// recorded, and every file received has its result; the file itself is kept only when it was not refused whole.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { reportWorkbookFor } from '../../activities/reports';
import type { SubmissionResult } from '../../store/report-submissions';
import { issueAssisterToken } from '../../client/auth';
import { OE5_REPORT_CALENDAR, periodContaining } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { startTestApi, testTokens } from '../support/api';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister, sampleLead } from '../support/samples';
import { REPORT_PART, reportSheetXml, rezipped, zipBomb } from '../support/zip-bombs';

let t: LeadTestEnv;
let api: Awaited<ReturnType<typeof startTestApi>>;
let token: string;
let good: Buffer;
const today = minnesotaDate(new Date());
const period = periodContaining(OE5_REPORT_CALENDAR, today)!;
const leadIds: string[] = [];
const leadRefs: string[] = [];
let otherLead: string;

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('w-nav-a', '55101'), assister('w-nav-duluth', '55802')]);
  // Far more submissions than an assister may make an hour: the limit has a test of its own.
  api = await startTestApi(t, { mailer: t.mailer, reportSubmissionsPerHour: 10_000 });
  token = await issueAssisterToken(t.sql, 'w-nav-a');
  for (const lastName of ['Uno', 'Dos']) {
    const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, lastName } }));
    if (!created.ok) throw new Error('refused');
    leadIds.push(created.lead.leadId);
    leadRefs.push(created.lead.reference!);
  }
  const duluth = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55802' } }));
  if (!duluth.ok || duluth.lead.assisterId !== 'w-nav-duluth') throw new Error('not routed to Duluth');
  otherLead = duluth.lead.leadId;
  good = (await reportWorkbookFor(t.sql, 'w-nav-a', period)).workbook;
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

/** Every file sent, by assister. */
const received = new Set<string>();
async function upload(bytes: Buffer) {
  received.add(`w-nav-a:${bytes.toString('base64')}`);
  const res = await fetch(`${api.url}/api/reports/w-nav-a?period=${today}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new Uint8Array(bytes) });
  return { status: res.status, body: (await res.json()) as SubmissionResult & { error?: string } };
}
const refusedWhole = (r: Awaited<ReturnType<typeof upload>>, reason: RegExp) => {
  expect(r.status).toBe(422);
  expect(r.body.rejectedFile).toMatch(reason);
  expect(r.body.applied).toBe(0);
};

test('random bytes and truncated workbooks are refused whole with one clear message', async () => {
  await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 4096 }), async (bytes) => refusedWhole(await upload(Buffer.from(bytes)), /not an \.xlsx workbook|damaged|encrypted/)), { numRuns: 100 });
  await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: good.length - 1 }), async (cut) => refusedWhole(await upload(good.subarray(0, cut)), /not an \.xlsx workbook|damaged/)), { numRuns: 60 });
});

test('other formats, huge files and a zip bomb are refused before any row is read', async () => {
  refusedWhole(await upload(Buffer.from('Lead Reference,Contact Made\nabc,Y\n')), /^The file is not an \.xlsx workbook$/);
  refusedWhole(await upload(Buffer.from('%PDF-1.7\n%âãÏÓ\n')), /^The file is not an \.xlsx workbook$/);
  refusedWhole(await upload(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])), /encrypted or in the old \.xls format/);
  refusedWhole(await upload(Buffer.concat([good, Buffer.alloc(20 * 1024 * 1024)])), /larger than 20 MB/);
  expect((await upload(Buffer.alloc(22 * 1024 * 1024))).status).toBe(413);
  const bomb = zipBomb(300);
  expect(bomb.length).toBeLessThan(1024 * 1024);
  refusedWhole(await upload(bomb), /unpack to more than 200 MB/);
});

test('a workbook that lies about its sizes is refused where a part passes what it declares, in little memory', async () => {
  // The Report sheet says 100 bytes and unpacks to 1 GiB of spaces (valid XML): about a megabyte sent.
  const bomb = await rezipped(good, { [REPORT_PART]: { after: '<sheetData>', paddingMiB: 1024, declared: 100 } });
  expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const answer = await upload(bomb).finally(() => clearInterval(sampler));
  refusedWhole(answer, /^The workbook unpacks to more than its own directory says \(a zip bomb, or a damaged file\)$/);
  // The API inflated at most what the file declared: its memory hardly moved.
  expect((peak - base) / 1024 / 1024).toBeLessThan(64);
  // The same lie in the shared strings of a workbook a spreadsheet program saved.
  const saved = new ExcelJS.Workbook();
  await saved.xlsx.load(good as unknown as ArrayBuffer);
  const resaved = Buffer.from(await saved.xlsx.writeBuffer());
  refusedWhole(await upload(await rezipped(resaved, { 'xl/sharedStrings.xml': { after: '<t>', paddingMiB: 256, declared: 500 } })), /unpacks to more than its own directory says/);
});

test('a report of many bad rows lists the first 500 problems and counts the rest', async () => {
  const rows = Array.from({ length: 400 }, () => [leadRefs[0]!, '', '', '', '', 'maybe']);
  const r = await upload(await rezipped(good, { [REPORT_PART]: { content: reportSheetXml(rows) } }));
  expect(r.status).toBe(200);
  const perRow = r.body.rejected.filter((p) => p.row === 2).length;
  expect(perRow).toBeGreaterThanOrEqual(2);
  expect(r.body.rejected).toHaveLength(500);
  expect(r.body.rejectedNotListed).toBe(400 * perRow - 500);
  expect(r.body.applied).toBe(0);
});

test('one assister may submit so many workbooks an hour, then gets 429 with Retry-After; refused callers use none up', async () => {
  const limited = await startTestApi(t, { reportSubmissionsPerHour: 2 });
  const duluth = await issueAssisterToken(t.sql, 'w-nav-duluth');
  const submit = async (assisterId: string, bearer: string, text: string) => {
    const res = await fetch(`${limited.url}/api/reports/${assisterId}?period=${today}`, { method: 'POST', headers: { authorization: `Bearer ${bearer}` }, body: text });
    if (res.status === 422) received.add(`${assisterId}:${Buffer.from(text).toString('base64')}`);
    return res;
  };
  try {
    for (let i = 0; i < 3; i++) expect((await submit('w-nav-a', 'not-a-token-of-anyone', `try ${i}`)).status).toBe(401);
    expect((await submit('w-nav-a', duluth, 'not mine')).status).toBe(403);
    // The assister's own token and the coordinator's, for it, count alike.
    expect((await submit('w-nav-a', token, 'first')).status).toBe(422);
    expect((await submit('w-nav-a', testTokens.coordinatorToken, 'second')).status).toBe(422);
    const third = await submit('w-nav-a', token, 'third');
    expect(third.status).toBe(429);
    const wait = Number(third.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(3600);
    expect(await third.json()).toEqual({ error: expect.stringMatching(/^Too many report submissions for this assister: at most 2 an hour\. Try again in \d+ seconds$/) });
    // Another assister's submissions are its own.
    expect((await submit('w-nav-duluth', duluth, 'duluth')).status).toBe(422);
  } finally {
    await limited.close();
  }
});

test('formulas and rows about other leads are refused row by row; only the valid rows are recorded', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(good as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Report')!;
  const [first, second] = [ws.getRow(2), ws.getRow(3)];
  // Rows name leads by reference; another assister's lead is named by its id, as workbooks sent before references did.
  const secondLead = leadIds[leadRefs.indexOf(String(second.getCell(1).value))];
  expect(leadIds).toContain(secondLead);
  first.getCell(6).value = 'N';
  first.getCell(8).value = { formula: '"Unable to contact"', result: 'Unable to contact' };
  second.getCell(6).value = 'N';
  second.getCell(8).value = 'Unable to contact';
  second.getCell(9).value = '=cmd|\' /C calc\'!A0';
  const other = ws.getRow(4);
  other.values = [otherLead, 'X', 'Y', '651-555-0100', new Date(), 'N', null, 'Unable to contact'];
  const r = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ applied: 1, unchanged: 0 });
  expect(r.body.rejected).toEqual([
    { row: 2, column: 'Resolution', reason: 'A formula is not accepted: type the value itself' },
    { row: 4, column: 'Lead Reference', reason: 'Not one of your leads for this report period' },
  ]);
  const recorded = await t.sql<{ lead_id: string; comment: string }[]>`select lead_id, outcome->>'comment' as comment from report_outcomes`;
  // The comment that looks like a formula was typed as text: it stays text.
  expect(recorded).toEqual([{ lead_id: secondLead, comment: "=cmd|' /C calc'!A0" }]);
});

test('every file received has its result; the file itself is kept only when it was not refused whole', async () => {
  const [count] = await t.sql<{ n: number; refused: number }[]>`select count(*)::int as n, (count(*) filter (where result ? 'rejectedFile'))::int as refused from report_submissions`;
  // The 413 was refused before the body was read, so it is not a submission.
  expect(count!.n).toBe(received.size - 1);
  expect(count!.refused).toBeGreaterThan(150);
  const unresolved = await t.sql`select id from report_submissions where result is null`;
  expect(unresolved).toEqual([]);
  const keptWhenRefused = await t.sql`select id from report_submissions where (original is null) = not (result ? 'rejectedFile')`;
  expect(keptWhenRefused).toEqual([]);
});
