// Checking a returned Preferred Assister Report row by row (domain.md): each broken rule is reported with the
// row number, the column and the reason; valid rows become outcomes to apply to their lead workflows.
import { parseLeadKey } from './lead-reference';
import { contactDateProblem } from './outcomes';
import { isFinalResolution, isResolution, resolutionContactConflict, type Resolution } from './resolutions';
import { hasControlCharactersBesidesLineBreaks } from './text';
import { isCalendarDate, type CalendarDate } from './time';

export const REPORT_COLUMNS = {
  leadReference: 'Lead Reference',
  firstName: 'Consumer First Name',
  lastName: 'Consumer Last Name',
  phone: 'Consumer Phone',
  referralDate: 'Referral Sent',
  contactMade: 'Contact Made',
  contactDate: 'Contact Date',
  resolution: 'Resolution',
  comments: 'Comments',
} as const;

export type ReportColumn = (typeof REPORT_COLUMNS)[keyof typeof REPORT_COLUMNS];

/** A cell that holds a formula: refused, so nothing in a report depends on what a spreadsheet computed. */
export const FORMULA: unique symbol = Symbol('formula');

/** A row as read from the workbook: cells are whatever the assister typed. */
export interface ReportRowInput {
  row: number;
  leadReference: unknown;
  contactMade: unknown;
  contactDate: unknown;
  resolution: unknown;
  comments: unknown;
}

/** An outcome as reported for a lead (on a report row, or through its lead workflow). */
export interface KnownOutcome {
  contactMade: boolean;
  contactDate?: CalendarDate;
  resolution: Resolution;
  comment?: string;
}

/** A lead the report may speak of: this assister's, on this report (domain/report-carry-over appearsOnReport). */
export interface ReportableLead {
  leadId: string;
  /** domain/lead-reference: what the workbook shows. */
  reference?: string;
  referredAt: Date;
  /** What PAL already knows of the lead: a report may not contradict it. */
  contactDate?: CalendarDate;
  closed?: boolean;
  resolution?: Resolution;
  /** The last outcome reported for the lead, on any report: returning it again changes nothing. */
  known?: KnownOutcome;
}

/** The leads a report may speak of, found by reference or by id (workbooks sent before references carried ids). */
export function reportLeadIndex(leads: Iterable<ReportableLead>): ReadonlyMap<string, ReportableLead> {
  const index = new Map<string, ReportableLead>();
  for (const lead of leads) {
    index.set(lead.leadId.toLowerCase(), lead);
    if (lead.reference) index.set(lead.reference, lead);
  }
  return index;
}

const sameOutcome = (a: KnownOutcome, b: KnownOutcome) =>
  a.contactMade === b.contactMade && (a.contactDate ?? null) === (b.contactDate ?? null) && a.resolution === b.resolution && (a.comment ?? null) === (b.comment ?? null);

export interface RowOutcome {
  row: number;
  leadId: string;
  contactMade: boolean;
  contactDate?: CalendarDate;
  resolution: Resolution;
  final: boolean;
  comment?: string;
}

export interface RowProblem {
  row: number;
  column: ReportColumn;
  reason: string;
}

const text = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v)).trim();
const blank = (v: unknown) => text(v) === '';

