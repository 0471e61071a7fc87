// Reads what Mailpit caught through its API (https://mailpit.axllent.org/docs/api-v1/), for the suites that run
// against a stack with `smtp: { kind: 'mailpit' }` (client/devstack/mailpit.ts), as the shared test stack does: list,
// search by subject, recipient, sender, Message-ID or text, one message's text, HTML, headers and attachments, and
// waiting for mail to arrive.
import { eventually } from './eventually';

export interface MailpitAddress {
  Name: string;
  Address: string;
}

/** What Mailpit tells of every message. */
interface MailpitHeading {
  ID: string;
  MessageID: string;
  From: MailpitAddress | null;
  To: MailpitAddress[];
  Cc: MailpitAddress[] | null;
  Subject: string;
  Size: number;
}

/** A message in a list: no body, a snippet of it. */
export interface MailpitSummary extends MailpitHeading {
  Created: string;
  Snippet: string;
  Read: boolean;
  Attachments: number;
}

export interface MailpitAttachment {
  PartID: string;
  FileName: string;
  ContentType: string;
  Size: number;
}

/** A whole message as Mailpit parsed it (its text's lines ending in \n). Getting one marks it read. */
export interface MailpitMessage extends MailpitHeading {
  Date: string;
  Text: string;
  HTML: string;
  Attachments: MailpitAttachment[];
}

/** Which messages: every condition given must hold (subject contains, recipient is, sender is, Message-ID is, text). */
export interface MailFilter {
  subject?: string;
  to?: string;
  from?: string;
  /** With or without its angle brackets. */
  messageId?: string;
  /** Mailpit's own match, case-insensitive, anywhere in the subject, addresses or body: a summary has no body to check it again. */
  text?: string;
}

export interface MailpitClient {
  url: string;
  /** The newest messages first, at most `limit`. */
  list(limit?: number): Promise<MailpitSummary[]>;
  /** Messages matching the filter, newest first (Mailpit's search narrows, then each condition is checked exactly). */
  search(filter: MailFilter): Promise<MailpitSummary[]>;
  message(id: string): Promise<MailpitMessage>;
  headers(id: string): Promise<Record<string, string[]>>;
  /** The message as it arrived (RFC 5322 source). */
  raw(id: string): Promise<string>;
  /** An attachment's content, by the PartID of MailpitMessage.Attachments. */
  attachment(id: string, partId: string): Promise<Buffer>;
  /** Waits until at least `count` messages match, then returns them (fails after timeoutMs, saying what it saw). */
  waitFor(filter: MailFilter, options?: { count?: number; timeoutMs?: number }): Promise<MailpitSummary[]>;
  deleteAll(): Promise<void>;
}

export function mailpitClient(url: string): MailpitClient {
  const base = url.replace(/\/$/, '');
  const call = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${base}${path}`, init);
    if (!res.ok) throw new Error(`Mailpit ${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  const json = async <T>(path: string) => (await call(path)).json() as Promise<T>;

  const list = async (limit = 250) => (await json<{ messages: MailpitSummary[] }>(`/api/v1/messages?limit=${limit}`)).messages;
  const search = async (filter: MailFilter) => {
    // Quotes group words in Mailpit's search syntax and cannot be escaped: they are left out of the query only.
    const term = (key: string, value?: string) => (value ? [`${key && `${key}:`}"${value.replace(/"/g, ' ').trim()}"`] : []);
    const query = [...term('subject', filter.subject), ...term('to', filter.to), ...term('from', filter.from), ...term('message-id', bare(filter.messageId)), ...term('', filter.text)].join(' ');
    const found = query ? (await json<{ messages: MailpitSummary[] }>(`/api/v1/search?limit=250&query=${encodeURIComponent(query)}`)).messages : await list();
    return found.filter((m) => matches(m, filter));
  };
  return {
    url: base,
    list,
    search,
    async message(id) {
      const m = await json<MailpitMessage>(`/api/v1/message/${encodeURIComponent(id)}`);
      // SMTP carries lines ending in CRLF, and Mailpit keeps them: the text reads as the sender wrote it.
      return { ...m, Text: m.Text.replace(/\r\n/g, '\n') };
    },
    headers: (id) => json<Record<string, string[]>>(`/api/v1/message/${encodeURIComponent(id)}/headers`),
    raw: async (id) => (await call(`/api/v1/message/${encodeURIComponent(id)}/raw`)).text(),
    attachment: async (id, partId) => Buffer.from(await (await call(`/api/v1/message/${encodeURIComponent(id)}/part/${encodeURIComponent(partId)}`)).arrayBuffer()),
    async waitFor(filter, { count = 1, timeoutMs = 15_000 } = {}) {
      const found = await eventually(() => search(filter), (m) => m.length >= count, timeoutMs);
      if (found.length < count) {
        const seen = (await list(20)).map((m) => `  ${m.To.map((a) => a.Address).join(', ')}: ${m.Subject}`);
        throw new Error(`Mailpit: ${found.length} of ${count} message(s) matching ${JSON.stringify(filter)} after ${timeoutMs} ms. Newest there:\n${seen.join('\n') || '  (none)'}`);
      }
      return found;
    },
    async deleteAll() {
      await call('/api/v1/messages', { method: 'DELETE' });
    },
  };
}

const bare = (messageId?: string) => messageId?.replace(/^<(.*)>$/, '$1');
const sameAddress = (a: MailpitAddress | null | undefined, address: string) => a?.Address.toLowerCase() === address.toLowerCase();

function matches(m: MailpitSummary, filter: MailFilter): boolean {
  if (filter.subject !== undefined && !m.Subject.includes(filter.subject)) return false;
  if (filter.to !== undefined && !m.To.some((a) => sameAddress(a, filter.to!))) return false;
  if (filter.from !== undefined && !sameAddress(m.From, filter.from)) return false;
  if (filter.messageId !== undefined && m.MessageID !== bare(filter.messageId)) return false;
  return true;
}
