// Directory import (POST /api/assisters/import, and `pal route --assisters` offline): every record is validated,
// all problems reported with the record's number; nothing is written unless all are valid; every change is kept
// in the assister's history, and leads waiting for an assister are woken.
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { wakeWaitingLeads } from '../../activities/directory';
import { assisterSchema, type Assister } from '../../domain/assister';
import { upsertAssisters } from '../../store/assisters';
import type { Sql } from '../../store/database';

export interface RecordProblem {
  record: number;
  field: string;
  message: string;
}

// CSV cells are text: an empty openLeads means "not given".
const directoryRecord = z.preprocess(
  (r) => (r && typeof r === 'object' && (r as Record<string, unknown>).openLeads === '' ? { ...r, openLeads: undefined } : r),
  assisterSchema,
);

export function validateDirectory(records: unknown[]): { ok: true; assisters: Assister[] } | { ok: false; problems: RecordProblem[] } {
  const assisters: Assister[] = [];
  const problems: RecordProblem[] = [];
  const seen = new Set<string>();
  records.forEach((record, i) => {
    const result = directoryRecord.safeParse(record);
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

/** The import's body: records that validateDirectory accepts (each id once). */
export const directorySchema = z.array(directoryRecord).superRefine((records, ctx) => {
  const validation = validateDirectory(records);
  if (!validation.ok) for (const p of validation.problems) ctx.addIssue({ code: 'custom', path: [p.record - 1, p.field], message: p.message });
});

/** Records a valid directory in one transaction and wakes the leads waiting for an assister. */
export async function importDirectory(deps: { sql: Sql; client: Client }, assisters: readonly Assister[]) {
  const counts = await upsertAssisters(deps.sql, assisters);
  const wokenLeads = await wakeWaitingLeads(deps.client);
  return { ok: true as const, ...counts, wokenLeads };
}

export async function importAssisters(deps: { sql: Sql; client: Client }, records: unknown[]) {
  const validation = validateDirectory(records);
  return validation.ok ? importDirectory(deps, validation.assisters) : validation;
}
