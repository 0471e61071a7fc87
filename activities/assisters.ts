// The assister directory in PostgreSQL: saving an assister (import, add, update, suspension) with its change
// history, and the routable view routing needs.
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

/** Every assister with its open leads: those from outside PAL plus PAL's own open leads. */
export async function routableAssisters(sql: Sql): Promise<RoutableAssister[]> {
  const rows = await sql<RoutableAssister[]>`
    select a.id, a.type, a.status, a.capacity, a.latitude, a.longitude,
           a.external_open_leads + (select count(*)::int from leads l where l.assister_id = a.id and l.closed_at is null) as "openLeads"
    from assisters a`;
  return rows.map((r) => ({ ...r }));
}
