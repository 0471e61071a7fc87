// Email goes only over verified TLS, and the outbox sends each keyed email exactly once. The shared Mailpit takes
// mail only after STARTTLS (test/e2e/mailpit.test.ts), so a message it holds came over TLS.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { connectDatabase, migrate, type Sql } from '../../store/database';
import { createMailer, type OutgoingEmail } from '../../activities/mailer';
import { sendOnce } from '../../activities/outbox';
import { databaseConfig, mailConfig } from '../../platform/config';
import { eventually } from '../support/eventually';
import { mailsMatching } from '../support/mail';

let sql: Sql;
beforeAll(async () => {
  sql = connectDatabase(databaseConfig().url);
  await migrate(sql);
});
afterAll(async () => sql?.end());

const email = (to: string) => ({ to, subject: 'PAL test', text: 'hello' });

test('a keyed email is sent once, however often the send is retried', async () => {
  const mailer = createMailer(mailConfig());
  const key = `test/${randomUUID()}`;
  const first = await sendOnce(sql, mailer, key, email('once@assister.example.org'));
  const second = await sendOnce(sql, mailer, key, email('once@assister.example.org'));
  mailer.close();
  expect(first.alreadySent).toBe(false);
  expect(second).toEqual({ messageId: first.messageId, alreadySent: true });
  expect(await mailsMatching({ messageId: first.messageId })).toHaveLength(1);
});

test('a failed send is recorded, then delivered by a later attempt', async () => {
  const key = `test/${randomUUID()}`;
  const down = createMailer({ ...mailConfig(), port: 1 });
  await expect(sendOnce(sql, down, key, email('later@assister.example.org'))).rejects.toThrow(/not delivered yet: SMTP ESOCKET/);
  down.close();
  const [pending] = await sql`select status, attempts from outbox where key = ${key}`;
  expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
  const up = createMailer(mailConfig());
  await sendOnce(sql, up, key, email('later@assister.example.org'));
  up.close();
  const [sent] = await sql`select status, attempts from outbox where key = ${key}`;
  expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
});

test('a server without STARTTLS gets nothing', async () => {
  const plain = new SMTPServer({ disabledCommands: ['STARTTLS'], authOptional: true, logger: false, onData: (s, _x, cb) => s.resume().on('end', () => cb()) });
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  const port = (plain.server.address() as AddressInfo).port;
  const mailer = createMailer({ ...mailConfig(), port });
  await expect(mailer.send({ ...email('x@assister.example.org'), messageId: '<t@pal>' })).rejects.toThrow(/STARTTLS/);
  mailer.close();
  await new Promise<void>((r) => plain.close(() => r()));
});

test('a certificate the client does not trust is refused', async () => {
  const mailer = createMailer({ ...mailConfig(), caFile: undefined });
  await expect(mailer.send({ ...email('x@assister.example.org'), messageId: '<t2@pal>' })).rejects.toThrow(/certificate/);
  mailer.close();
});

test('migrations are safe to run twice', async () => {
  await expect(migrate(sql)).resolves.toEqual([]);
  const rows = await sql`select version from schema_migrations order by version`;
  expect(rows.map((r) => r.version)).toContain('001');
});

test('two overlapping attempts of the same email send it once: the second finds it claimed', async () => {
  const mailer = createMailer(mailConfig());
  // The first attempt's SMTP send waits until the second attempt has come and gone (Mailpit answers in milliseconds).
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const holding = { ...mailer, send: async (e: OutgoingEmail) => held.then(() => mailer.send(e)) };
  const key = `test/${randomUUID()}`;
  const first = sendOnce(sql, holding, key, email('overlap@assister.example.org'));
  await eventually(() => sql`select status from outbox where key = ${key}`, (r) => r[0]?.status === 'sending');
  await expect(sendOnce(sql, mailer, key, email('overlap@assister.example.org'))).rejects.toThrow(`Email ${key} is being sent by another attempt`);
  release();
  await expect(first).resolves.toMatchObject({ alreadySent: false });
  mailer.close();
  expect(await mailsMatching({ messageId: (await first).messageId })).toHaveLength(1);
  const [row] = await sql`select status, attempts from outbox where key = ${key}`;
  expect(row).toMatchObject({ status: 'sent', attempts: 1 });
});
