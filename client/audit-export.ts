// The audit trail of a period as CSV, for coordinators: GET /api/audit (pal audit export) and the console's Audit
// trail page answer with this one function. The period is Minnesota calendar days, both included. Rows stream from
// a cursor, so a year of audit events never sits in memory. Every cell is CSV-escaped and a cell a spreadsheet would
// read as a formula is written as text; audit rows hold no consumer data, and nothing here joins any in.
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { calendarDateSchema } from '../domain/date-schema';
import { leadReference } from '../domain/lead-reference';
import { addDays, minnesotaInstant, minnesotaIso, type CalendarDate } from '../domain/time';
import { auditRowsBetween, recordAudit, type AuditExportRow } from '../store/audit';
import type { Sql } from '../store/database';

/** A year, a leap year's included. */
export const AUDIT_EXPORT_MAX_DAYS = 366;
export const EXPORTED_AUDIT = 'exported-audit';

export interface AuditPeriod {
  from: CalendarDate;
  to: CalendarDate;
}

export interface AuditPeriodProblem {
  field: 'from' | 'to';
  message: string;
}

/** What is wrong with a period as asked for (each date, their order, its length), in the caller's names for the two dates. */
export function auditPeriodProblems(from: string | undefined, to: string | undefined, names: { from: string; to: string }): AuditPeriodProblem[] {
  const problems: AuditPeriodProblem[] = [];
  for (const field of ['from', 'to'] as const) {
    // An empty field (a form's) is a missing date, not a badly written one.
    const checked = calendarDateSchema(names[field]).safeParse((field === 'from' ? from : to) || undefined);
    if (!checked.success) problems.push({ field, message: checked.error.issues[0]!.message });
  }
  if (problems.length || !from || !to) return problems;
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days < 1) return [{ field: 'to', message: `${names.to} must be on or after ${names.from}` }];
  if (days > AUDIT_EXPORT_MAX_DAYS) return [{ field: 'to', message: `The period is ${days} days: export at most ${AUDIT_EXPORT_MAX_DAYS} days at a time` }];
  return [];
}

/** The instants a period covers: from midnight of its first Minnesota day to midnight after its last. */
export const auditPeriodInstants = ({ from, to }: AuditPeriod): [Date, Date] => [minnesotaInstant(from, 0), minnesotaInstant(addDays(to, 1), 0)];

export const AUDIT_CSV_HEADER = ['at (ISO, UTC)', 'at (Minnesota time)', 'actor', 'actor email', 'action', 'lead reference', 'assister id', 'detail (JSON)'];

/** A cell as CSV: a leading = + - @ (or tab, carriage return) gets an apostrophe so no spreadsheet runs it; quoted when needed. */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;

const auditCells = (e: AuditExportRow) => [
  e.at.toISOString(),
  minnesotaIso(e.at),
  e.actor,
  e.actorEmail ?? '',
  e.action,
  e.referenceNumber === null ? '' : leadReference(e.referenceNumber),
  e.assisterId ?? '',
  JSON.stringify(e.detail),
];

/** The CSV, a batch of rows at a time; when it ends (or the download is abandoned) the export itself is audited. */
async function* auditCsv(sql: Sql, period: AuditPeriod, actor: string): AsyncGenerator<string> {
  let rows = 0;
  let complete = false;
  try {
    yield csvLine(AUDIT_CSV_HEADER);
    for await (const batch of auditRowsBetween(sql, ...auditPeriodInstants(period))) {
      rows += batch.length;
      yield batch.map((e) => csvLine(auditCells(e))).join('');
    }
    complete = true;
  } finally {
    await recordAudit(sql, { actor, action: EXPORTED_AUDIT, detail: { from: period.from, to: period.to, rows, ...(!complete && { complete }) } });
  }
}

/** Answers with the period's audit trail as a CSV attachment; `actor` is who asked, as the audit trail names them. */
export function sendAuditCsv(reply: FastifyReply, sql: Sql, period: AuditPeriod, actor: string): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="pal-audit-${period.from}-to-${period.to}.csv"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(auditCsv(sql, period, actor)));
}
