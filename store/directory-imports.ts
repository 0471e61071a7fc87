// A directory import as the coordinator's pages preview it: the import's own transaction (importDirectoryRecords)
// run and rolled back, so the preview shows exactly what Apply import would write; and the previewed file, kept by
// its SHA-256 for a day (each uploader's newest few), claimed by the one Apply import that applies it.
import type { Assister, AssisterRecord } from '../domain/assister';
import { importDirectoryRecords, type ImportedContactPoint, type ImportProblem } from './assisters';
import type { Sql } from './database';

export interface ImportPreview {
  added: { id: string; name: string }[];
  changed: { id: string; name: string; changes: Record<string, [unknown, unknown]> }[];
  /** Existing assisters whose contact point would change (through a confirmed contact-point change). */
  contactPoints: ImportedContactPoint[];
  unchanged: number;
  /** In the directory, not in the file: an import never removes or suspends them. */
  notInFile: Pick<AssisterRecord, 'id' | 'name' | 'status'>[];
}

const ROLLBACK = Symbol('preview only');

/** What importing these records would change now, or why the import would be refused; nothing is written. */
export async function previewDirectoryImport(sql: Sql, assisters: readonly Assister[], by = 'coordinator'): Promise<{ ok: true; preview: ImportPreview } | { ok: false; problems: ImportProblem[] }> {
  let outcome: { ok: true; preview: ImportPreview } | { ok: false; problems: ImportProblem[] } | undefined;
  try {
    await sql.begin(async (tx) => {
      // On the transaction's own connection: a second one from the pool, while this one waits, could deadlock it.
      const directory = await tx<Pick<AssisterRecord, 'id' | 'name' | 'status'>[]>`select id, name, status from assisters order by id`;
      const before = new Map(directory.map((a) => [a.id, a]));
      const result = await importDirectoryRecords(tx, assisters, by);
      if (!result.ok) {
        outcome = result;
        throw ROLLBACK;
      }
      // The rows this transaction wrote (now() is the transaction's start): what the import records as changed.
      const rows = await tx<{ assisterId: string; change: Record<string, [unknown, unknown]> }[]>`
        select assister_id as "assisterId", change from assister_changes where at = now() and kind = 'imported' and changed_by = ${by}
          and assister_id = any(${assisters.map((a) => a.id)}::text[]) order by id`;
      const changes = new Map(rows.map((r) => [r.assisterId, r.change]));
      const inFile = new Set(assisters.map((a) => a.id));
      outcome = {
        ok: true,
        preview: {
          added: assisters.filter((a) => !before.has(a.id)).map((a) => ({ id: a.id, name: a.name })),
          changed: assisters.filter((a) => before.has(a.id) && changes.has(a.id)).map((a) => ({ id: a.id, name: a.name, changes: changes.get(a.id)! })),
          contactPoints: result.contactPoints,
          unchanged: assisters.filter((a) => before.has(a.id) && !changes.has(a.id) && !result.contactPoints.some((c) => c.assisterId === a.id)).length,
          notInFile: [...before.values()].filter((a) => !inFile.has(a.id)).map(({ id, name, status }) => ({ id, name, status })),
        },
      };
      throw ROLLBACK;
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  return outcome!;
}

/** The files kept for each uploader at most: a newer upload replaces the oldest (with its preview). */
export const KEPT_IMPORT_FILES = 10;

/** Keeps a previewed file's records by the file's digest (a file previewed again keeps its first upload). */
export async function keepImportFile(sql: Sql, file: { sha256: string; fileName: string; records: unknown[]; uploadedBy: string }): Promise<void> {
  await sql`delete from directory_import_files where uploaded_at < now() - interval '1 day'`;
  await sql`insert into directory_import_files (sha256, file_name, records, uploaded_by)
            values (${file.sha256}, ${file.fileName}, ${sql.json(file.records as never)}, ${file.uploadedBy})
            on conflict (sha256) do update set applied_at = null, uploaded_at = now()`;
  await sql`delete from directory_import_files where uploaded_by = ${file.uploadedBy} and sha256 not in (
              select sha256 from directory_import_files where uploaded_by = ${file.uploadedBy} order by uploaded_at desc, sha256 limit ${KEPT_IMPORT_FILES})`;
}

/** A previewed file not yet applied, by its digest. */
export async function importFile(sql: Sql, sha256: string): Promise<{ fileName: string; records: unknown[] } | undefined> {
  const [row] = await sql<{ fileName: string; records: unknown[] }[]>`
    select file_name as "fileName", records from directory_import_files where sha256 = ${sha256} and applied_at is null and uploaded_at > now() - interval '1 day'`;
  return row;
}

/**
 * Claims a previewed file for its Apply import, before anything is imported: once only, so of two Apply posts of the
 * same file only one gets it (the other finds none).
 */
export async function claimImportFile(sql: Sql, sha256: string): Promise<{ fileName: string; records: unknown[] } | undefined> {
  const [row] = await sql<{ fileName: string; records: unknown[] }[]>`
    update directory_import_files set applied_at = now() where sha256 = ${sha256} and applied_at is null and uploaded_at > now() - interval '1 day'
    returning file_name as "fileName", records`;
  return row;
}

/** Gives a claimed file back when its import did not go ahead (refused, or failed). */
export async function releaseImportFile(sql: Sql, sha256: string): Promise<void> {
  await sql`update directory_import_files set applied_at = null where sha256 = ${sha256}`;
}

/** How many requests to change each assister are recorded but not yet carried out by their workflow. */
export async function waitingRequests(sql: Sql): Promise<Map<string, number>> {
  const rows = await sql<{ assisterId: string; n: number }[]>`select assister_id as "assisterId", count(*)::int as n from assister_requests where applied_at is null group by assister_id`;
  return new Map(rows.map((r) => [r.assisterId, r.n]));
}
