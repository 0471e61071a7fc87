// The consumer's "No one has contacted me" links (migration 025): a random token in the notice's link, kept here as
// its digest only, naming the lead and the assignment. Opening the link reads; asking for a follow-up uses it up.
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from './database';

/** A link lapses this long after its notice: long past any contact deadline, short enough not to linger. */
export const FOLLOW_UP_LINK_DAYS = 60;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new link's token for the lead's assignment (shown once, in the notice). */
export async function newFollowUpLink(sql: Sql, leadId: string, assignment: number, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + FOLLOW_UP_LINK_DAYS * 86_400_000);
  await sql`insert into consumer_follow_up_links (token_sha256, lead_id, assignment, expires_at) values (${digest(token)}, ${leadId}, ${assignment}, ${expiresAt})`;
  return token;
}

export interface FollowUpLink {
  leadId: string;
  assignment: number;
  expired: boolean;
  /** A follow-up was asked for this assignment (through this link or another of the same assignment). */
  asked: boolean;
  /** The lead's assignment now: another one means the request moved to another organization. */
  leadAssignment: number;
  status: string;
  closed: boolean;
  /** As intake took it: only the page's language is chosen from it. */
  preferredLanguage: string | null;
  organization: string | null;
  publicPhone: string | null;
  contactDeadlineAt: Date | null;
}

/** What a link's page shows; undefined for a token PAL never gave out. */
export async function followUpLink(sql: Sql, token: string): Promise<FollowUpLink | undefined> {
  if (!/^[\w-]{20,100}$/.test(token)) return undefined;
  const [link] = await sql<FollowUpLink[]>`
    select f.lead_id as "leadId", f.assignment, f.expires_at <= now() as expired,
           exists (select 1 from consumer_follow_up_links o where o.lead_id = f.lead_id and o.assignment = f.assignment and o.asked_at is not null) as asked,
           l.assignment as "leadAssignment", l.status, l.closed_at is not null as closed,
           l.intake #>> '{consumer,preferredLanguage}' as "preferredLanguage",
           a.name as organization, a.public_phone as "publicPhone", l.contact_deadline_at as "contactDeadlineAt"
    from consumer_follow_up_links f join leads l on l.id = f.lead_id
    left join lead_assignments la on la.lead_id = f.lead_id and la.assignment = f.assignment
    left join assisters a on a.id = la.assister_id
    where f.token_sha256 = ${digest(token)}`;
  return link;
}

/** Uses the link up for asking: false when it lapsed, or this assignment's follow-up was already asked. */
export async function markFollowUpAsked(sql: Sql, token: string): Promise<boolean> {
  const used = await sql`
    update consumer_follow_up_links f set asked_at = now()
    where token_sha256 = ${digest(token)} and asked_at is null and expires_at > now()
      and not exists (select 1 from consumer_follow_up_links o where o.lead_id = f.lead_id and o.assignment = f.assignment and o.asked_at is not null)
    returning token_sha256`;
  return used.length > 0;
}

/** The lead's workflow could not be told (Temporal unreachable): the link may ask again. */
export async function unmarkFollowUpAsked(sql: Sql, token: string): Promise<void> {
  await sql`update consumer_follow_up_links set asked_at = null where token_sha256 = ${digest(token)}`;
}
