// The Preferred Assister Report workbook: written and read with exceljs's streaming writer and reader, so memory
// grows with a row, not with the report; a returned file is unzipped by workbook-zip, which bounds what it inflates. Marketplace columns are locked; assister columns have drop-downs and
// date validation; text from people is always written as text, never as a formula.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { FORMULA, REPORT_COLUMNS, type ReportRowInput } from '../domain/report-rows';
import { RESOLUTIONS } from '../domain/resolutions';
import { WorkbookRejected, workbookParts } from './workbook-zip';

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

export { MAX_UNPACKED_BYTES, MAX_WORKBOOK_BYTES, WorkbookRejected } from './workbook-zip';

/** The most rows a returned Report sheet may have: a report holds one row per lead of an assister's period. */
export const MAX_REPORT_ROWS = 20_000;
/** Shared strings a Report sheet may use: at most one per cell it reads. */
const MAX_SHARED_STRINGS = (MAX_REPORT_ROWS + 1) * HEADER.length;

/** A whole-file check before any row is read: size, format, encryption, and what its directory says it unpacks to. */
export function checkWorkbookFile(bytes: Buffer): void {
  workbookParts(bytes);
}

const headerMissing = (missing: readonly string[]) => new WorkbookRejected(`The Report sheet must have the columns ${HEADER.join(', ')} in this order (check: ${missing.join(', ')})`);

/**
 * The steps of exceljs 4.4.0's streaming WorkbookReader (lib/stream/xlsx/workbook-reader.js), which PAL takes one by
 * one on the parts it inflates itself: exceljs's own parse() would inflate every part of the zip without limit and
 * spool worksheets met before the shared strings to temporary files. Pinned with exceljs's exact version.
 */
interface WorkbookReaderSteps {
  _parseRels(part: Readable): Promise<void>;
  _parseWorkbook(part: Readable): Promise<void>;
  _parseSharedStrings(part: Readable): AsyncIterable<{ index: number; text: unknown }>;
  _parseStyles(part: Readable): Promise<void>;
  _parseWorksheet(chunks: AsyncIterable<Buffer>, sheetNo: string): Iterable<{ value: AsyncIterable<ExcelJS.Row> }>;
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { name: string; rId: string }[] };
  sharedStrings?: unknown[];
}

/**
 * Streams the rows of the Report sheet, after checking its header. Empty rows are skipped. Only the parts a report
 * needs are inflated (workbook, its relationships, shared strings, styles, the Report sheet), each never past the
 * size the file declares for it; more than MAX_REPORT_ROWS rows refuse the file.
 */
export async function* readReportRows(bytes: Buffer): AsyncGenerator<ReportRowInput> {
  const parts = workbookParts(bytes);
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), { worksheets: 'emit', sharedStrings: 'emit', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' }) as unknown as WorkbookReaderSteps;
    await reader._parseRels(parts.open('xl/_rels/workbook.xml.rels'));
    await reader._parseWorkbook(parts.open('xl/workbook.xml'));
    const sheet = reader.model?.sheets?.find((s) => s.name === REPORT_SHEET);
    if (!sheet) throw new WorkbookRejected(`The workbook has no sheet named "${REPORT_SHEET}"`);
    const target = reader.workbookRels?.find((r) => r.Id === sheet.rId)?.Target ?? '';
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    if (parts.has('xl/sharedStrings.xml')) {
      const strings: unknown[] = (reader.sharedStrings = []);
      for await (const { text } of reader._parseSharedStrings(parts.open('xl/sharedStrings.xml'))) {
        if (strings.push(text) > MAX_SHARED_STRINGS) throw new WorkbookRejected(`The workbook holds more text than a report of ${MAX_REPORT_ROWS.toLocaleString('en-US')} rows`);
      }
    }
    if (parts.has('xl/styles.xml')) await reader._parseStyles(parts.open('xl/styles.xml'));
    const [worksheet] = reader._parseWorksheet(parts.open(path), '1');
    let rows = 0;
    for await (const row of worksheet!.value) {
      if (++rows > MAX_REPORT_ROWS + 1) throw new WorkbookRejected(`The Report sheet has more than ${MAX_REPORT_ROWS.toLocaleString('en-US')} rows: a report has one row per lead`);
      const cells = HEADER.map((_, i) => cellValue(row.getCell(i + 1).value));
      // The first row read must be the header, in row 1.
      if (rows === 1) {
        const missing = HEADER.filter((h, i) => row.number !== 1 || String(cells[i] ?? '').trim() !== h);
        if (missing.length) throw headerMissing(missing);
        continue;
      }
      if (cells.every((c) => c === null || c === undefined || String(c).trim() === '')) continue;
      yield { row: row.number, leadReference: cells[0], contactMade: cells[5], contactDate: cells[6], resolution: cells[7], comments: cells[8] };
    }
    if (!rows) throw headerMissing(HEADER);
  } catch (err) {
    if (err instanceof WorkbookRejected) throw err;
    throw new WorkbookRejected('The workbook cannot be read: it is damaged or not an .xlsx file');
  } finally {
    parts.close();
  }
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
