// The report workbook, checked by reading its XML with an independent zip reader, then round-tripped: an assister
// fills it in (with exceljs's non-streaming API, as a spreadsheet program would), PAL reads it back row by row.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { checkWorkbookFile, readReportRows, reportWorkbookBuffer, WorkbookRejected, type ReportWorkbookRow } from '../activities/report-workbook';
import { checkReportRow } from '../domain/report-rows';
import { RESOLUTIONS } from '../domain/resolutions';

const info = { assisterName: 'East Side Coverage Partners', referralsFrom: '2026-11-16', referralsTo: '2026-11-29', reportDue: '2026-12-13' };
const rows: ReportWorkbookRow[] = [
  { leadReference: 'AAAA0001', firstName: 'Ana', lastName: 'Lopez', phone: '651-555-0134', referralDate: '2026-11-17' },
  { leadReference: 'AAAA0002', firstName: '=1+2', lastName: '@SUM(A1)', phone: '651-555-0199', referralDate: '2026-11-18' },
  { leadReference: 'AAAA0003', firstName: 'Bo', lastName: 'Yang', phone: '218-555-0101', referralDate: '2026-11-20', contactMade: 'Y', contactDate: '2026-11-21', resolution: 'Contact made, appointment scheduled' },
];
const readAll = async (bytes: Buffer) => {
  const out = [];
  for await (const r of readReportRows(Readable.from(bytes))) out.push(r);
  return out;
};

let bytes: Buffer;
beforeAll(async () => (bytes = await reportWorkbookBuffer(info, rows)));

test('the Report sheet: header, locked marketplace columns, drop-downs, date validation, frozen header, protection', async () => {
  const zip = await JSZip.loadAsync(bytes);
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  expect([...workbook.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*?(state="hidden")?/g)].map((m) => m[1])).toEqual(['Instructions', 'Report', 'Lists']);
  expect(workbook).toMatch(/name="Lists"[^>]*state="hidden"/);
  const sheet = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
  expect(sheet).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
  expect(sheet).toMatch(/<sheetProtection [^>]*sheet="1"/);
  expect(sheet).toMatch(/<dataValidation [^>]*type="list"[^>]*sqref="F2:F4"[\s\S]*?<formula1>(&quot;|")Y,N(&quot;|")<\/formula1>/);
  expect(sheet).toMatch(/<dataValidation [^>]*type="date"[^>]*sqref="G2:G4"/);
  expect(sheet).toMatch(/<dataValidation [^>]*type="list"[^>]*sqref="H2:H4"[\s\S]*?<formula1>Lists!\$A\$1:\$A\$9<\/formula1>/);
  expect(sheet).not.toContain('<f>');

  // Locked: cells A-E use a style with locked protection, F-I one with locked="0" (styles read from styles.xml).
  const styles = await zip.file('xl/styles.xml')!.async('string');
  const xfs = [...(styles.split('<cellXfs')[1] ?? '').matchAll(/<xf [\s\S]*?(?:\/>|<\/xf>)/g)].map((m) => m[0]);
  const styleOf = (ref: string) => Number(new RegExp(`<c r="${ref}"[^>]*s="(\\d+)"`).exec(sheet)?.[1]);
  for (const ref of ['A2', 'B2', 'E2']) expect(xfs[styleOf(ref)]).not.toMatch(/locked="0"/);
  for (const ref of ['F2', 'H2', 'I2']) expect(xfs[styleOf(ref)]).toMatch(/locked="0"/);

  const lists = await zip.file('xl/worksheets/sheet3.xml')!.async('string');
  for (const label of RESOLUTIONS) expect(lists).toContain(label);
});

test('text from people stays text: no formula is written for "=1+2" or "@SUM(A1)"', async () => {
  const zip = await JSZip.loadAsync(bytes);
  const sheet = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
  const b3 = /<c r="B3"[^>]*>[\s\S]*?<\/c>/.exec(sheet)![0];
  expect(b3).not.toContain('<f>');
  expect(b3).toMatch(/t="(inlineStr|s|str)"/);
  const [, second] = await readAll(bytes);
  expect(second).toMatchObject({ row: 3, leadReference: 'AAAA0002' });
});

test('a completed workbook reads back row by row; good rows become outcomes, bad ones say row, column and why', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Report')!;
  ws.getRow(2).getCell(6).value = 'Y';
  ws.getRow(2).getCell(7).value = new Date(Date.UTC(2026, 10, 19));
  ws.getRow(2).getCell(8).value = 'Enrolled in QHP';
  ws.getRow(2).getCell(9).value = '=HYPERLINK("http://evil.example","click")';
  ws.getRow(3).getCell(6).value = 'N';
  ws.getRow(3).getCell(8).value = 'Enrolled in QHP';
  const completed = Buffer.from(await wb.xlsx.writeBuffer());

  const read = await readAll(completed);
  expect(read.map((r) => r.row)).toEqual([2, 3, 4]);
  const leads = new Map(rows.map((r, i) => [r.leadReference, { leadId: `lead-${i}`, referredAt: new Date(`${r.referralDate}T15:00:00-06:00`) }]));
  const now = new Date('2026-12-01T12:00:00-06:00');
  const [good, bad, interim] = read.map((r) => checkReportRow(r, leads, now));
  expect(good).toEqual({ outcome: { row: 2, leadId: 'lead-0', contactMade: true, contactDate: '2026-11-19', resolution: 'Enrolled in QHP', final: true, comment: '=HYPERLINK("http://evil.example","click")' } });
  expect(bad).toEqual({ problems: [{ row: 3, column: 'Resolution', reason: expect.stringMatching(/"Enrolled in QHP" needs contact/) }] });
  expect(interim).toMatchObject({ outcome: { row: 4, final: false, contactDate: '2026-11-21' } });
});

test('files that are not the report are rejected whole, with one clear message', async () => {
  expect(() => checkWorkbookFile(Buffer.from('id,name\n1,x'))).toThrow('The file is not an .xlsx workbook');
  expect(() => checkWorkbookFile(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(100)]))).toThrow(/encrypted or in the old .xls format/);
  expect(() => checkWorkbookFile(Buffer.alloc(21 * 1024 * 1024, 0x50))).toThrow(/larger than 20 MB/);
  await expect(readAll(bytes.subarray(0, bytes.length / 2))).rejects.toThrow(WorkbookRejected);

  const other = new ExcelJS.Workbook();
  other.addWorksheet('Sheet1').addRow(['a', 'b']);
  await expect(readAll(Buffer.from(await other.xlsx.writeBuffer()))).rejects.toThrow('The workbook has no sheet named "Report"');
  const reordered = new ExcelJS.Workbook();
  reordered.addWorksheet('Report').addRow(['Lead Reference', 'Consumer Last Name']);
  await expect(readAll(Buffer.from(await reordered.xlsx.writeBuffer()))).rejects.toThrow(/must have the columns/);
});
