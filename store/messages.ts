// Messages between a lead's assister and the coordinators: a thread per lead and assister (migration 021). Posting
// keeps the thread's wait for an answer (domain/messages.ts) on its row, so the coordinators' queue reads an index.
import { awaitingAnswerAfter, type MessageSide } from '../domain/messages';
import type { Sql } from './database';

export interface LeadMessage {
  id: number;
  /** Whose thread: the assister the lead had when the message was written. */
  assisterId: string;
  assisterName: string;
  side: MessageSide;
  /** The person's or the staff member's email address. */
  author: string;
  sentAt: Date;
  body: string;
}

/** The lead's messages, oldest first: of one assister's thread (the portal), or of every thread (staff). */
export async function leadMessages(sql: Sql, leadId: string, assisterId?: string): Promise<LeadMessage[]> {
  return sql<LeadMessage[]>`
    select m.id::int, m.assister_id as "assisterId", a.name as "assisterName", m.side, coalesce(p.email, s.email) as author, m.sent_at as "sentAt", m.body
    from lead_messages m join assisters a on a.id = m.assister_id
         left join portal_people p on p.id = m.person_id left join staff s on s.id = m.staff_id
    where m.lead_id = ${leadId} ${assisterId === undefined ? sql`` : sql`and m.assister_id = ${assisterId}`}
    order by m.id`;
}

export interface NewMessage {
  leadId: string;
  /** The lead's assister: a message goes only to the thread of the assister the lead has now. */
  assisterId: string;
  side: MessageSide;
  personId?: number;
  staffId?: number;
  body: string;
  formKey: string;
}

/**
 * Posts a message to the thread of the lead's current assister. The same form key again (a retry, a double click)
 * returns the message it posted the first time (created false). 'not-current' when the lead no longer has this
 * assister; 'key-used' when the key belongs to another message.
 */
export async function postMessage(sql: Sql, m: NewMessage): Promise<{ id: number; created: boolean } | 'not-current' | 'key-used'> {
  return sql.begin(async (tx) => {
    // The lead's row first, shared: a reassignment (which updates it) waits until this message is in, or this
    // message waits for the reassignment and finds the lead no longer with this assister.
    const [lead] = await tx`select 1 from leads where id = ${m.leadId} and assister_id = ${m.assisterId} and purged_at is null for share`;
    if (!lead) return 'not-current';
    await tx`insert into lead_threads (lead_id, assister_id) values (${m.leadId}, ${m.assisterId}) on conflict do nothing`;
    // The thread's row (there now), locked: messages to one thread are posted one at a time.
    const [thread] = await tx<{ since: Date | null }[]>`
      select awaiting_since as since from lead_threads where lead_id = ${m.leadId} and assister_id = ${m.assisterId} for update`;
    const [posted] = await tx<{ id: number; sentAt: Date }[]>`
      insert into lead_messages (lead_id, assister_id, side, person_id, staff_id, body, form_key)
      values (${m.leadId}, ${m.assisterId}, ${m.side}, ${m.personId ?? null}, ${m.staffId ?? null}, ${m.body}, ${m.formKey})
      on conflict (form_key) do nothing returning id::int, sent_at as "sentAt"`;
    if (!posted) {
      const [earlier] = await tx<{ id: number }[]>`
        select id::int from lead_messages where form_key = ${m.formKey} and lead_id = ${m.leadId} and assister_id = ${m.assisterId}
          and person_id is not distinct from ${m.personId ?? null} and staff_id is not distinct from ${m.staffId ?? null}`;
      return earlier ? { id: earlier.id, created: false } : 'key-used';
    }
    const since = awaitingAnswerAfter(thread!.since, { side: m.side, sentAt: posted.sentAt });
    await tx`update lead_threads set awaiting_since = ${since} where lead_id = ${m.leadId} and assister_id = ${m.assisterId}`;
    return { id: posted.id, created: true };
  });
}

/** What the email announcing a message needs: whose side wrote it, the lead's reference number, and the contact
 * point of the thread's assister. */
export interface MessageToAnnounce {
  side: MessageSide;
  referenceNumber: number;
  assisterEmail: string;
}

export async function messageToAnnounce(sql: Sql, messageId: number): Promise<MessageToAnnounce | undefined> {
  const [m] = await sql<MessageToAnnounce[]>`
    select m.side, l.reference_number::float8 as "referenceNumber", a.email as "assisterEmail"
    from lead_messages m join leads l on l.id = m.lead_id join assisters a on a.id = m.assister_id
    where m.id = ${messageId}`;
  return m;
}

export interface WaitingThread {
  leadId: string;
  referenceNumber: number;
  assisterId: string;
  assisterName: string;
  since: Date;
}

/** How many waiting threads the queue lists at most. */
export const WAITING_LIMIT = 200;

/** Threads of leads' current assisters waiting for an answer since before `before`, oldest first. */
export async function threadsWaitingSince(sql: Sql, before: Date, limit = WAITING_LIMIT): Promise<WaitingThread[]> {
  return sql<WaitingThread[]>`
    select t.lead_id as "leadId", l.reference_number::float8 as "referenceNumber", t.assister_id as "assisterId", a.name as "assisterName", t.awaiting_since as since
    from lead_threads t join leads l on l.id = t.lead_id and l.assister_id = t.assister_id join assisters a on a.id = t.assister_id
    where t.awaiting_since is not null and t.awaiting_since < ${before}
    order by t.awaiting_since, t.lead_id limit ${limit}`;
}
