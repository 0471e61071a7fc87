// Minnesota time. All PAL deadlines are wall-clock times in America/Chicago; instants are stored in UTC.
// Computed with Intl, not a Date subclass: Temporal's workflow sandbox replaces Date, and a subclass of it
// (as @date-fns/tz's TZDate is) silently loses its time zone there, giving UTC dates in the evening.
export const PAL_TIME_ZONE = 'America/Chicago';

/** A calendar date, YYYY-MM-DD, with no time zone. */
export type CalendarDate = string;

/** The one check of a YYYY-MM-DD date the system accepts: the form, and a day the calendar has (no 2026-02-30). */
export function isCalendarDate(s: string): s is CalendarDate {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : undefined;
  // Month 13 parses to an invalid date; 02-30 to 03-02: both are refused.
  return !!d && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

const pad = (n: number) => String(n).padStart(2, '0');

const wallClockFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: PAL_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

const HOUR_MS = 3_600_000;
/** Offsets by UTC hour: Intl's formatToParts is slow, and the metrics ask it for every lead (many times a page). */
const offsets = new Map<number, number>();

/**
 * Minutes Minnesota is ahead of UTC at an instant (-360 in winter, -300 in summer). Daylight saving changes at 02:00
 * local time, on a whole UTC hour, so the offset holds for the UTC hour the instant falls in: remembered per hour.
 */
function offsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const p: Record<string, number> = {};
    for (const { type, value } of wallClockFormat.formatToParts(hour * HOUR_MS)) if (type !== 'literal') p[type] = Number(value);
    offset = Math.round((Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - hour * HOUR_MS) / 60_000);
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** The Minnesota wall clock at an instant. */
function wallClock(ms: number) {
  const local = new Date(ms + offsetMinutes(ms) * 60_000);
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate(), h: local.getUTCHours(), mi: local.getUTCMinutes(), s: local.getUTCSeconds() };
}

/** The Minnesota calendar date of an instant. */
export function minnesotaDate(instant: Date | number): CalendarDate {
  const w = wallClock(typeof instant === 'number' ? instant : instant.getTime());
  return `${w.y}-${pad(w.m)}-${pad(w.d)}`;
}

/** The instant of a Minnesota wall-clock time on a calendar date (daylight saving handled). */
export function minnesotaInstant(date: CalendarDate, hour: number, minute = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, hour, minute);
  // The offset at the guessed instant, then at the corrected one (they differ only near a daylight-saving change).
  const first = asUtc - offsetMinutes(asUtc) * 60_000;
  return new Date(asUtc - offsetMinutes(first) * 60_000);
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
  const w = wallClock(instant.getTime());
  const offset = offsetMinutes(instant.getTime());
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${w.y}-${pad(w.m)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
