// PAL's own SMTP server, for what Mailpit (./mailpit.ts, the catcher of `npm run dev` and the test suites) cannot do:
// hold a message before accepting it, so the fault tests can kill a sender mid-send, and hand every message to a
// callback as it arrives, so the benchmarks count deliveries without an API. STARTTLS with the certificate made by
// scripts/setup.sh, no mail accepted before TLS, and every message kept as an .eml file (owner-only).
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort } from './ports';
import { tlsDir } from './tools';

export interface SmtpCatcher {
  port: number;
  mailDir: string;
  caFile: string;
  /** Holds each message this long before accepting it (to catch a sender mid-send, for fault tests). */
  setDelay(ms: number): void;
  stop(): Promise<void>;
}

export interface CaughtEnvelope {
  file: string;
  /** When the catcher accepted the message (ms since epoch). */
  acceptedAt: number;
  raw: Buffer;
}

export async function startSmtpCatcher(options: { mailDir: string; port?: number; onMessage?: (m: CaughtEnvelope) => void }): Promise<SmtpCatcher> {
  const port = options.port ?? (await freePort());
  const tls = tlsDir();
  mkdirSync(options.mailDir, { recursive: true, mode: 0o700 });
  chmodSync(options.mailDir, 0o700);
  let delayMs = 0;
  let seq = 0;
  // Like a real MTA, a message whose sender hung up before the 250 reply is not delivered.
  const closed = new Set<string>();
  const server = new SMTPServer({
    name: 'localhost',
    key: readFileSync(join(tls, 'server.key')),
    cert: readFileSync(join(tls, 'server.crt')),
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH'],
    size: 25 * 1024 * 1024,
    logger: false,
    onMailFrom(_address, session, callback) {
      if (!session.secure) return callback(Object.assign(new Error('Must issue a STARTTLS command first'), { responseCode: 530 }));
      callback();
    },
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        if (closed.has(session.id)) return;
        const name = `${Date.now()}-${String(++seq).padStart(6, '0')}.eml`;
        const raw = Buffer.concat(chunks);
        writeFileSync(join(options.mailDir, name), raw, { mode: 0o600 });
        callback();
        options.onMessage?.({ file: name, acceptedAt: Date.now(), raw });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', (e) => console.error('smtp catcher:', e.message));
  return {
    port,
    mailDir: options.mailDir,
    caFile: join(tls, 'ca.crt'),
    setDelay: (ms) => (delayMs = ms),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface CaughtMessage {
  file: string;
  mail: ParsedMail;
}

/** Every message the catcher in mailDir has received, oldest first. */
export async function readCaughtMessages(mailDir: string): Promise<CaughtMessage[]> {
  const files = readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const raw = readFileSync(join(mailDir, file));
      return { file, mail: await simpleParser(raw) };
    }),
  );
}
