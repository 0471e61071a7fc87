// pal audit export --from YYYY-MM-DD --to YYYY-MM-DD --file F: the audit trail of those Minnesota days (both
// included) as CSV, the file of GET /api/audit and the console's Audit trail page (coordinator).
import { z } from 'zod';
import { calendarDateSchema } from '../../domain/date-schema';
import { downloadFromApiToFile } from './api-client';
import { CliError, parseCommand, validateFlags } from './args';

const usage = 'pal audit export --from YYYY-MM-DD --to YYYY-MM-DD --file audit.csv';

const flags = z.object({
  from: calendarDateSchema('--from'),
  to: calendarDateSchema('--to'),
  file: z.string({ error: '--file is required' }).min(1, '--file is required'),
});

export async function auditCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommand(argv, { from: { type: 'string' }, to: { type: 'string' }, file: { type: 'string' } }, usage);
  if (positionals[0] !== 'export' || positionals.length > 1) throw new CliError(`usage: ${usage}`);
  const f = validateFlags(flags, values, usage);
  const bytes = await downloadFromApiToFile('coordinator', `/api/audit?${new URLSearchParams({ from: f.from, to: f.to })}`, f.file);
  console.log(`Wrote ${f.file} (${bytes} bytes)`);
}
