// pal metrics [--assister ID] [--period YYYY-MM-DD] [--json] ; pal metrics export --file metrics.xlsx
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { PeriodMetrics } from '../../store/metrics';
import { callApi, downloadFromApi } from './api-client';
import { CliError, parseCommand, validateFlags } from './args';

const usage = `pal metrics [--assister ID] [--period YYYY-MM-DD] [--json]
       pal metrics export --file metrics.xlsx [--assister ID] [--period YYYY-MM-DD]`;

const flags = z.object({
  assister: z.string().regex(/^[a-z0-9-]+$/, '--assister must be an assister id').optional(),
  period: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '--period must be a date written YYYY-MM-DD').optional(),
  file: z.string().min(1).optional(),
  json: z.boolean().default(false),
});

const pct = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)}%`);
const num = (n: number | null) => (n === null ? '-' : String(n));

export async function metricsCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommand(argv, { assister: { type: 'string' }, period: { type: 'string' }, file: { type: 'string' }, json: { type: 'boolean' } }, usage);
  const f = validateFlags(flags, values, usage);
  const query = new URLSearchParams({ ...(f.assister && { assister: f.assister }), ...(f.period && { period: f.period }) }).toString();
  if (positionals[0] === 'export') {
    if (!f.file) throw new CliError(`--file is required\nusage: ${usage}`);
    const bytes = await downloadFromApi('coordinator', `/api/metrics.xlsx${query ? `?${query}` : ''}`);
    writeFileSync(f.file, bytes);
    return console.log(`Wrote ${f.file} (${bytes.length} bytes)`);
  }
  if (positionals.length) throw new CliError(`usage: ${usage}`);
  const { body: m } = await callApi<PeriodMetrics>('coordinator', 'GET', `/api/metrics${query ? `?${query}` : ''}`);
  if (f.json) return console.log(JSON.stringify(m, null, 2));
  const lines = [
    `Referrals ${m.period.referralsFrom} to ${m.period.referralsTo} (period ${m.period.number})`,
    '',
    'assister              leads  contact≤deadline  hours to contact (median/p90)  14-day outcome  report    escalations',
    ...m.assisters.map(
      (a) =>
        `${a.assisterId.padEnd(22)}${String(a.leadsReceived).padStart(5)}  ${pct(a.contactedWithinDeadline).padStart(16)}  ${`${num(a.businessHoursToContact.median)} / ${num(a.businessHoursToContact.p90)}`.padStart(29)}  ${pct(a.appointmentOrResolutionWithin14Days).padStart(14)}  ${a.report.padEnd(8)}  ${String(a.escalations).padStart(11)}`,
    ),
  ];
  if (m.program) {
    const p = m.program;
    lines.push(
      '',
      `program: ${p.leads} leads; create → referral email p50 ${num(p.createToEmailSentSeconds.p50)} s, p95 ${num(p.createToEmailSentSeconds.p95)} s; ${p.waitedForAssister} waited for an eligible assister`,
      `leads by county (navigator/broker): ${p.leadsByTypeAndCounty.map((c) => `${c.county} ${c.navigator}/${c.broker}`).join(', ') || '-'}`,
      `geographic gaps: ${p.geographicGaps.length ? p.geographicGaps.map((g) => `${g.county} (${g.assisterType}, ${g.miles === null ? 'none active' : `${g.miles} mi`})`).join(', ') : 'none'}`,
    );
  }
  if (m.reviewFlags.length) lines.push('', `flagged for review: ${m.reviewFlags.map((r) => r.assisterId).join(', ')}`);
  console.log(lines.join('\n'));
}
