// The texts of report-cycle emails: an assister's report for a period, the reminder before it is due, and the
// escalation to the coordinator after. In `link` mode (PAL_REFERRAL_EMAIL) the assister's emails point to the
// portal's reports page, where the workbook is; in `full` mode the report email carries the workbook, which holds
// consumers' names and phone numbers.
import { reportDueAt, type ReportPeriod } from '../domain/report-calendar';
import { minnesotaIso } from '../domain/time';
import type { EmailSettings } from '../platform/config';
import { portalLinks } from './portal-links';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const periodLabel = (p: ReportPeriod) => `${p.referralsFrom} to ${p.referralsTo}`;
const due = (p: ReportPeriod) => minnesotaIso(reportDueAt(p)).replace('T', ' ').slice(0, 16);
const reportSubject = (p: ReportPeriod) => `PAL Preferred Assister Report: referrals ${periodLabel(p)}`;

/** The report in `link` mode: no attachment, the workbook waits on the reports page. */
export function reportLinkEmail(period: ReportPeriod, rows: number, publicUrl: string) {
  return {
    subject: reportSubject(period),
    text: [
      `Your Preferred Assister Report for referrals sent ${periodLabel(period)} (${rows} leads) is ready. Its workbook is on the reports page of the PAL portal:`,
      `  ${portalLinks(publicUrl).reports}`,
      `Sign in, download the workbook, complete the assister columns and upload it there by ${due(period)} Minnesota time.`,
    ].join('\n'),
  };
}

/** The report in `full` mode: the workbook attached. */
export function reportWorkbookEmail(assisterId: string, period: ReportPeriod, rows: number, workbook: Buffer) {
  return {
    subject: reportSubject(period),
    text: [
      `Attached is your Preferred Assister Report for referrals sent ${periodLabel(period)} (${rows} leads).`,
      `Complete the assister columns and return it by ${due(period)} Minnesota time:`,
      `  pal report submit --assister ${assisterId} --file completed.xlsx`,
      'The workbook contains personal information. Do not forward it.',
    ].join('\n'),
    attachments: [{ filename: `pal-report-${assisterId}-${period.referralsFrom}.xlsx`, content: workbook, contentType: XLSX }],
  };
}

export function reportReminderEmail(period: ReportPeriod, settings: EmailSettings) {
  const text = `Your Preferred Assister Report for referrals sent ${periodLabel(period)} is due ${due(period)} Minnesota time and PAL has not received a complete one yet.`;
  return {
    subject: `PAL report reminder: referrals ${periodLabel(period)}`,
    text: settings.referralEmail === 'link' ? `${text} Its workbook is on the reports page of the PAL portal: ${portalLinks(settings.publicUrl).reports}` : text,
  };
}

export function reportOverdueEmail(assisterId: string, period: ReportPeriod) {
  return {
    subject: `PAL escalation: assister ${assisterId} report overdue`,
    text: `Assister ${assisterId} has not returned a complete Preferred Assister Report for referrals sent ${periodLabel(period)}, due ${due(period)}. Inspect workflow report-${period.referralsFrom}-${assisterId} in Temporal UI.`,
  };
}
