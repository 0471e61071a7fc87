// The activity factory the worker registers: I/O dependencies are injected so tests can pass their own.
import { holidayCalendar, type HolidayCalendar } from '../domain/business-days';
import type { Sql } from './database';
import type { Mailer } from './mailer';
import { contactPointActivities } from './contact-point';
import { leadActivities } from './leads';
import { reportCycleActivities } from './report-cycle';
import { OE5_REPORT_CALENDAR, type ReportCalendarConfig } from '../domain/report-calendar';

export interface ActivityDeps {
  sql: Sql;
  mailer: Mailer;
  /** Minnesota state holidays (default: the calendar of domain.md). */
  holidays?: HolidayCalendar;
  /** The report calendar (default: OE5's). */
  calendar?: ReportCalendarConfig;
  /** The time of a referral; tests pass their own to place a referral on a chosen day. */
  clock?: () => Date;
}

export function createActivities({ sql, mailer, holidays = holidayCalendar(), calendar = OE5_REPORT_CALENDAR, clock = () => new Date() }: ActivityDeps) {
  return {
    ...contactPointActivities(sql, mailer),
    ...leadActivities(sql, mailer, holidays, clock),
    ...reportCycleActivities(sql, mailer, calendar, holidays),
  };
}

export type Activities = ReturnType<typeof createActivities>;
