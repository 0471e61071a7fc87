// Telling an assister what to correct in a returned Preferred Assister Report: the rows refused (or why the whole
// file was), by email to its contact point, once per submission and purpose.
import type { ReportPeriod } from '../domain/report-calendar';
import type { RowProblem } from '../domain/report-rows';
import { assisterRecord } from '../store/assisters';
import type { Sql } from '../store/database';
import type { Mailer } from './mailer';
import { sendOnce } from './outbox';

export async function emailReportCorrections(sql: Sql, mailer: Mailer, input: { assisterId: string; period: ReportPeriod; key: string; summary: string; problems: RowProblem[] }): Promise<void> {
  const { assisterId, period } = input;
  const assister = await assisterRecord(sql, assisterId);
  if (!assister) return;
  await sendOnce(sql, mailer, `report/${assisterId}/${period.number}/${input.key}/corrections`, {
    to: assister.email,
    subject: `PAL report ${period.referralsFrom} to ${period.referralsTo}: corrections needed`,
    text: [
      `Your Preferred Assister Report for referrals sent ${period.referralsFrom} to ${period.referralsTo} was received.`,
      '',
      input.summary,
      ...(input.problems.length ? ['', ...input.problems.map((p) => `Row ${p.row}, ${p.column}: ${p.reason}`)] : []),
    ].join('\n'),
  });
}
