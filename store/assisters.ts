// The assister directory in PostgreSQL: one assister's record, saving it (import, add, update, suspension, contact
// point) with its change history, the directory as routing and the coordinator see it.
import { assisterChanges, type Assister, type AssisterRecord } from '../domain/assister';
import type { RoutableAssister } from '../domain/routing';
import { minnesotaZipLocation } from '../domain/zip';
import type { Sql, Tx } from './database';

export type ChangeKind = 'added' | 'updated' | 'imported' | 'suspended' | 'resumed' | 'contact-point-changed';

export async function assisterRecord(sql: Sql | Tx, id: string, lock = false): Promise<AssisterRecord | undefined> {
  const [row] = await sql<AssisterRecord[]>`
    select id, name, type, zip, email, status, capacity, external_open_leads as "openLeads" from assisters where id = ${id}
    ${lock ? sql`for update` : sql``}`;
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
 * why. Returns the fields that changed (empty when nothing did).
 */
export async function saveAssister(tx: Tx, a: Assister, source: ChangeSource): Promise<Record<string, [unknown, unknown]>> {
  const before = await assisterRecord(tx, a.id, true);
  const at = minnesotaZipLocation(a.zip)!;
  const openLeads = a.openLeads ?? before?.openLeads ?? 0;
  await tx`
    insert into assisters (id, name, type, zip, latitude, longitude, email, status, capacity, external_open_leads)
    values (${a.id}, ${a.name}, ${a.type}, ${a.zip}, ${at.latitude}, ${at.longitude}, ${a.email}, ${a.status}, ${a.capacity}, ${openLeads})
    on conflict (id) do update set name = excluded.name, type = excluded.type, zip = excluded.zip, latitude = excluded.latitude,
      longitude = excluded.longitude, email = excluded.email, status = excluded.status, capacity = excluded.capacity,
      external_open_leads = excluded.external_open_leads, updated_at = now()`;
  const changes = assisterChanges(before, { ...a, openLeads });
  if (Object.keys(changes).length)
    await tx`insert into assister_changes (assister_id, kind, changed_by, change, request_id)
             values (${a.id}, ${source.kind ?? (before ? 'updated' : 'added')}, ${source.by}, ${tx.json({ ...changes, ...(source.reason && { reason: source.reason }) } as never)}, ${source.requestId ?? null})
             on conflict do nothing`;
  return changes;
}

/** A directory import: all records in one transaction, each change recorded as "imported". */
export async function upsertAssisters(sql: Sql, assisters: readonly Assister[], by = 'coordinator'): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  await sql.begin(async (tx) => {
    for (const a of assisters) {
      const existed = await assisterRecord(tx, a.id);
      await saveAssister(tx, a, { by, kind: 'imported' });
      if (!existed) inserted++;
    }
  });
  return { inserted, updated: assisters.length - inserted };
}

/** An assister's open leads: those from outside PAL plus PAL's own open leads. */
const openLeads = (sql: Sql) => sql`a.external_open_leads + (select count(*)::int from leads l where l.assister_id = a.id and l.closed_at is null)`;

/** Every assister with its open leads, as routing weighs them. */
export async function routableAssisters(sql: Sql): Promise<RoutableAssister[]> {
  const rows = await sql<RoutableAssister[]>`
    select a.id, a.type, a.status, a.capacity, a.latitude, a.longitude, ${openLeads(sql)} as "openLeads" from assisters a`;
  return rows.map((r) => ({ ...r }));
}

/** The directory record as the coordinator sees it: openLeads counts PAL's open leads too. */
export interface AssisterSummary extends AssisterRecord {
  pendingContactPoint: string | null;
}

export async function listAssisters(sql: Sql, id?: string): Promise<AssisterSummary[]> {
  return sql<AssisterSummary[]>`
    select a.id, a.name, a.type, a.zip, a.email, a.status, a.capacity, ${openLeads(sql)} as "openLeads",
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
