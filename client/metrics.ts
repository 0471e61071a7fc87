// Performance figures at the edge (GET /api/metrics, pal metrics): a coordinator sees every assister and the
// program view; an assister sees only its own figures.
import type { Sql } from '../activities/database';
import { periodMetrics, type MetricsSettings, type PeriodMetrics } from '../activities/metrics';
import type { HolidayCalendar } from '../domain/business-days';
import type { ReportCalendarConfig } from '../domain/report-calendar';
import { resolvePeriod } from './reports';

export interface MetricsDeps {
  sql: Sql;
  calendar: ReportCalendarConfig;
  holidays: HolidayCalendar;
  settings: MetricsSettings;
}

/** The figures of the period containing `date` (default: the latest period whose report has gone out). */
export async function metricsFor(deps: MetricsDeps, query: { date?: string; assisterId?: string }): Promise<PeriodMetrics> {
  return periodMetrics(deps.sql, resolvePeriod(deps.calendar, query.date), deps.holidays, deps.settings, query.assisterId);
}
