// Which report period a request means (?period=DATE, reports and metrics): the period containing DATE, or by
// default the latest period whose report has been sent.
import { z } from 'zod';
import { calendarDateSchema } from '../../domain/date-schema';
import { latestSentPeriod, periodContaining, type ReportCalendarConfig, type ReportPeriod } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { HttpError } from '../http';

export const periodQuery = z.object({
  period: calendarDateSchema('period').optional().describe('A date in the report period (YYYY-MM-DD); default: the latest period whose report has gone out'),
});

export function resolvePeriod(calendar: ReportCalendarConfig, date?: string): ReportPeriod {
  if (!date) return latestSentPeriod(calendar, minnesotaDate(new Date()));
  const period = periodContaining(calendar, date);
  if (!period) throw new HttpError(400, `${date} is before the program's first report period`);
  return period;
}
