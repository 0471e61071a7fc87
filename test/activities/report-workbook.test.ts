// The report workbook, checked by reading it with an independent xlsx library (openpyxl), then round-tripped: an assister
// fills it in (with exceljs's non-streaming API, as a spreadsheet program would), PAL reads it back row by row.
import { testDir } from '../support/temp';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkWorkbookFile, readReportRows, reportWorkbookBuffer, WorkbookRejected, type ReportWorkbookRow } from '../../activities/report-workbook';
import { leadReference } from '../../domain/lead-reference';
import { checkReportRow, REPORT_COLUMNS, reportLeadIndex } from '../../domain/report-rows';
import { projectRoot, xlsxReaderPython } from '../../client/devstack/tools';
import { RESOLUTIONS } from '../../domain/resolutions';

const info = { assisterName: 'East Side Coverage Partners', referralsFrom: '2026-11-16', referralsTo: '2026-11-29', reportDue: '2026-12-13' };
const rows: ReportWorkbookRow[] = [
  { leadReference: leadReference(1), firstName: 'Ana', lastName: 'Lopez', phone: '651-555-0134', referralDate: '2026-11-17' },
  { leadReference: leadReference(2), firstName: '=1+2', lastName: '@SUM(A1)', phone: '651-555-0199', referralDate: '2026-11-18' },
  { leadReference: leadReference(3), firstName: 'Bo', lastName: 'Yang', phone: '218-555-0101', referralDate: '2026-11-20', contactMade: 'Y', contactDate: '2026-11-21', resolution: 'Contact made, appointment scheduled' },
];
const readAll = async (bytes: Buffer) => {
  const out = [];
  for await (const r of readReportRows(bytes)) out.push(r);
  return out;
};

let bytes: Buffer;
beforeAll(async () => (bytes = await reportWorkbookBuffer(info, rows)));

interface ReaderCell { value: unknown; type: string; locked: boolean; numberFormat: string }
interface ReaderSheet { name: string; state: string; frozen: string | null; protected: boolean; validations: { type: string; sqref: string; formula1: string; operator: string | null }[]; widths: Record<string, number>; rows: ReaderCell[][] }

/** The workbook as openpyxl (Python, independent of exceljs) reads it. */
function readWithOpenpyxl(workbook: Buffer): ReaderSheet[] {
  const file = join(testDir('pal-xlsx-'), 'report.xlsx');
  writeFileSync(file, workbook);
  const out = execFileSync(xlsxReaderPython(), [join(projectRoot, 'tools', 'xlsx-reader', 'read_workbook.py'), file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return (JSON.parse(out) as { sheets: ReaderSheet[] }).sheets;
}

test('read by another xlsx library: locked marketplace columns, drop-downs, date validation, frozen header, widths', () => {
  const sheets = readWithOpenpyxl(bytes);
  expect(sheets.map((s) => [s.name, s.state])).toEqual([['Instructions', 'visible'], ['Report', 'visible'], ['Lists', 'hidden']]);
  const report = sheets[1]!;
  expect(report.frozen).toBe('A2');
  expect(report.protected).toBe(true);
  expect(report.rows[0]!.map((c) => c.value)).toEqual(Object.values(REPORT_COLUMNS));
  expect(report.rows[1]!.slice(0, 5).map((c) => c.value)).toEqual([leadReference(1), 'Ana', 'Lopez', '651-555-0134', '2026-11-17T00:00:00']);
  // Marketplace columns A-E locked, assister columns F-I open, on every data row.
  for (const row of report.rows.slice(1)) expect(row.map((c) => c.locked)).toEqual([true, true, true, true, true, false, false, false, false]);
  const byRange = Object.fromEntries(report.validations.map((v) => [v.sqref, v]));
  expect(byRange['F2:F4']).toMatchObject({ type: 'list', formula1: '"Y,N"' });
  expect(byRange['G2:G4']).toMatchObject({ type: 'date' });
  expect(byRange['H2:H4']).toMatchObject({ type: 'list', formula1: 'Lists!$A$1:$A$9' });
  expect(report.rows.slice(1).map((r) => r[6]!.numberFormat)).toEqual(['mm/dd/yy', 'mm/dd/yy', 'mm/dd/yy']);
  expect(Object.values(report.widths)).toEqual([16, 22, 22, 16, 14, 14, 14, 38, 48]);
  // Outcomes already known are prefilled: row 4 reported contact and an appointment.
  expect(report.rows[3]!.slice(5, 8).map((c) => c.value)).toEqual(['Y', '2026-11-21T00:00:00', 'Contact made, appointment scheduled']);
  expect(sheets[2]!.rows.map((r) => r[0]!.value)).toEqual([...RESOLUTIONS]);
});

test('text from people stays text: "=1+2" and "@SUM(A1)" are strings, not formulas, to another reader too', () => {
  const report = readWithOpenpyxl(bytes)[1]!;
  expect(report.rows[2]!.slice(1, 3)).toMatchObject([{ value: '=1+2', type: 's' }, { value: '@SUM(A1)', type: 's' }]);
  expect(report.rows.flat().filter((c) => c.type === 'f')).toEqual([]);
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
  const leads = reportLeadIndex(rows.map((r, i) => ({ leadId: `lead-${i}`, reference: r.leadReference, referredAt: new Date(`${r.referralDate}T15:00:00-06:00`) })));
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
