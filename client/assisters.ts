// Directory import, shared by the CLI and the API: every record is validated (all problems reported with the
// record's number), nothing is written unless all are valid, every change is kept in the assister's history, and
// leads waiting for an assister are woken.
import { extname } from 'node:path';
import type { Client } from '@temporalio/client';
import { parse as parseCsv } from 'csv-parse/sync';
import { upsertAssisters } from '../activities/assisters';
import type { Sql } from '../activities/database';
import { assisterSchema, type Assister } from '../domain/assister';
import { wakeWaitingLeads } from '../activities/directory';

export interface RecordProblem {
  record: number;
  field: string;
  message: string;
}

export function parseDirectory(text: string, fileName: string): unknown[] {
  if (extname(fileName).toLowerCase() === '.csv') {
    return parseCsv(text, { columns: true, skip_empty_lines: true, trim: true }) as unknown[];
  }
  const data = JSON.parse(text) as unknown;
  if (!Array.isArray(data)) throw new Error('An assister directory file must hold a JSON array of assisters');
  return data;
}

export function validateDirectory(records: unknown[]): { ok: true; assisters: Assister[] } | { ok: false; problems: RecordProblem[] } {
  const assisters: Assister[] = [];
  const problems: RecordProblem[] = [];
  const seen = new Set<string>();
  records.forEach((record, i) => {
    // CSV cells are text: an empty openLeads means "not given".
    const input = record && typeof record === 'object' && (record as Record<string, unknown>).openLeads === '' ? { ...record, openLeads: undefined } : record;
    const result = assisterSchema.safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push({ record: i + 1, field: issue.path.join('.') || '(record)', message: issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}` : issue.message });
    } else if (seen.has(result.data.id)) problems.push({ record: i + 1, field: 'id', message: `id ${result.data.id} appears twice` });
    else {
      seen.add(result.data.id);
      assisters.push(result.data);
    }
  });
  return problems.length ? { ok: false, problems } : { ok: true, assisters };
}

export async function importAssisters(deps: { sql: Sql; client: Client }, records: unknown[]) {
  const validation = validateDirectory(records);
  if (!validation.ok) return validation;
  const counts = await upsertAssisters(deps.sql, validation.assisters);
  const wokenLeads = await wakeWaitingLeads(deps.client);
  return { ok: true as const, ...counts, wokenLeads };
}
