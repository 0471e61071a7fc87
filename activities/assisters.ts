// The assister directory in PostgreSQL: import (insert or update), and the routable view routing needs.
import type { Assister } from '../domain/assister';
import type { RoutableAssister } from '../domain/routing';
import { minnesotaZipLocation } from '../domain/zip';
import type { Sql } from './database';

export async function upsertAssisters(sql: Sql, assisters: readonly Assister[]): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  await sql.begin(async (tx) => {
    for (const a of assisters) {
      const at = minnesotaZipLocation(a.zip)!;
      const [row] = await tx<{ inserted: boolean }[]>`
        insert into assisters (id, name, type, zip, latitude, longitude, email, status, capacity, external_open_leads)
        values (${a.id}, ${a.name}, ${a.type}, ${a.zip}, ${at.latitude}, ${at.longitude}, ${a.email}, ${a.status}, ${a.capacity}, ${a.openLeads ?? 0})
        on conflict (id) do update set name = excluded.name, type = excluded.type, zip = excluded.zip, latitude = excluded.latitude,
          longitude = excluded.longitude, email = excluded.email, status = excluded.status, capacity = excluded.capacity,
          external_open_leads = ${a.openLeads === undefined ? sql`assisters.external_open_leads` : a.openLeads}, updated_at = now()
        returning (xmax = 0) as inserted`;
      if (row?.inserted) inserted++;
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
