// pal report calendar [--from YYYY-MM-DD] [--count N] [--json]
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { SubmissionResult } from '../../store/report-submissions';
import { downloadFromApi, uploadToApi } from './api-client';
import { reportPeriods } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { reportCalendarConfig, temporalConfig } from '../../platform/config';
import { connectClient } from '../../platform/temporal';
import { REPORT_SCHEDULE_ID } from '../../contracts/report';
import { ensureReportSchedule } from '../../workers/schedule';
import { CliError, parseCommand, validateFlags } from './args';

const usage = `pal report calendar [--from YYYY-MM-DD] [--count N] [--json]
       pal report generate --assister ID [--period YYYY-MM-DD] --file report.xlsx
       pal report submit --assister ID --file completed.xlsx [--period YYYY-MM-DD] [--json]
       pal report schedule`;
const calendarFlags = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '--from must be a date written YYYY-MM-DD').default(() => minnesotaDate(new Date())),
  count: z.coerce.number({ error: '--count must be a whole number' }).int('--count must be a whole number').min(1, '--count must be at least 1').max(500, '--count must be at most 500').default(6),
  json: z.boolean().default(false),
});

const fileFlags = z.object({
  assister: z.string({ error: '--assister is required' }).regex(/^[a-z0-9-]+$/, '--assister must be an assister id'),
  period: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '--period must be a date written YYYY-MM-DD').optional(),
  file: z.string({ error: '--file is required' }).min(1),
  json: z.boolean().default(false),
});

export async function reportCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommand(
    argv,
    { from: { type: 'string' }, count: { type: 'string' }, json: { type: 'boolean' }, assister: { type: 'string' }, period: { type: 'string' }, file: { type: 'string' } },
    usage,
  );
  if (positionals[0] === 'generate' || positionals[0] === 'submit') {
    const f = validateFlags(fileFlags, values, usage);
    const path = `/api/reports/${f.assister}${positionals[0] === 'generate' ? '.xlsx' : ''}${f.period ? `?period=${f.period}` : ''}`;
    if (positionals[0] === 'generate') {
      const bytes = await downloadFromApi('coordinator', path);
      writeFileSync(f.file, bytes);
      return console.log(`Wrote ${f.file} (${bytes.length} bytes)`);
    }
    const { body } = await uploadToApi<SubmissionResult>('assister', path, readFileBytes(f.file), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    if (f.json) return console.log(JSON.stringify(body, null, 2));
    printSubmission(body);
    if (body.rejectedFile || body.rejected.length) process.exitCode = 1;
    return;
  }
  if (positionals[0] === 'schedule') {
    const client = await connectClient();
    try {
      const result = await ensureReportSchedule(client, temporalConfig().taskQueue);
      const words = { created: 'created', exists: 'already exists (left as it is)', 're-encrypted': 'made again with the current encryption key (paused or not as it was)' };
      return console.log(`Report schedule ${REPORT_SCHEDULE_ID}: ${words[result]}`);
    } finally {
      await client.connection.close();
    }
  }
  if (positionals[0] !== 'calendar') throw new CliError(`usage: ${usage}`);
  const { from, count, json } = validateFlags(calendarFlags, values, usage);
  const periods = reportPeriods(reportCalendarConfig(), from, count).map(({ referralsFrom, referralsTo, reportSent, reportDue }) => ({ referralsFrom, referralsTo, reportSent, reportDue }));
  if (json) return console.log(JSON.stringify(periods, null, 2));
  console.log('referrals from  referrals to  report sent (08:00)  report due (17:00)');
  for (const p of periods) console.log(`${p.referralsFrom}      ${p.referralsTo}    ${p.reportSent}           ${p.reportDue}`);
}

function printSubmission(r: SubmissionResult) {
  console.log(`Report for referrals ${r.period.referralsFrom} to ${r.period.referralsTo}${r.duplicate ? ' (this file was already received: nothing changed)' : ''}`);
  if (r.rejectedFile) return console.log(`The workbook was refused: ${r.rejectedFile}`);
  console.log(`${r.applied} rows applied, ${r.unchanged} unchanged, ${r.rejected.length} rejected`);
  if (r.rejected.length) {
    console.log('row  column          reason');
    for (const p of r.rejected) console.log(`${String(p.row).padEnd(4)} ${p.column.padEnd(15)} ${p.reason}`);
  }
}

function readFileBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new CliError(`Cannot read ${file}`);
  }
}
