// The assister directory in PostgreSQL: one assister's record, saving it (import, add, update, suspension, contact
// point) with its change history, the directory as routing and the coordinator see it.
import { assisterChanges, suspendedByAfter, type Assister, type AssisterRecord } from '../domain/assister';
import type { RoutableAssister } from '../domain/routing';
import { certificationSubject } from '../domain/escalations';
import { minnesotaZipLocation } from '../domain/zip';
import type { Sql, Tx } from './database';
import { pendingContactPointChange } from './directory-requests';
import { clearEscalationsAbout } from './escalations';

export type ChangeKind = 'added' | 'updated' | 'imported' | 'suspended' | 'resumed' | 'contact-point-changed';

const recordColumns = (sql: Sql | Tx) =>
  sql`id, name, type, zip, email, status, capacity, external_open_leads as "openLeads", certification, certification_expires::text as "certificationExpires", suspended_by as "suspendedBy",
       public_phone as "publicPhone", languages`;

export async function assisterRecord(sql: Sql | Tx, id: string, lock = false): Promise<AssisterRecord | undefined> {
  const [row] = await sql<AssisterRecord[]>`select ${recordColumns(sql)} from assisters where id = ${id} ${lock ? sql`for update` : sql``}`;
  return row;
}

export interface ChangeSource {
  /** "coordinator", "assister:<id>". */
  by: string;
  kind?: ChangeKind;
  /** The request that made the change: a retried request records it once. */
  requestId?: string;
  /** Why, when the requester said (a suspension's reason); kept in the history beside the fields. */
  reason?: string;
}

/**
 * Inserts or updates one assister inside the caller's transaction and records what changed, who changed it and
 * why. Fields not given (openLeads, certification, publicPhone) keep what is stored (a publicPhone of null removes
 * it); a suspension records who imposed it.
 * Returns the fields that changed (empty when nothing did).
 */
export async function saveAssister(tx: Tx, a: Assister | AssisterRecord, source: ChangeSource): Promise<Record<string, [unknown, unknown]>> {
  const before = await assisterRecord(tx, a.id, true);
  const at = minnesotaZipLocation(a.zip)!;
  const after: AssisterRecord = {
    ...a,
    openLeads: a.openLeads ?? before?.openLeads ?? 0,
    certification: a.certification ?? before?.certification ?? null,
    certificationExpires: a.certificationExpires ?? before?.certificationExpires ?? '',
    publicPhone: a.publicPhone === undefined ? (before?.publicPhone ?? null) : a.publicPhone,
    languages: a.languages ?? before?.languages ?? [],
    suspendedBy: suspendedByAfter(before, a.status, source.by, source.kind === 'suspended'),
  };
  if (!after.certificationExpires) throw new Error(`Assister ${a.id} has no certification expiry date`);
  await tx`
    insert into assisters (id, name, type, zip, latitude, longitude, email, status, capacity, external_open_leads, certification, certification_expires, suspended_by, public_phone, languages)
    values (${a.id}, ${a.name}, ${a.type}, ${a.zip}, ${at.latitude}, ${at.longitude}, ${a.email}, ${a.status}, ${a.capacity}, ${after.openLeads},
            ${after.certification}, ${after.certificationExpires}, ${after.suspendedBy}, ${after.publicPhone}, ${after.languages})
    on conflict (id) do update set name = excluded.name, type = excluded.type, zip = excluded.zip, latitude = excluded.latitude,
      longitude = excluded.longitude, email = excluded.email, status = excluded.status, capacity = excluded.capacity,
      external_open_leads = excluded.external_open_leads, certification = excluded.certification,
      certification_expires = excluded.certification_expires, suspended_by = excluded.suspended_by, public_phone = excluded.public_phone,
      languages = excluded.languages, updated_at = now()`;
  const changes = assisterChanges(before, after);
  // Another expiry recorded: the alert about the old one is over (a new one opens if this one is near too).
  if (before && changes.certificationExpires) await clearEscalationsAbout(tx, certificationSubject(a.id, before.certificationExpires), 'certification expiry updated');
  if (Object.keys(changes).length)
    await tx`insert into assister_changes (assister_id, kind, changed_by, change, request_id)
             values (${a.id}, ${source.kind ?? (before ? 'updated' : 'added')}, ${source.by}, ${tx.json({ ...changes, ...(source.reason && { reason: source.reason }) } as never)}, ${source.requestId ?? null})
             on conflict do nothing`;
  return changes;
}

/** A record of an import that PAL will not take, by its number in the file. */
export interface ImportProblem {
  record: number;
  field: string;
  message: string;
}

/** An existing assister whose contact email differs in the import: it changes only through a confirmed change. */
export interface ImportedContactPoint {
  record: number;
  assisterId: string;
  oldEmail: string;
  newEmail: string;
  /** A change to this address is already waiting for confirmation: none is started again. */
  pendingChangeId?: string;
}

export type DirectoryImport =
  | { ok: true; inserted: number; updated: number; contactPoints: ImportedContactPoint[] }
  | { ok: false; problems: ImportProblem[] };

