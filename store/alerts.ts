// Alert episodes (migration 029): a problem PAL's health check found, from when it was raised until it cleared,
// and whether the coordinator has been emailed about each end.
import type { Sql } from './database';

export interface AlertEpisode {
  id: string;
  kind: string;
  subject: string;
  summary: string;
  raisedAt: Date;
  notifiedAt: Date | null;
  clearedAt: Date | null;
  clearedNotifiedAt: Date | null;
}

const columns = (sql: Sql) => sql`id::text, kind, subject, summary, raised_at as "raisedAt", notified_at as "notifiedAt", cleared_at as "clearedAt", cleared_notified_at as "clearedNotifiedAt"`;

export const openAlertEpisodes = (sql: Sql) => sql<AlertEpisode[]>`select ${columns(sql)} from alert_episodes where cleared_at is null order by id`;

/** Episodes with an email still to send: raised and not notified, or cleared and the clearing not notified. */
export const unnotifiedAlertEpisodes = (sql: Sql) =>
  sql<AlertEpisode[]>`select ${columns(sql)} from alert_episodes where notified_at is null or (cleared_at is not null and cleared_notified_at is null) order by id`;

/** Opens an episode unless one of the same problem is open (another process may have just opened it). */
export async function raiseAlertEpisode(sql: Sql, problem: { kind: string; subject: string; summary: string }): Promise<void> {
  await sql`insert into alert_episodes (kind, subject, summary) values (${problem.kind}, ${problem.subject}, ${problem.summary})
            on conflict (kind, subject) where cleared_at is null do nothing`;
}

export async function clearAlertEpisode(sql: Sql, id: string): Promise<void> {
  await sql`update alert_episodes set cleared_at = now() where id = ${id} and cleared_at is null`;
}

export async function markAlertNotified(sql: Sql, id: string, end: 'raised' | 'cleared'): Promise<void> {
  if (end === 'raised') await sql`update alert_episodes set notified_at = coalesce(notified_at, now()) where id = ${id}`;
  else await sql`update alert_episodes set cleared_notified_at = coalesce(cleared_notified_at, now()) where id = ${id}`;
}

/** Emails not sent whose row is older than `minutes`: how many, and how long the oldest has waited. */
export async function stuckOutbox(sql: Sql, minutes: number): Promise<{ count: number; oldestMinutes: number }> {
  const [row] = await sql<{ count: number; oldestMinutes: number | null }[]>`
    select count(*)::int as count, floor(extract(epoch from now() - min(created_at)) / 60)::int as "oldestMinutes"
    from outbox where status <> 'sent' and created_at < now() - make_interval(mins => ${minutes})`;
  return { count: row!.count, oldestMinutes: row!.oldestMinutes ?? 0 };
}

/**
 * Which of several processes checks PAL's health: the one holding a session advisory lock on a connection of its own.
 * Each check asks again (a lost connection loses the lock, and another process takes it); release() gives it up.
 */
export function alertLeadership(sql: Sql): { hold(): Promise<boolean>; release(): Promise<void> } {
  let held: Awaited<ReturnType<Sql['reserve']>> | undefined;
  const drop = () => {
    held?.release();
    held = undefined;
  };
  return {
    async hold() {
      try {
        held ??= await sql.reserve();
        // Taken again by its holder it stacks (release() undoes all); another session gets false.
        const [row] = await held<{ locked: boolean }[]>`select pg_try_advisory_lock(hashtext('pal.alerts')) as locked`;
        if (!row!.locked) drop();
        return row!.locked;
      } catch (err) {
        drop();
        throw err;
      }
    },
    async release() {
      if (!held) return;
      await held`select pg_advisory_unlock_all()`.catch(() => undefined);
      drop();
    },
  };
}
