// A returned workbook is unpacked by PAL itself, counting what comes out: a part that unpacks to more than the size
// the file declares for it stops being read there (a few kilobytes, not the gigabyte it would make), a file that
// declares more than 200 MB is refused before anything is inflated, and the Report sheet may hold 20,000 rows.
import { buffer } from 'node:stream/consumers';
import { MAX_REPORT_ROWS, readReportRows, reportWorkbookBuffer, WorkbookRejected } from '../../activities/report-workbook';
import { workbookParts } from '../../activities/workbook-zip';
import { REPORT_PART, reportSheetXml, rezipped, zipBomb } from '../support/zip-bombs';

const info = { assisterName: 'Bench', referralsFrom: '2026-11-16', referralsTo: '2026-11-29', reportDue: '2026-12-13' };
let good: Buffer;
beforeAll(async () => {
  good = await reportWorkbookBuffer(info, [{ leadReference: 'S1ARMV16', firstName: 'Ana', lastName: 'Lopez', phone: '651-555-0134', referralDate: '2026-11-17' }]);
});

const readAll = async (bytes: Buffer) => {
  const rows = [];
  for await (const row of readReportRows(bytes)) rows.push(row);
  return rows;
};
const refusal = (bytes: Buffer) => readAll(bytes).then(() => 'read', (err: Error) => (err instanceof WorkbookRejected ? err.message : `not refused cleanly: ${err.message}`));

test('a part that unpacks to more than it declares stops being read at its declared size', async () => {
  // 1 GiB of spaces in the Report sheet, in a file of about a megabyte that says the sheet is 100 bytes.
  const bomb = await rezipped(good, { [REPORT_PART]: { after: '<sheetData>', paddingMiB: 1024, declared: 100 } });
  expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
  const parts = workbookParts(bomb);
  const sheet = parts.open(REPORT_PART);
  let received = 0;
  sheet.on('data', (chunk: Buffer) => (received += chunk.length));
  await expect(buffer(sheet)).rejects.toThrow('The workbook unpacks to more than its own directory says (a zip bomb, or a damaged file)');
  // What reached the reader is within the declared size; what was inflated, within one inflater chunk of it.
  expect(received).toBeLessThanOrEqual(100);
  expect(parts.inflated()).toBeLessThanOrEqual(100 + 64 * 1024);

  expect(await refusal(bomb)).toBe('The workbook unpacks to more than its own directory says (a zip bomb, or a damaged file)');
});

test('a lie in any part PAL reads is caught, and parts PAL does not read are never inflated', async () => {
  const strings = await rezipped(good, { 'xl/sharedStrings.xml': { content: Buffer.from('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si></sst>'), after: '<t>', paddingMiB: 512, declared: 120 } });
  expect(await refusal(strings)).toMatch(/unpacks to more than its own directory says/);
  const styles = await rezipped(good, { 'xl/styles.xml': { after: '>', paddingMiB: 512, declared: 1000 } });
  expect(await refusal(styles)).toMatch(/unpacks to more than its own directory says/);
  // A bomb beside the sheet, in a part no report needs: the rows read as ever, the bomb untouched.
  const beside = await rezipped(good, { 'xl/media/image1.png': { content: Buffer.alloc(0), after: '', paddingMiB: 1024, declared: 10 } });
  expect((await readAll(beside)).map((r) => r.leadReference)).toEqual(['S1ARMV16']);
  const parts = workbookParts(beside);
  await buffer(parts.open(REPORT_PART));
  expect(parts.inflated()).toBeLessThan(64 * 1024);
});

test('a file that declares more than 200 MB is refused before anything is inflated; so is one of over 1,000 parts', async () => {
  expect(() => workbookParts(zipBomb(300))).toThrow('The workbook would unpack to more than 200 MB');
  const many = await rezipped(good, Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`xl/extra/part${i}.xml`, { content: Buffer.from('<x/>') }])));
  expect(() => workbookParts(many)).toThrow('The workbook has more than 1,000 parts: it is not a report');
});

test(`the Report sheet may have ${MAX_REPORT_ROWS} rows, not one more, and its header in row 1`, async () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => [`L${i}`]);
  expect(await readAll(await rezipped(good, { [REPORT_PART]: { content: reportSheetXml(rows(MAX_REPORT_ROWS)) } }))).toHaveLength(MAX_REPORT_ROWS);
  expect(await refusal(await rezipped(good, { [REPORT_PART]: { content: reportSheetXml(rows(MAX_REPORT_ROWS + 1)) } }))).toBe('The Report sheet has more than 20,000 rows: a report has one row per lead');
  // No header in row 1 (the rows start lower, or there are none): refused as a sheet without its columns.
  expect(await refusal(await rezipped(good, { [REPORT_PART]: { content: reportSheetXml(rows(1), false) } }))).toMatch(/^The Report sheet must have the columns/);
  expect(await refusal(await rezipped(good, { [REPORT_PART]: { content: reportSheetXml([], false) } }))).toMatch(/^The Report sheet must have the columns/);
});
