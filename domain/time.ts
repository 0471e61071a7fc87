// Minnesota time. All PAL deadlines are wall-clock times in America/Chicago; instants are stored in UTC.
import { TZDate } from '@date-fns/tz';

export const PAL_TIME_ZONE = 'America/Chicago';

/** A calendar date, YYYY-MM-DD, with no time zone. */
export type CalendarDate = string;

const pad = (n: number) => String(n).padStart(2, '0');

/** The Minnesota calendar date of an instant. */
export function minnesotaDate(instant: Date | number): CalendarDate {
  const d = new TZDate(typeof instant === 'number' ? instant : instant.getTime(), PAL_TIME_ZONE);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The instant of a Minnesota wall-clock time on a calendar date (daylight saving handled). */
export function minnesotaInstant(date: CalendarDate, hour: number, minute = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hour, minute, 0, PAL_TIME_ZONE).getTime());
}

/** The date n calendar days after date (n may be negative). */
export function addDays(date: CalendarDate, n: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** An ISO instant with the Minnesota offset, e.g. 2026-11-30T17:00:00-06:00. */
export function minnesotaIso(instant: Date): string {
  const d = new TZDate(instant.getTime(), PAL_TIME_ZONE);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${minnesotaDate(instant)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
