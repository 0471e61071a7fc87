// The Preferred Assister Report calendar (domain.md, "The Preferred Assister Report"): referrals are grouped into
// periods; the report goes out a week after a period ends (08:00) and is due a week later (17:00), Minnesota time.
import { isBusinessDay, type HolidayCalendar } from './business-days';
import { addDays, isCalendarDate, minnesotaInstant, type CalendarDate } from './time';

export interface ReportCalendarConfig {
  /** First day of the first period (the program's start). */
  programStart: CalendarDate;
  /** Last day of the first period; every later period is periodDays long. */
  firstPeriodEnd: CalendarDate;
  periodDays: number;
  /** Days from a period's last day to the day its report is sent. */
  sendLagDays: number;
  /** Days from the report's sent date to its due date. */
  dueLagDays: number;
}

/** The OE5 calendar of the slides: 1–15 November, then 14-day periods, sent a week later, due a week after. */
export const OE5_REPORT_CALENDAR: ReportCalendarConfig = {
  programStart: '2017-11-01',
  firstPeriodEnd: '2017-11-15',
  periodDays: 14,
  sendLagDays: 7,
  dueLagDays: 7,
};

export const REPORT_SEND_HOUR = 8;
export const REPORT_DUE_HOUR = 17;

export interface ReportPeriod {
  /** 1 for the first period. */
  number: number;
  referralsFrom: CalendarDate;
  referralsTo: CalendarDate;
  reportSent: CalendarDate;
  reportDue: CalendarDate;
}

const daysBetween = (from: CalendarDate, to: CalendarDate) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export function reportPeriod(config: ReportCalendarConfig, number: number): ReportPeriod {
  if (!Number.isInteger(number) || number < 1) throw new Error(`Report period numbers start at 1 (got ${number})`);
  const referralsFrom = number === 1 ? config.programStart : addDays(config.firstPeriodEnd, 1 + (number - 2) * config.periodDays);
  const referralsTo = addDays(config.firstPeriodEnd, (number - 1) * config.periodDays);
  const reportSent = addDays(referralsTo, config.sendLagDays);
  return { number, referralsFrom, referralsTo, reportSent, reportDue: addDays(reportSent, config.dueLagDays) };
}

/** The period whose referrals include `date`, or undefined before the program starts. */
export function periodContaining(config: ReportCalendarConfig, date: CalendarDate): ReportPeriod | undefined {
  if (date < config.programStart) return undefined;
  if (date <= config.firstPeriodEnd) return reportPeriod(config, 1);
  return reportPeriod(config, 2 + Math.floor((daysBetween(config.firstPeriodEnd, date) - 1) / config.periodDays));
}

/** The latest period whose report has gone out by `today` (the first period before any has). */
export function latestSentPeriod(config: ReportCalendarConfig, today: CalendarDate): ReportPeriod {
  let period = periodContaining(config, today) ?? reportPeriod(config, 1);
  while (period.number > 1 && period.reportSent > today) period = reportPeriod(config, period.number - 1);
  return period;
}

/** `count` consecutive periods, starting with the one that contains `from` (or the first, before the start). */
export function reportPeriods(config: ReportCalendarConfig, from: CalendarDate, count: number): ReportPeriod[] {
  const first = periodContaining(config, from)?.number ?? 1;
  return Array.from({ length: count }, (_, i) => reportPeriod(config, first + i));
}

/** The period whose report is sent on `date`, if any: the cycle's schedule fires on these dates. */
export function periodSentOn(config: ReportCalendarConfig, date: CalendarDate): ReportPeriod | undefined {
  const period = periodContaining(config, addDays(date, -config.sendLagDays));
  return period?.reportSent === date ? period : undefined;
}

/** Decision: an assister's performance for a period is reviewed the day after that period's report was due. */
export function periodReviewedOn(config: ReportCalendarConfig, date: CalendarDate): ReportPeriod | undefined {
  const period = periodContaining(config, addDays(date, -1 - config.dueLagDays - config.sendLagDays));
  return period && addDays(period.reportDue, 1) === date ? period : undefined;
}

export const reportSentAt = (p: ReportPeriod) => minnesotaInstant(p.reportSent, REPORT_SEND_HOUR);
export const reportDueAt = (p: ReportPeriod) => minnesotaInstant(p.reportDue, REPORT_DUE_HOUR);

/** Decision: the reminder goes out at 08:00 on the second business day before the due date. */
export const REPORT_REMINDER_BUSINESS_DAYS = 2;
export function reportReminderAt(p: ReportPeriod, holidays: HolidayCalendar): Date {
  let day = p.reportDue;
  for (let counted = 0; counted < REPORT_REMINDER_BUSINESS_DAYS; ) {
    day = addDays(day, -1);
    if (isBusinessDay(day, holidays)) counted++;
  }
  return minnesotaInstant(day, REPORT_SEND_HOUR);
}

export function validateReportCalendar(config: ReportCalendarConfig): string[] {
  const problems: string[] = [];
  if (!isCalendarDate(config.programStart)) problems.push('program start must be a date YYYY-MM-DD');
  if (!isCalendarDate(config.firstPeriodEnd)) problems.push('first period end must be a date YYYY-MM-DD');
  if (config.firstPeriodEnd < config.programStart) problems.push('the first period must not end before the program starts');
  for (const [name, value] of [['period length', config.periodDays], ['lag to send', config.sendLagDays], ['lag to due', config.dueLagDays]] as const)
    if (!Number.isInteger(value) || value < 1) problems.push(`${name} must be a whole number of days, at least 1`);
  return problems;
}
