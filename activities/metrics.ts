// The performance review, run with the daily report cycle: the day after a period's report was due, each assister
// short of the minimums in that period and the one before is flagged and the coordinator emailed, once per flag.
import type { HolidayCalendar } from '../domain/business-days';
import { reviewSubject } from '../domain/escalations';
import { reviewFlags } from '../domain/metrics';
import { periodReviewedOn, reportPeriod, type ReportCalendarConfig } from '../domain/report-calendar';
import type { Sql } from '../store/database';
import { assisterMetrics, recordReviewFlag, type MetricsSettings } from '../store/metrics';
import type { Mailer } from './mailer';
import { openEscalation } from '../store/escalations';
import { sendOnce } from './outbox';

export function metricsActivities(sql: Sql, mailer: Mailer, calendar: ReportCalendarConfig, holidays: HolidayCalendar, settings: MetricsSettings) {
  return {
    /**
     * On the day after a period's report was due: flags each assister short of the minimums in that period and
     * the one before, records the figures, and emails the coordinator once per flag. Returns the new flags.
     */
    async reviewAssisterPerformance(date: string): Promise<string[]> {
      const period = periodReviewedOn(calendar, date);
      if (!period || period.number < 2) return [];
      const before = reportPeriod(calendar, period.number - 1);
      const [current, previous] = await Promise.all([assisterMetrics(sql, period, holidays), assisterMetrics(sql, before, holidays)]);
      const flagged: string[] = [];
      for (const flag of reviewFlags(current, previous, settings.minimums)) {
        if (await recordReviewFlag(sql, flag)) flagged.push(flag.assisterId);
        await openEscalation(sql, { key: `review/${flag.assisterId}/${flag.periodNumber}`, kind: 'review-flag', assisterId: flag.assisterId, subject: reviewSubject(flag.assisterId, flag.periodNumber), periodNumber: flag.periodNumber });
        await sendOnce(sql, mailer, `review/${flag.assisterId}/${flag.periodNumber}`, {
          to: mailer.coordinatorEmail,
          subject: `PAL review: assister ${flag.assisterId} below the minimums for two periods`,
          text: [
            `Assister ${flag.assisterId} fell short of the program's minimum expectations in two consecutive report periods.`,
            '',
            `Referrals ${before.referralsFrom} to ${before.referralsTo}: ${flag.reasons.previous.join('; ')}`,
            `Referrals ${period.referralsFrom} to ${period.referralsTo}: ${flag.reasons.current.join('; ')}`,
            '',
            `Figures: pal metrics --assister ${flag.assisterId} --period ${period.referralsFrom}`,
          ].join('\n'),
        });
      }
      return flagged;
    },
  };
}
