// Directory import (POST /api/assisters/import, and `pal route --assisters` offline): every record is validated,
// all problems reported with the record's number; nothing is written unless all are valid and none would change
// what only a request may change (an existing assister's status; its contact point changes through a confirmed
// contact-point change, started here); every change is kept in the assister's history, and leads waiting for an
// assister are woken.
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { wakeWaitingLeads } from '../../activities/directory';
import { assisterSchema, type Assister } from '../../domain/assister';
import { importDirectoryRecords } from '../../store/assisters';
import type { Sql } from '../../store/database';
import { insertContactPointChange } from '../../store/directory-requests';
import { HttpError } from '../http';
import { newContactPointChange, startContactPointChange } from './directory-requests';

export interface RecordProblem {
  record: number;
  field: string;
  message: string;
}

// CSV cells are text: an empty openLeads, certification, publicPhone or languages cell means "not given".
const OPTIONAL = ['openLeads', 'certification', 'certificationExpires', 'publicPhone', 'languages'];
const directoryRecord = z.preprocess(
  (r) => (r && typeof r === 'object' && !Array.isArray(r) ? Object.fromEntries(Object.entries(r).filter(([k, v]) => !(OPTIONAL.includes(k) && v === ''))) : r),
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

/** The HTTP status of an import the directory refuses (a status change, a new assister without certification, …). */
export const IMPORT_CONFLICT = 409;

/**
 * Records a valid directory in one transaction, with a contact-point change (confirmed by the new address) for each
 * existing assister whose email differs, then starts those changes and wakes the leads waiting for an assister.
 */
export async function importDirectory(deps: { sql: Sql; client: Client; taskQueue?: string }, assisters: readonly Assister[]) {
  const imported = await deps.sql.begin(async (tx) => {
    const result = await importDirectoryRecords(tx, assisters);
    if (!result.ok) return result;
    const started = [];
    for (const c of result.contactPoints) {
      if (c.pendingChangeId) continue;
      const { change, input } = newContactPointChange(c.assisterId, c.oldEmail, c.newEmail, 'coordinator');
      if (!(await insertContactPointChange(tx, change))) throw new HttpError(IMPORT_CONFLICT, `A contact point change of assister ${c.assisterId} was requested meanwhile; import again`);
      started.push(input);
    }
    return { ...result, started };
  });
  if (!imported.ok) throw new HttpError(IMPORT_CONFLICT, 'The import would change what only a request may change: nothing was imported', imported.problems);
  for (const input of imported.started) {
    if (!deps.taskQueue) throw new Error('A contact point change needs the task queue of its workflow');
    await startContactPointChange({ ...deps, taskQueue: deps.taskQueue }, input);
  }
  const wokenLeads = await wakeWaitingLeads(deps.client);
  const contactPointChanges = imported.contactPoints.map((c) => ({
    record: c.record,
    assisterId: c.assisterId,
    email: c.newEmail,
    changeId: c.pendingChangeId ?? imported.started.find((s) => s.assisterId === c.assisterId)!.changeId,
    started: !c.pendingChangeId,
  }));
  return { ok: true as const, inserted: imported.inserted, updated: imported.updated, wokenLeads, contactPointChanges };
}

export async function importAssisters(deps: { sql: Sql; client: Client; taskQueue?: string }, records: unknown[]) {
  const validation = validateDirectory(records);
  return validation.ok ? importDirectory(deps, validation.assisters) : validation;
}
