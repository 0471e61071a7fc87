import { OE5_REPORT_CALENDAR, periodContaining, reportPeriod, reportSentAt } from '../../domain/report-calendar';
import { appearsOnReport, hasOutcome, reportProgress, reportRowState, reportRowWindow } from '../../domain/report-carry-over';
import { minnesotaInstant } from '../../domain/time';

const p = periodContaining(OE5_REPORT_CALENDAR, '2026-11-20')!;
const next = reportPeriod(OE5_REPORT_CALENDAR, p.number + 1);
const w = reportRowWindow(p);
const at = (date: string, hour = 10) => minnesotaInstant(date, hour);

test('a report window: referrals of its period, and earlier leads still open when it goes out', () => {
  expect(w).toEqual({ referredFrom: minnesotaInstant(p.referralsFrom, 0), referredBefore: minnesotaInstant(next.referralsFrom, 0), openAt: reportSentAt(p) });
});

test("the period's own leads appear, whatever became of them", () => {
  for (const closedAt of [null, at(p.referralsTo, 16), at(p.reportSent, 7)]) {
    expect(appearsOnReport({ referredAt: at(p.referralsFrom, 0), closedAt }, w)).toBe(true);
    expect(appearsOnReport({ referredAt: at(p.referralsTo, 23), closedAt }, w)).toBe(true);
  }
});

test('an earlier lead appears while it is open: no row returned, the interim resolution, a rejected row alike', () => {
  const earlier = at('2026-10-01');
  expect(appearsOnReport({ referredAt: earlier, closedAt: null }, w)).toBe(true);
  // Closed after the report went out: it was open on it.
  expect(appearsOnReport({ referredAt: earlier, closedAt: new Date(reportSentAt(p).getTime() + 1) }, w)).toBe(true);
  // Closed before: it has left the reports.
  expect(appearsOnReport({ referredAt: earlier, closedAt: new Date(reportSentAt(p).getTime() - 1) }, w)).toBe(false);
});

test('a lead referred after the period belongs to a later report, even before this one goes out', () => {
  expect(appearsOnReport({ referredAt: minnesotaInstant(next.referralsFrom, 0), closedAt: null }, w)).toBe(false);
  expect(appearsOnReport({ referredAt: at(p.reportSent, 7), closedAt: null }, w)).toBe(false);
});

test('an open lead appears on every following report until it is resolved or closed', () => {
  const lead = { referredAt: at(p.referralsFrom), closedAt: null as Date | null };
  const periods = Array.from({ length: 6 }, (_, i) => reportPeriod(OE5_REPORT_CALENDAR, p.number + i));
  expect(periods.map((q) => appearsOnReport(lead, reportRowWindow(q)))).toEqual([true, true, true, true, true, true]);
  lead.closedAt = new Date(reportSentAt(periods[2]!).getTime() + 3_600_000);
  expect(periods.map((q) => appearsOnReport(lead, reportRowWindow(q)))).toEqual([true, true, true, false, false, false]);
});

test('a row is answered by any outcome of its lead, outstanding on the newest report, carried over on older ones', () => {
  expect(hasOutcome({ resolution: 'Contact made, appointment scheduled', closed: false })).toBe(true);
  expect(hasOutcome({ resolution: null, closed: true })).toBe(true);
  expect(reportRowState({ resolution: 'Enrolled in QHP', closed: true }, true)).toBe('answered');
  expect(reportRowState({ resolution: null, closed: false }, false)).toBe('outstanding');
  expect(reportRowState({ resolution: null, closed: false }, true)).toBe('carried-over');
  const rows = [
    { resolution: null, closed: false },
    { resolution: null, closed: false },
    { resolution: 'Contact made, appointment scheduled', closed: false },
    { resolution: 'Unable to contact', closed: true },
  ];
  expect(reportProgress(rows, false)).toEqual({ rows: 4, answered: 2, outstanding: 2, 'carried-over': 0 });
  expect(reportProgress(rows, true)).toEqual({ rows: 4, answered: 2, outstanding: 0, 'carried-over': 2 });
});
