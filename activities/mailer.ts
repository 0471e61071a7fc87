// Email over TLS only: STARTTLS is required (or implicit TLS on port 465), certificates are always verified,
// and a private CA can be trusted through SMTP_CA_FILE. PII is never sent over an unencrypted connection.
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { mailConfig } from '../platform/config';

export type MailSettings = ReturnType<typeof mailConfig>;

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  attachments?: { filename: string; content: Buffer; contentType?: string }[];
}

export interface Mailer {
  from: string;
  coordinatorEmail: string;
  /** How long a send attempt holds its claim on an outbox row (a crashed attempt's claim lapses after this). */
  outboxLeaseSeconds: number;
  send(email: OutgoingEmail): Promise<{ accepted: string[] }>;
  close(): void;
}

export function createMailer(settings: MailSettings): Mailer {
  const transport = nodemailer.createTransport({
    // Pooled connections: one TLS handshake serves many messages.
    pool: true,
    maxConnections: 5,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: true,
    auth: settings.auth,
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true, ca: settings.caFile ? readFileSync(settings.caFile) : undefined },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    from: settings.from,
    coordinatorEmail: settings.coordinatorEmail,
    outboxLeaseSeconds: settings.outboxLeaseSeconds,
    async send(email) {
      const info = await transport.sendMail({ from: settings.from, ...email });
      return { accepted: info.accepted.map(String) };
    },
    close: () => transport.close(),
  };
}
