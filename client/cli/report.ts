// pal report calendar [--from YYYY-MM-DD] [--count N] [--json]
import { z } from 'zod';
import { reportPeriods } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { reportCalendarConfig } from '../../platform/config';
import { CliError, parseCommand, validateFlags } from './args';

const usage = 'pal report calendar [--from YYYY-MM-DD] [--count N] [--json]';
const calendarFlags = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '--from must be a date written YYYY-MM-DD').default(() => minnesotaDate(new Date())),
  count: z.coerce.number({ error: '--count must be a whole number' }).int('--count must be a whole number').min(1, '--count must be at least 1').max(500, '--count must be at most 500').default(6),
  json: z.boolean().default(false),
});

export async function reportCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommand(argv, { from: { type: 'string' }, count: { type: 'string' }, json: { type: 'boolean' } }, usage);
  if (positionals[0] !== 'calendar') throw new CliError(`usage: ${usage}`);
  const { from, count, json } = validateFlags(calendarFlags, values, usage);
  const periods = reportPeriods(reportCalendarConfig(), from, count).map(({ referralsFrom, referralsTo, reportSent, reportDue }) => ({ referralsFrom, referralsTo, reportSent, reportDue }));
  if (json) return console.log(JSON.stringify(periods, null, 2));
  console.log('referrals from  referrals to  report sent (08:00)  report due (17:00)');
  for (const p of periods) console.log(`${p.referralsFrom}      ${p.referralsTo}    ${p.reportSent}           ${p.reportDue}`);
}
