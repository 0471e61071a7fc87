// The performance figures as a workbook a coordinator can share: one sheet per view, plain values, frozen headers.
import ExcelJS from 'exceljs';
import { RESOLUTIONS } from '../domain/resolutions';
import type { PeriodMetrics } from '../store/metrics';

function sheet(wb: ExcelJS.Workbook, name: string, columns: [string, number][], rows: unknown[][]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map(([header, width]) => ({ header, width }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  return ws;
}

const pct = (share: number | null) => (share === null ? null : share);

export async function metricsWorkbook(m: PeriodMetrics): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'PAL';
  const period = `${m.period.referralsFrom} to ${m.period.referralsTo}`;
  const assisters = sheet(
    wb,
    'Assisters',
    [['Assister', 22], ['Leads received', 15], ['Contacted within deadline', 24], ['Business hours to contact (median)', 32], ['Business hours to contact (p90)', 30], ['Appointment or resolution within 14 days', 38], ['Report', 12], ['Escalations', 12]],
    m.assisters.map((a) => [a.assisterId, a.leadsReceived, pct(a.contactedWithinDeadline), a.businessHoursToContact.median, a.businessHoursToContact.p90, pct(a.appointmentOrResolutionWithin14Days), a.report, a.escalations]),
  );
  for (const col of [3, 6]) assisters.getColumn(col).numFmt = '0%';
  sheet(wb, 'Resolutions', [['Assister', 22], ...[...RESOLUTIONS, 'No resolution yet'].map((r): [string, number] => [r, Math.max(12, r.length + 2)])], m.assisters.map((a) => [a.assisterId, ...[...RESOLUTIONS, 'No resolution yet' as const].map((r) => a.resolutionMix[r])]));
  const p = m.program;
  sheet(wb, 'Program', [['Figure', 44], ['Value', 16]], [
    ['Referral period', period],
    ['Leads', p.leads],
    ['Create to referral email, p50 (seconds)', p.createToEmailSentSeconds.p50],
    ['Create to referral email, p95 (seconds)', p.createToEmailSentSeconds.p95],
    ['Leads that waited for an eligible assister', p.waitedForAssister],
  ]);
  sheet(wb, 'Counties', [['County', 24], ['Navigator leads', 16], ['Broker leads', 14]], p.leadsByTypeAndCounty.map((c) => [c.county, c.navigator, c.broker]));
  sheet(wb, 'Geographic gaps', [['County', 24], ['Assister type', 14], ['Nearest active assister', 24], ['Miles', 10]], p.geographicGaps.map((g) => [g.county, g.assisterType, g.nearestAssisterId ?? '(none)', g.miles]));
  sheet(wb, 'Review flags', [['Assister', 22], ['Flagged at', 24]], m.reviewFlags.map((f) => [f.assisterId, f.flaggedAt]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
