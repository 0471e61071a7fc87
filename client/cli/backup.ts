// pal backup --file F [--force] and pal restore --file F: an operator's tools, connecting to PostgreSQL directly with
// the worker's configuration (DATABASE_URL, PAL_PG_BIN_DIR). See client/backup.ts.
import { z } from 'zod';
import { backupDatabase, restoreDatabase, type DatabaseSummary } from '../backup';
import { CliError, parseCommand, validateFlags } from './args';

const fileFlag = z.string({ error: '--file is required' }).min(1, '--file is required');
const holds = (s: DatabaseSummary) => `${s.tables} tables, ${s.leads} leads, schema version ${s.schemaVersion}`;

const backupUsage = 'pal backup --file pal.dump [--force]';

export async function backupCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommand(argv, { file: { type: 'string' }, force: { type: 'boolean' } }, backupUsage);
  if (positionals.length) throw new CliError(`usage: ${backupUsage}`);
  const f = validateFlags(z.object({ file: fileFlag, force: z.boolean().optional() }), values, backupUsage);
  const summary = await backupDatabase({ file: f.file, force: f.force });
  console.log(`Wrote ${summary.file} (${summary.bytes} bytes, readable by its owner only): ${holds(summary)}`);
}

const restoreUsage = 'pal restore --file pal.dump   (into an empty database)';

export async function restoreCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommand(argv, { file: { type: 'string' } }, restoreUsage);
  if (positionals.length) throw new CliError(`usage: ${restoreUsage}`);
  const f = validateFlags(z.object({ file: fileFlag }), values, restoreUsage);
  const summary = await restoreDatabase({ file: f.file });
  const migrated = summary.migrated.length ? `; applied ${summary.migrated.length} newer migrations` : '';
  console.log(`Restored ${summary.file}: ${holds(summary)}${migrated}`);
}
