import { holidayCalendar } from '../../domain/business-days';
import { lateReportsUntil } from '../../domain/late-reports';
import { OE5_REPORT_CALENDAR as oe5, latestSentPeriod, periodContaining, periodReviewedOn, periodSentOn, reportDueAt, reportPeriods, reportReminderAt, reportSentAt, validateReportCalendar } from '../../domain/report-calendar';
import { minnesotaIso } from '../../domain/time';

test('the default calendar reproduces the OE5 table exactly, across the year boundary', () => {
  const rows = reportPeriods(oe5, '2017-11-01', 5).map((p) => [p.referralsFrom, p.referralsTo, p.reportSent, p.reportDue]);
  expect(rows).toEqual([
    ['2017-11-01', '2017-11-15', '2017-11-22', '2017-11-29'],
    ['2017-11-16', '2017-11-29', '2017-12-06', '2017-12-13'],
    ['2017-11-30', '2017-12-13', '2017-12-20', '2017-12-27'],
    ['2017-12-14', '2017-12-27', '2018-01-03', '2018-01-10'],
    ['2017-12-28', '2018-01-10', '2018-01-17', '2018-01-24'],
  ]);
});

test('periods follow each other without gaps, far from the start', () => {
  const periods = reportPeriods(oe5, '2026-11-25', 30);
  for (let i = 1; i < periods.length; i++) {
    expect(Date.parse(periods[i]!.referralsFrom) - Date.parse(periods[i - 1]!.referralsTo)).toBe(86_400_000);
    expect(periods[i]!.number).toBe(periods[i - 1]!.number + 1);
  }
  expect(periods[0]!.referralsFrom <= '2026-11-25' && '2026-11-25' <= periods[0]!.referralsTo).toBe(true);
});

test('which period a referral falls in, and which report goes out on a date', () => {
  expect(periodContaining(oe5, '2017-10-31')).toBeUndefined();
  expect(periodContaining(oe5, '2017-11-15')!.number).toBe(1);
  expect(periodContaining(oe5, '2017-11-16')!.number).toBe(2);
  expect(periodContaining(oe5, '2017-11-29')!.number).toBe(2);
  expect(periodContaining(oe5, '2018-01-01')!.referralsFrom).toBe('2017-12-28');
  expect(periodSentOn(oe5, '2017-12-06')!.referralsTo).toBe('2017-11-29');
  expect(periodSentOn(oe5, '2017-12-07')).toBeUndefined();
});

test('a report goes out at 08:00 on its sent date and is due at 17:00 on its due date, Minnesota time', () => {
  const [p] = reportPeriods(oe5, '2017-11-01', 1);
  expect(minnesotaIso(reportSentAt(p!))).toBe('2017-11-22T08:00:00-06:00');
  expect(minnesotaIso(reportDueAt(p!))).toBe('2017-11-29T17:00:00-06:00');
});

test('the calendar is configuration, checked for sense', () => {
  const weekly = { ...oe5, programStart: '2027-01-04', firstPeriodEnd: '2027-01-10', periodDays: 7, sendLagDays: 3, dueLagDays: 5 };
  expect(reportPeriods(weekly, '2027-01-11', 1)[0]).toMatchObject({ referralsFrom: '2027-01-11', referralsTo: '2027-01-17', reportSent: '2027-01-20', reportDue: '2027-01-25' });
  expect(validateReportCalendar(oe5)).toEqual([]);
  expect(validateReportCalendar({ ...oe5, firstPeriodEnd: '2017-10-01', periodDays: 0 })).toEqual([
    'the first period must not end before the program starts',
    'period length must be a whole number of days, at least 1',
  ]);
});

test('the report reminder: 08:00 on the second business day before the due date, skipping weekends and holidays', () => {
  const holidays = holidayCalendar();
  // Due Wednesday 2017-11-29: the reminder is Monday 11-27 (Thanksgiving and the day after, 11-23/24, do not matter here).
  expect(minnesotaIso(reportReminderAt(reportPeriods(oe5, '2017-11-01', 1)[0]!, holidays))).toBe('2017-11-27T08:00:00-06:00');
  // Due Wednesday 2017-12-27: Christmas Monday is a holiday, so Tuesday 12-26 and Friday 12-22.
  expect(minnesotaIso(reportReminderAt(reportPeriods(oe5, '2017-11-30', 1)[0]!, holidays))).toBe('2017-12-22T08:00:00-06:00');
});

test("performance is reviewed the day after a period's report was due, and on no other day", () => {
  // OE5: referrals 11/01–11/15 were due 11/29; referrals 11/16–11/29 were due 12/13.
  expect(periodReviewedOn(oe5, '2017-11-30')).toMatchObject({ referralsFrom: '2017-11-01', reportDue: '2017-11-29' });
  expect(periodReviewedOn(oe5, '2017-12-14')).toMatchObject({ referralsFrom: '2017-11-16' });
  expect(periodReviewedOn(oe5, '2017-11-29')).toBeUndefined();
  expect(periodReviewedOn(oe5, '2017-12-01')).toBeUndefined();
});

test('the latest period whose report has gone out, and how long a late report is awaited', () => {
  expect(latestSentPeriod(oe5, '2017-11-10').number).toBe(1); // before any report: the first period
  expect(latestSentPeriod(oe5, '2017-11-22').referralsFrom).toBe('2017-11-01');
  expect(latestSentPeriod(oe5, '2017-12-05').referralsFrom).toBe('2017-11-01');
  expect(latestSentPeriod(oe5, '2017-12-06').referralsFrom).toBe('2017-11-16');
  expect(latestSentPeriod(oe5, '2018-01-09').referralsFrom).toBe('2017-12-14');
  const due = Date.parse('2017-11-29T23:00:00Z');
  expect(new Date(lateReportsUntil(due)).toISOString()).toBe('2017-12-13T23:00:00.000Z');
});
