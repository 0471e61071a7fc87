// The activity factory the worker registers: I/O dependencies are injected so tests can pass their own.
import { holidayCalendar, type HolidayCalendar } from '../domain/business-days';
import type { Client } from '@temporalio/client';
import type { Sql } from '../store/database';
import type { Mailer } from './mailer';
import { contactPointActivities } from './contact-point';
import { directoryActivities } from './directory';
import { metricsActivities } from './metrics';
import type { MetricsSettings } from '../store/metrics';
import { consumerNoticeConfig, emailConfig, metricsConfig, type EmailSettings, retentionConfig, routingConfig, type RoutingSettings } from '../platform/config';
import type { RetentionPolicy } from '../domain/retention';
import { retentionActivities } from './retention';
import { leadActivities } from './leads';
import { leadMessageActivities } from './lead-messages';
import { consumerNoticeActivities } from './consumer-notices';
import { reportCycleActivities } from './report-cycle';
import { reportDeliveryActivities } from './report-delivery';
import { reportActivities } from './reports';
import { OE5_REPORT_CALENDAR, type ReportCalendarConfig } from '../domain/report-calendar';

export interface ActivityDeps {
  sql: Sql;
  mailer: Mailer;
  /** For activities that act on other workflows (report delivery updates lead workflows). */
  client: Client;
  /** Minnesota state holidays (default: the calendar of domain.md). */
  holidays?: HolidayCalendar;
  /** The report calendar (default: OE5's). */
  calendar?: ReportCalendarConfig;
  /** Geographic-gap distance and review minimums (default: PAL's defaults). */
  metrics?: MetricsSettings;
  /** The time of a referral; tests pass their own to place a referral on a chosen day. */
  clock?: () => Date;
  /** What emails to assisters carry and where their links lead (default: link mode, PAL_PUBLIC_URL's default). */
  emails?: EmailSettings;
  /** Routing's language allowance (default: PAL_LANGUAGE_EXTRA_MILES's default). */
  routing?: RoutingSettings;
  /** Whether consumers get their own notices (default: PAL_CONSUMER_NOTICES, on unless false). */
  consumerNotices?: boolean;
  /** How long records are kept (default: PAL_RETAIN_*, else the policy's defaults). */
  retention?: RetentionPolicy;
}

export function createActivities({ sql, mailer, client, holidays = holidayCalendar(), calendar = OE5_REPORT_CALENDAR, metrics = metricsConfig({}), clock = () => new Date(), emails = emailConfig({}), routing = routingConfig({}), consumerNotices = consumerNoticeConfig().enabled, retention = retentionConfig().policy }: ActivityDeps) {
  return {
    ...contactPointActivities(sql, mailer),
    ...directoryActivities(sql, mailer, client, holidays, emails),
    ...leadActivities(sql, mailer, holidays, clock, emails, routing),
    ...leadMessageActivities(sql, mailer, emails),
    ...consumerNoticeActivities(sql, mailer, holidays, emails, consumerNotices),
    ...reportCycleActivities(sql, mailer, calendar, holidays, emails),
    ...reportDeliveryActivities(sql, mailer, client, calendar),
    ...reportActivities(sql, client, calendar),
    ...metricsActivities(sql, mailer, calendar, holidays, metrics),
    ...retentionActivities(sql, retention, clock),
  };
}

export type Activities = ReturnType<typeof createActivities>;
