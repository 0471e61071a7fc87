// The Preferred Assister Report workbook: written and read with exceljs's streaming writer and reader, so memory
// grows with a row, not with the report. Marketplace columns are locked; assister columns have drop-downs and
// date validation; text from people is always written as text, never as a formula.
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { FORMULA, REPORT_COLUMNS, type ReportRowInput } from '../domain/report-rows';
import { RESOLUTIONS } from '../domain/resolutions';

export const REPORT_SHEET = 'Report';
const LISTS_SHEET = 'Lists';
const HEADER = Object.values(REPORT_COLUMNS);
const WIDTHS = [16, 22, 22, 16, 14, 14, 14, 38, 48];

export interface ReportWorkbookRow {
  leadReference: string;
  firstName: string;
  lastName: string;
  phone: string;
  /** Minnesota calendar date the referral was sent. */
  referralDate: string;
  contactMade?: 'Y' | 'N';
  contactDate?: string;
  resolution?: string;
  comments?: string;
}

export interface ReportWorkbookInfo {
  assisterName: string;
  referralsFrom: string;
  referralsTo: string;
  reportDue: string;
}

const utcDate = (d: string) => new Date(`${d}T00:00:00Z`);

/** Writes the workbook to a stream; rows may come from an async iterator (a database cursor). */
export async function writeReportWorkbook(out: NodeJS.WritableStream, info: ReportWorkbookInfo, rows: AsyncIterable<ReportWorkbookRow> | Iterable<ReportWorkbookRow>): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as never, useSharedStrings: false, useStyles: true });
  wb.creator = 'PAL';

  const guide = wb.addWorksheet('Instructions');
  guide.columns = [{ width: 110 }];
  for (const line of [
    `Preferred Assister Report for ${info.assisterName}`,
    `Referrals sent ${info.referralsFrom} to ${info.referralsTo}. Return the completed workbook by ${info.reportDue}, 17:00 Minnesota time.`,
    '',
    'On the Report sheet, complete one row per lead. The grey columns are filled by the marketplace and locked.',
    'Contact Made: Y or N (required).',
    'Contact Date: the date you reached the consumer, MM/DD/YY (required when Contact Made is Y; leave empty when N).',
    'Resolution: choose from the drop-down (required, also when contact was not made).',
    '  With Contact Made = N only "Unable to contact" or "No longer needs assistance" are allowed;',
    '  with Contact Made = Y, "Unable to contact" is not.',
    '"Contact made, appointment scheduled" keeps the lead open: it will appear again in the next report.',
    'Comments: optional.',
    'Do not rename the sheet, reorder columns or add rows. Submit with: pal report submit --assister ID --file FILE',
  ])
    guide.addRow([line]).commit();
  await guide.commit();

  const sheet = wb.addWorksheet(REPORT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = HEADER.map((header, i) => ({ header, width: WIDTHS[i] }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  const locked = { locked: true };
  const open = { locked: false };
  const grey = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE7E6E6' } };

  let count = 0;
  for await (const r of rows) {
    const row = sheet.addRow([
      r.leadReference,
      r.firstName,
      r.lastName,
      r.phone,
      utcDate(r.referralDate),
      r.contactMade ?? null,
      r.contactDate ? utcDate(r.contactDate) : null,
      r.resolution ?? null,
      r.comments ?? null,
    ]);
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.protection = col <= 5 ? locked : open;
      if (col <= 5) cell.fill = grey;
      if (col === 5 || col === 7) cell.numFmt = 'mm/dd/yy';
    });
    row.commit();
    count++;
  }
  const last = Math.max(count + 1, 2);
  // The streaming writer has data validations, though its typings do not say so.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  validations.add(`F2:F${last}`, { type: 'list', allowBlank: true, formulae: ['"Y,N"'], showErrorMessage: true, errorTitle: 'Contact Made', error: 'Choose Y or N' });
  validations.add(`G2:G${last}`, {
    type: 'date',
    operator: 'greaterThan',
    allowBlank: true,
    formulae: [new Date(Date.UTC(2000, 0, 1))],
    showErrorMessage: true,
    errorTitle: 'Contact Date',
    error: 'Enter a date, MM/DD/YY',
  });
  // The labels hold commas ("Eligible for QHP, no enrollment"), so the drop-down reads them from a sheet.
  validations.add(`H2:H${last}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`${LISTS_SHEET}!$A$1:$A$${RESOLUTIONS.length}`],
    showErrorMessage: true,
    errorTitle: 'Resolution',
    error: 'Choose a resolution from the list',
  });
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
  await sheet.commit();

  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  for (const label of RESOLUTIONS) lists.addRow([label]).commit();
  await lists.commit();
  await wb.commit();
  return count;
}

/** The workbook as a Buffer (email attachments, files for a coordinator). */
export async function reportWorkbookBuffer(info: ReportWorkbookInfo, rows: AsyncIterable<ReportWorkbookRow> | Iterable<ReportWorkbookRow>): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => sink.on('end', resolve));
  await writeReportWorkbook(sink, info, rows);
  await done;
  return Buffer.concat(chunks);
}

export class WorkbookRejected extends Error {}

export const MAX_WORKBOOK_BYTES = 20 * 1024 * 1024;

/** What the workbook may unpack to: a 10,000-row report is about 5 MB of XML. */
export const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;
const MAX_ENTRIES = 1_000;

/** A whole-file check before any row is read: size, format, encryption, and what it would unpack to. */
export function checkWorkbookFile(bytes: Buffer): void {
  if (bytes.length > MAX_WORKBOOK_BYTES) throw new WorkbookRejected(`The file is larger than ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB`);
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw new WorkbookRejected('The workbook is encrypted or in the old .xls format: save it as an .xlsx workbook without a password');
  if (!bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) throw new WorkbookRejected('The file is not an .xlsx workbook');
  const unpacked = declaredUnpackedBytes(bytes);
  if (unpacked === undefined) throw new WorkbookRejected('The workbook cannot be read: it is damaged or not an .xlsx file');
  if (unpacked > MAX_UNPACKED_BYTES) throw new WorkbookRejected(`The workbook would unpack to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB`);
}

/**
 * The total uncompressed size the zip's central directory declares, or undefined when there is no readable
 * directory (a truncated or damaged file). Zip64 entries count as too large: no report needs them.
 */
function declaredUnpackedBytes(zip: Buffer): number | undefined {
  const EOCD = 0x06054b50;
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--)
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  if (end < 0) return undefined;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (entries > MAX_ENTRIES) return Infinity;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return undefined;
    const size = zip.readUInt32LE(at + 24);
    if (size === 0xffffffff) return Infinity;
    total += size;
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}

/** Streams the rows of the Report sheet, after checking its header. Empty rows are skipped. */
export async function* readReportRows(input: Readable): AsyncGenerator<ReportRowInput> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'emit' });
  let found = false;
  try {
    for await (const sheet of reader) {
      const ws = sheet as unknown as AsyncIterable<ExcelJS.Row> & { name: string };
      if (ws.name !== REPORT_SHEET) continue;
      found = true;
      for await (const row of ws) {
        const cells = HEADER.map((_, i) => cellValue(row.getCell(i + 1).value));
        if (row.number === 1) {
          const missing = HEADER.filter((h, i) => String(cells[i] ?? '').trim() !== h);
          if (missing.length) throw new WorkbookRejected(`The Report sheet must have the columns ${HEADER.join(', ')} in this order (check: ${missing.join(', ')})`);
          continue;
        }
        if (cells.every((c) => c === null || c === undefined || String(c).trim() === '')) continue;
        yield { row: row.number, leadReference: cells[0], contactMade: cells[5], contactDate: cells[6], resolution: cells[7], comments: cells[8] };
      }
    }
  } catch (err) {
    if (err instanceof WorkbookRejected) throw err;
    throw new WorkbookRejected('The workbook cannot be read: it is damaged or not an .xlsx file');
  }
  if (!found) throw new WorkbookRejected(`The workbook has no sheet named "${REPORT_SHEET}"`);
}

/** Rich text and hyperlinks read as their text; a formula is never evaluated nor its cached result used. */
function cellValue(v: ExcelJS.CellValue): unknown {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    if ('formula' in v || 'sharedFormula' in v) return FORMULA;
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return v.text;
    return null;
  }
  return v;
}
