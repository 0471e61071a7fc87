// Activities of the report cycle: which assisters owe a report, sending each its report (once, over TLS: a link to the
// portal's reports page, or the workbook itself in full mode), and the reminder and escalation notices. None of them
// puts PII in Temporal: the workbook is built and mailed here.
import type { ReportCalendarConfig, ReportPeriod } from '../domain/report-calendar';
import { periodSentOn, reportDueAt, reportReminderAt } from '../domain/report-calendar';
import { CERTIFICATION_ALERT_DAYS } from '../domain/assister';
import type { HolidayCalendar } from '../domain/business-days';
import { addDays } from '../domain/time';
import type { ReportNotice } from '../contracts/report';
import type { EmailSettings } from '../platform/config';
import type { Sql } from '../store/database';
import type { Mailer } from './mailer';
import { sendOnce } from './outbox';
import { certificationSubject, reportSubject } from '../domain/escalations';
import { clearEscalationsAbout, openEscalation } from '../store/escalations';
import { inReportPeriod, outstandingReportRows } from '../store/reports';
import { reportLinkEmail, reportOverdueEmail, reportReminderEmail, reportWorkbookEmail } from './report-emails';
import { reportSizeFor, reportWorkbookFor } from './reports';

export function reportCycleActivities(sql: Sql, mailer: Mailer, calendar: ReportCalendarConfig, holidays: HolidayCalendar, emails: EmailSettings) {
  return {
    /** The period whose report goes out on this Minnesota date, and the assisters that owe one. */
    async reportCycleFor(date: string): Promise<{ period: ReportPeriod; assisterIds: string[] } | null> {
      const period = periodSentOn(calendar, date);
      if (!period) return null;
      const rows = await sql<{ assister_id: string }[]>`
        select distinct assister_id from leads where assister_id is not null and ${inReportPeriod(sql, period)} order by assister_id`;
      return { period, assisterIds: rows.map((r) => r.assister_id) };
    },

    /** Emails the assister its report (the workbook attached only in full mode), once per assister and period. */
    async sendReportWorkbook(input: { assisterId: string; period: ReportPeriod }): Promise<{ rows: number; reminderAt: string; dueAt: string }> {
      const { assisterId, period } = input;
      // In link mode the workbook is not built: the assister downloads it from the portal.
      const { assister, rows, workbook } = emails.referralEmail === 'full' ? await reportWorkbookFor(sql, assisterId, period) : { ...(await reportSizeFor(sql, assisterId, period)), workbook: undefined };
      const email = workbook ? reportWorkbookEmail(assisterId, period, rows, workbook) : reportLinkEmail(period, rows, emails.publicUrl);
      await sendOnce(sql, mailer, `report/${assisterId}/${period.number}/workbook`, { to: assister.email, ...email });
      await sql`insert into report_obligations (assister_id, period_number, rows, sent_at) values (${assisterId}, ${period.number}, ${rows}, now())
                on conflict (assister_id, period_number) do update set sent_at = coalesce(report_obligations.sent_at, now())`;
      return { rows, reminderAt: reportReminderAt(period, holidays).toISOString(), dueAt: reportDueAt(period).toISOString() };
    },

    /** A reminder to the assister before the due date, or the escalation to the coordinator after it. */
    async sendReportNotice(input: { assisterId: string; period: ReportPeriod; notice: ReportNotice }): Promise<void> {
      const { assisterId, period, notice } = input;
      const [assister] = await sql<{ email: string }[]>`select email from assisters where id = ${assisterId}`;
      if (!assister) throw new Error(`Assister ${assisterId} is not in the directory`);
      const email =
        notice === 'report-reminder' ? { to: assister.email, ...reportReminderEmail(period, emails) } : { to: mailer.coordinatorEmail, ...reportOverdueEmail(assisterId, period) };
      const key = `report/${assisterId}/${period.number}/${notice}`;
      // The escalation to the coordinator is also the queue's record, closed when the report comes in.
      if (notice === 'report-overdue') await openEscalation(sql, { key, kind: 'report-overdue', assisterId, subject: reportSubject(assisterId, period.number), periodNumber: period.number });
      await sendOnce(sql, mailer, key, email);
      const column = notice === 'report-reminder' ? sql`reminded_at` : sql`overdue_at`;
      await sql`update report_obligations set ${column} = coalesce(${column}, now()) where assister_id = ${assisterId} and period_number = ${period.number}`;
    },

    /** Recounted before a reminder or an escalation: outcomes reported lead by lead count too. */
    async outstandingReportRows(input: { assisterId: string; period: ReportPeriod }): Promise<number> {
      return outstandingReportRows(sql, input.assisterId, input.period);
    },

    /**
     * Certification (domain.md, "Decision (certification)"): 30 days before an assister's certification lapses the
     * coordinator is alerted and the assister reminded, each once per expiry date; one that has lapsed already and was
     * never alerted is alerted now (it gets no new leads). Runs in the daily cycle.
     */
    async sendCertificationAlerts(date: string): Promise<number> {
      const due = await sql<{ id: string; email: string; certification: string | null; expires: string }[]>`
        select id, email, certification, certification_expires::text as expires from assisters
        where certification_expires < ${addDays(date, CERTIFICATION_ALERT_DAYS)}::date order by id`;
      for (const a of due) {
        const lapsed = a.expires < date;
        const what = a.certification ? `certification ${a.certification}` : 'certification (none on record)';
        const when = lapsed ? `lapsed after ${a.expires}` : `lapses after ${a.expires}`;
        await openEscalation(sql, { key: `certification/${a.id}/${a.expires}/coordinator`, kind: 'certification-lapsing', assisterId: a.id, subject: certificationSubject(a.id, a.expires) });
        await sendOnce(sql, mailer, `certification/${a.id}/${a.expires}/coordinator`, {
          to: mailer.coordinatorEmail,
          subject: `PAL alert: certification of assister ${a.id} ${lapsed ? 'has lapsed' : 'lapses soon'}`,
          text: [
            `The ${what} of preferred assister ${a.id} ${when}. ${lapsed ? 'It receives no new leads until a valid certification is recorded.' : 'From then on it receives no new leads until a renewed certification is recorded.'}`,
            `Record the renewal with:\n  pal assister update --assister ${a.id} --certification ID-OR-NPN --certification-expires YYYY-MM-DD`,
          ].join('\n\n'),
        });
        await sendOnce(sql, mailer, `certification/${a.id}/${a.expires}/assister`, {
          to: a.email,
          subject: `PAL reminder: your certification ${lapsed ? 'has lapsed' : 'lapses soon'}`,
          text: `Your ${what} as a preferred assister in the MNsure Preferred Assister Lead program ${when}. An assister without a valid certification receives no new leads. Send your renewed certification to your PAL coordinator.`,
        });
      }
      return due.length;
    },

    async completeReportObligation(input: { assisterId: string; period: ReportPeriod; onTime: boolean }): Promise<void> {
      await sql`update report_obligations set completed_at = coalesce(completed_at, now()), on_time = coalesce(on_time, ${input.onTime})
                where assister_id = ${input.assisterId} and period_number = ${input.period.number}`;
      await clearEscalationsAbout(sql, reportSubject(input.assisterId, input.period.number), 'report received');
    },
  };
}