/** A Contact Date cell: a date cell, or text written MM/DD/YY (as the column shows it) or YYYY-MM-DD. */
export function parseContactDate(v: unknown): CalendarDate | undefined {
  // Excel date cells carry no time zone: exceljs reads them as midnight UTC of the calendar date.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
  const s = text(v);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(s);
  const iso = us ? `${us[3]!.length === 2 ? `20${us[3]}` : us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : s;
  return isCalendarDate(iso) ? iso : undefined;
}

/**
 * A row checked against the leads of the report (reportLeadIndex). A valid row is an outcome for its lead;
 * `unchanged` when the lead already has it (it is closed with that resolution, or the same outcome was reported on
 * this or another report): an outcome counts once, for the lead.
 */
export function checkReportRow(input: ReportRowInput, leads: ReadonlyMap<string, ReportableLead>, now: Date): { outcome: RowOutcome; unchanged?: true } | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const problem = (column: ReportColumn, reason: string) => problems.push({ row: input.row, column, reason });
  const cells: [ReportColumn, unknown][] = [
    [REPORT_COLUMNS.leadReference, input.leadReference],
    [REPORT_COLUMNS.contactMade, input.contactMade],
    [REPORT_COLUMNS.contactDate, input.contactDate],
    [REPORT_COLUMNS.resolution, input.resolution],
    [REPORT_COLUMNS.comments, input.comments],
  ];
  const formulas = cells.filter(([, v]) => v === FORMULA);
  if (formulas.length) {
    for (const [column] of formulas) problem(column, 'A formula is not accepted: type the value itself');
    return { problems };
  }

  const key = blank(input.leadReference) ? undefined : parseLeadKey(text(input.leadReference));
  const lead = key && !('problem' in key) ? leads.get('id' in key ? key.id : key.reference) : undefined;
  if (!key) problem(REPORT_COLUMNS.leadReference, 'Lead Reference is required');
  else if ('problem' in key) problem(REPORT_COLUMNS.leadReference, key.problem);
  else if (!lead) problem(REPORT_COLUMNS.leadReference, 'Not one of your leads for this report period');

  const made = text(input.contactMade).toUpperCase();
  if (made !== 'Y' && made !== 'N') problem(REPORT_COLUMNS.contactMade, blank(input.contactMade) ? 'Contact Made is required (Y or N)' : 'Contact Made must be Y or N');
  else if (made === 'N' && lead?.contactDate) problem(REPORT_COLUMNS.contactMade, `Contact was already reported (${lead.contactDate}); Contact Made must be Y`);
  const contactMade = made === 'Y';

  let contactDate: CalendarDate | undefined;
  if (made === 'N' && !blank(input.contactDate)) problem(REPORT_COLUMNS.contactDate, 'A contact date is given but Contact Made = N');
  if (made === 'Y') {
    contactDate = parseContactDate(input.contactDate);
    if (blank(input.contactDate)) problem(REPORT_COLUMNS.contactDate, 'Contact Date is required when contact was made');
    else if (!contactDate) problem(REPORT_COLUMNS.contactDate, 'Contact Date must be a date written MM/DD/YY');
    else if (lead) {
      const p = contactDateProblem(contactDate, lead.referredAt, now);
      if (p) problem(REPORT_COLUMNS.contactDate, p);
    }
  }

  const resolution = text(input.resolution);
  if (!resolution) problem(REPORT_COLUMNS.resolution, 'Resolution is required, even when contact was not made');
  else if (!isResolution(resolution)) problem(REPORT_COLUMNS.resolution, 'Resolution must be one of the nine resolutions in the drop-down');
  else if (made === 'Y' || made === 'N') {
    const conflict = resolutionContactConflict(contactMade, resolution);
    if (conflict) problem(REPORT_COLUMNS.resolution, conflict);
  }
  if (lead?.closed && isResolution(resolution) && resolution !== lead.resolution)
    problem(REPORT_COLUMNS.resolution, `This lead is already closed (${lead.resolution ?? 'unresolved'}); tell your coordinator if that is wrong`);

  const comment = text(input.comments);
  if (comment.length > 2000) problem(REPORT_COLUMNS.comments, 'Comments must be at most 2000 characters');
  if (hasControlCharactersBesidesLineBreaks(comment)) problem(REPORT_COLUMNS.comments, 'Comments must not contain control characters');

  if (problems.length || !lead || !isResolution(resolution)) return { problems };
  const outcome: RowOutcome = {
    row: input.row,
    leadId: lead.leadId,
    contactMade,
    ...(contactDate && { contactDate }),
    resolution,
    final: isFinalResolution(resolution),
    ...(comment && { comment }),
  };
  return lead.closed || (lead.known && sameOutcome(outcome, lead.known)) ? { outcome, unchanged: true } : { outcome };
}
