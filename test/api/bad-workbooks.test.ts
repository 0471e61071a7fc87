// Hostile returned workbooks through the HTTP upload: random bytes, truncated files, other formats, huge files, a
// zip bomb, formulas, rows about another assister's leads. Each is refused cleanly (whole file, or row by row), the
// valid rows alone are recorded, and every file received is kept.
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { reportWorkbookFor } from '../../activities/reports';
import type { SubmissionResult } from '../../store/report-submissions';
import { issueAssisterToken } from '../../client/auth';
import { OE5_REPORT_CALENDAR, periodContaining } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { startTestApi } from '../support/api';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister, sampleLead } from '../support/samples';

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
  api = await startTestApi(t, { mailer: t.mailer });
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

const received = new Set<string>();
async function upload(bytes: Buffer) {
  received.add(bytes.toString('base64'));
  const res = await fetch(`${api.url}/api/reports/w-nav-a?period=${today}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new Uint8Array(bytes) });
  return { status: res.status, body: (await res.json()) as SubmissionResult & { error?: string } };
}
const refusedWhole = (r: Awaited<ReturnType<typeof upload>>, reason: RegExp) => {
  expect(r.status).toBe(422);
  expect(r.body.rejectedFile).toMatch(reason);
  expect(r.body.applied).toBe(0);
};

/** A zip holding one entry of `size` zero bytes, deflated: a few hundred kilobytes that unpack to `size`. */
function zipBomb(size: number): Buffer {
  const data = deflateRawSync(Buffer.alloc(size));
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

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
  const bomb = zipBomb(300 * 1024 * 1024);
  expect(bomb.length).toBeLessThan(1024 * 1024);
  refusedWhole(await upload(bomb), /unpack to more than 200 MB/);
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

test('every file received is kept with its result', async () => {
  const [count] = await t.sql<{ n: number }[]>`select count(*)::int as n from report_submissions`;
  // The 413 was refused before the body was read, so it is not a submission.
  expect(count!.n).toBe(received.size - 1);
  const unresolved = await t.sql`select id from report_submissions where result is null`;
  expect(unresolved).toEqual([]);
});
