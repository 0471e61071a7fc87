// Exactly-once email per key (lead + purpose, check id, …). The row is written before sending and marked sent
// after, so a retried activity that already sent returns without sending again. The Message-ID is derived from
// the key: if a crash falls between the SMTP accept and the mark, the duplicate carries the same Message-ID.
import { createHash } from 'node:crypto';
import type { Sql } from '../store/database';
import type { Mailer, OutgoingEmail } from './mailer';

export interface OutboxResult {
  messageId: string;
  alreadySent: boolean;
}

export function messageIdFor(key: string, from: string): string {
  const domain = from.split('@')[1] ?? 'pal.invalid';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}


export async function sendOnce(sql: Sql, mailer: Mailer, key: string, email: Omit<OutgoingEmail, 'messageId'>): Promise<OutboxResult> {
  const messageId = messageIdFor(key, mailer.from);
  await sql`insert into outbox (key, recipient, message_id) values (${key}, ${email.to}, ${messageId}) on conflict (key) do nothing`;
  const claimed = await sql`update outbox set status = 'sending', lease_until = now() + make_interval(secs => ${mailer.outboxLeaseSeconds})
                            where key = ${key} and (status = 'pending' or (status = 'sending' and lease_until < now())) returning key`;
  if (!claimed.length) {
    const [row] = await sql<{ status: string }[]>`select status from outbox where key = ${key}`;
    if (row?.status === 'sent') return { messageId, alreadySent: true };
    throw new Error(`Email ${key} is being sent by another attempt`);
  }
  try {
    await mailer.send({ ...email, messageId });
  } catch (err) {
    const e = err as { code?: string; responseCode?: number; message?: string };
    await sql`update outbox set status = 'pending', lease_until = null, attempts = attempts + 1, last_error = ${e.message ?? String(err)} where key = ${key}`;
    // The SMTP server's text may echo addresses; the error that reaches Temporal carries codes only.
    throw new Error(`Email ${key} not delivered yet: SMTP ${e.code ?? 'error'} ${e.responseCode ?? ''}`.trim());
  }
  await sql`update outbox set status = 'sent', lease_until = null, attempts = attempts + 1, last_error = null, sent_at = now() where key = ${key}`;
  return { messageId, alreadySent: false };
}