/**
 * A directory import inside the caller's transaction, all or nothing. New assisters are inserted (with their
 * certification); existing ones are updated except their contact point, which changes only through a confirmed
 * contact-point change (returned, for the caller to start), and their status, which only a suspension or resumption
 * changes: a record that would change a status refuses the whole import, each such record listed with the reason.
 * Every change is recorded as "imported".
 */
export async function importDirectoryRecords(tx: Tx, assisters: readonly Assister[], by = 'coordinator'): Promise<DirectoryImport> {
  const problems: ImportProblem[] = [];
  const contactPoints: ImportedContactPoint[] = [];
  const existing = new Map<string, AssisterRecord>();
  for (const [i, a] of assisters.entries()) {
    const record = i + 1;
    const before = await assisterRecord(tx, a.id, true);
    if (!before) {
      if (!a.certification || !a.certificationExpires)
        problems.push({ record, field: a.certification ? 'certificationExpires' : 'certification', message: 'A new assister needs its certification and certificationExpires' });
      continue;
    }
    existing.set(a.id, before);
    if (a.status !== before.status)
      problems.push({ record, field: 'status', message: `status would change from ${before.status} to ${a.status}: an import never changes a status; use pal assister ${a.status === 'active' ? 'resume' : 'suspend'}` });
    if (a.email.toLowerCase() === before.email.toLowerCase()) continue;
    const pending = await pendingContactPointChange(tx, a.id);
    if (pending && pending.newEmail.toLowerCase() !== a.email.toLowerCase())
      problems.push({ record, field: 'email', message: 'A change of contact point to another address is waiting for confirmation; confirm or cancel it first' });
    else contactPoints.push({ record, assisterId: a.id, oldEmail: before.email, newEmail: a.email, ...(pending && { pendingChangeId: pending.id }) });
  }
  if (problems.length) return { ok: false, problems };
  for (const a of assisters) {
    const before = existing.get(a.id);
    await saveAssister(tx, before ? { ...a, email: before.email, status: before.status } : a, { by, kind: 'imported' });
  }
  return { ok: true, inserted: assisters.length - existing.size, updated: existing.size, contactPoints };
}

/**
 * Writes assisters as an import would, for seeding a directory (tests, benchmarks); refuses what an import refuses,
 * and a changed contact point (only the API's import starts the change's workflow).
 */
export async function upsertAssisters(sql: Sql, assisters: readonly Assister[], by = 'coordinator'): Promise<{ inserted: number; updated: number }> {
  return sql.begin(async (tx) => {
    const result = await importDirectoryRecords(tx, assisters, by);
    if (!result.ok) throw new Error(`Directory refused: ${result.problems.map((p) => `record ${p.record}, ${p.field}: ${p.message}`).join('; ')}`);
    if (result.contactPoints.length) throw new Error(`A contact point changes only through the API's import: ${result.contactPoints.map((c) => c.assisterId).join(', ')}`);
    return { inserted: result.inserted, updated: result.updated };
  });
}

/** An assister's open leads: those from outside PAL plus PAL's own open leads. */
const openLeads = (sql: Sql) => sql`a.external_open_leads + (select count(*)::int from leads l where l.assister_id = a.id and l.closed_at is null)`;

/** Every assister with its open leads and certification, as routing weighs them. */
export async function routableAssisters(sql: Sql): Promise<RoutableAssister[]> {
  const rows = await sql<RoutableAssister[]>`
    select a.id, a.type, a.status, a.capacity, a.latitude, a.longitude, ${openLeads(sql)} as "openLeads",
           a.certification_expires::text as "certificationExpires", a.languages
    from assisters a`;
  return rows.map((r) => ({ ...r }));
}

/** The directory record as the coordinator sees it: openLeads counts PAL's open leads too. */
export interface AssisterSummary extends AssisterRecord {
  pendingContactPoint: string | null;
}

export async function listAssisters(sql: Sql, id?: string): Promise<AssisterSummary[]> {
  return sql<AssisterSummary[]>`
    select a.id, a.name, a.type, a.zip, a.email, a.status, a.capacity, ${openLeads(sql)} as "openLeads",
           a.certification, a.certification_expires::text as "certificationExpires", a.suspended_by as "suspendedBy", a.public_phone as "publicPhone", a.languages,
           (select c.new_email from contact_point_changes c where c.assister_id = a.id and c.confirmed_at is null and c.cancelled_at is null and c.expired_at is null) as "pendingContactPoint"
    from assisters a ${id ? sql`where a.id = ${id}` : sql``} order by a.id`;
}

export interface AssisterChange {
  at: Date;
  kind: string;
  changedBy: string;
  change: Record<string, unknown>;
}

/** Every change to the assister, oldest first. */
export async function assisterHistory(sql: Sql, id: string): Promise<AssisterChange[]> {
  return sql<AssisterChange[]>`select at, kind, changed_by as "changedBy", change from assister_changes where assister_id = ${id} order by id`;
}
