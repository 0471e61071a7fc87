// Business days: Monday to Friday, except Minnesota state holidays. Dates come from a maintained holiday
// library (date-holidays), adjusted to the calendar state offices keep (domain.md, "Decision (holidays)").
import Holidays from 'date-holidays';
import { addDays, dayOfWeek, minnesotaDate, minnesotaInstant, type CalendarDate } from './time';

/**
 * The state holidays, by the names date-holidays uses for US/MN. Configuration: pass another list to
 * holidayCalendar. The library's "Day after Thanksgiving Day" is a mere observance and it marks Indigenous
 * Peoples' Day as public; neither matters here, because only the names listed count.
 */
export const MINNESOTA_STATE_HOLIDAYS = [
  "New Year's Day",
  'Martin Luther King Jr. Day',
  "Washington's and Lincoln's Birthday", // Presidents' Day
  'Memorial Day',
  'Juneteenth',
  'Independence Day',
  'Labor Day',
  'Veterans Day',
  'Thanksgiving Day',
  'Day after Thanksgiving Day',
  'Christmas Day',
] as const;

export interface HolidayCalendar {
  isHoliday(date: CalendarDate): boolean;
}

/** Observed dates of the named holidays: a Saturday holiday is observed Friday, a Sunday one Monday. */
export function holidayCalendar(names: readonly string[] = MINNESOTA_STATE_HOLIDAYS): HolidayCalendar {
  const library = new Holidays('US', 'MN');
  const wanted = new Set(names);
  const years = new Map<number, Set<CalendarDate>>();
  const observedIn = (year: number) => {
    let dates = years.get(year);
    if (!dates) {
      dates = new Set();
      // The library's own "substitute day" entries are skipped: the observed rule below applies to every holiday.
      for (const h of library.getHolidays(year)) {
        if (!wanted.has(h.name) || (h as { substitute?: boolean }).substitute) continue;
        const date = h.date.slice(0, 10);
        const dow = dayOfWeek(date);
        dates.add(dow === 6 ? addDays(date, -1) : dow === 0 ? addDays(date, 1) : date);
      }
      years.set(year, dates);
    }
    return dates;
  };
  const unknown = names.filter((n) => !library.getHolidays(2026).some((h) => h.name === n));
  if (unknown.length) throw new Error(`Unknown holiday names (not in date-holidays US/MN): ${unknown.join(', ')}`);
  // A holiday observed across a year boundary (Jan 1 on a Saturday → Dec 31) sits in the previous year's set.
  return { isHoliday: (date) => [0, 1].some((k) => observedIn(Number(date.slice(0, 4)) + k).has(date)) };
}

export function isBusinessDay(date: CalendarDate, holidays: HolidayCalendar): boolean {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && !holidays.isHoliday(date);
}

/** The nth business day counted from the day after `date` (n ≥ 1). */
export function nthBusinessDayAfter(date: CalendarDate, n: number, holidays: HolidayCalendar): CalendarDate {
  let day = date;
  for (let counted = 0; counted < n; ) {
    day = addDays(day, 1);
    if (isBusinessDay(day, holidays)) counted++;
  }
  return day;
}

/** Decision: the business hours performance is measured in are 08:00 to 17:00 Minnesota time on business days. */
export const BUSINESS_HOURS = { start: 8, end: 17 } as const;

/** Business hours between two instants: the parts of [from, to] inside 08:00–17:00 on business days. */
export function businessHoursBetween(from: Date, to: Date, holidays: HolidayCalendar): number {
  let ms = 0;
  for (let day = minnesotaDate(from); day <= minnesotaDate(to); day = addDays(day, 1)) {
    if (!isBusinessDay(day, holidays)) continue;
    const open = Math.max(from.getTime(), minnesotaInstant(day, BUSINESS_HOURS.start).getTime());
    const close = Math.min(to.getTime(), minnesotaInstant(day, BUSINESS_HOURS.end).getTime());
    if (close > open) ms += close - open;
  }
  return ms / 3_600_000;
}
