// Mailpit as the local stack's mail catcher: it takes mail from PAL's own mailer only over verified STARTTLS, keeps it
// in an owner-only database, serves it through its API (test/support/mailpit.ts), and shows it in its web inbox, built
// from Mailpit's own sources by scripts/build-mailpit.sh, which the shared Chromium opens.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { createMailer } from '../../activities/mailer';
import { startLocalStack, type LocalStack } from '../../client/devstack/stack';
import { mailConfig } from '../../platform/config';
import { connect, type BrowserSession } from '../support/browser';
import { mailpitClient, type MailpitClient } from '../support/mailpit';

jest.setTimeout(120_000);

let stack: LocalStack;
let mail: MailpitClient;
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

beforeAll(async () => {
  stack = await startLocalStack({ temporal: false, postgres: false, smtp: { kind: 'mailpit' } });
  mail = mailpitClient(stack.mailpit!.url);
});
afterAll(async () => {
  await stack?.stop();
});

const subject = `Mailpit check ${randomUUID()}`;
const text = 'A message sent by PAL over STARTTLS, read back through the API and the inbox.';

test('PAL sends through Mailpit over verified STARTTLS; the API gives the message back; the files are the owner\'s', async () => {
  expect(stack.env).toEqual({ SMTP_HOST: 'localhost', SMTP_PORT: String(stack.mailpit!.smtpPort), SMTP_CA_FILE: stack.mailpit!.caFile });
  const mailer = createMailer(mailConfig({ ...stack.env, MAIL_FROM: 'pal@mnsure.example.org' }));
  try {
    const messageId = `<${randomUUID()}@mnsure.example.org>`;
    const { accepted } = await mailer.send({ to: 'leads@northcountry.example.org', subject, text, messageId });
    expect(accepted).toEqual(['leads@northcountry.example.org']);

    const [summary] = await mail.waitFor({ subject, to: 'leads@northcountry.example.org' });
    const message = await mail.message(summary!.ID);
    expect(message).toMatchObject({ Subject: subject, MessageID: messageId.slice(1, -1), From: { Address: 'pal@mnsure.example.org' }, To: [{ Address: 'leads@northcountry.example.org' }] });
    expect(message.Text.trim()).toBe(text);
    expect(await mail.raw(summary!.ID)).toContain(`Subject: ${subject}`);
    expect(await mail.search({ subject, to: 'someone-else@example.org' })).toEqual([]);
  } finally {
    mailer.close();
  }

  const dir = join(stack.dataDir, 'mailpit');
  expect(mode(dir)).toBe('700');
  expect(mode(stack.mailpit!.dbFile)).toBe('600');
});

test('Mailpit refuses mail before STARTTLS', async () => {
  const plain = nodemailer.createTransport({ host: '127.0.0.1', port: stack.mailpit!.smtpPort, ignoreTLS: true });
  try {
    await expect(plain.sendMail({ from: 'pal@mnsure.example.org', to: 'leads@northcountry.example.org', subject: 'plain', text: 'no TLS' })).rejects.toThrow(/STARTTLS/i);
  } finally {
    plain.close();
  }
  expect(await mail.search({ subject: 'plain' })).toEqual([]);
});

describe('in the browser', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await connect();
  });
  afterAll(async () => {
    await session?.close();
  });

  test('the web inbox lists the message by its subject and opens it', async () => {
    const { page } = session;
    await page.goto(stack.mailpit!.url);
    const listed = page.getByRole('link', { name: new RegExp(subject) });
    await listed.waitFor();
    await listed.click();
    await page.waitForURL(/\/view\//);
    // The message's own page: its text (the Text tab, open by default), not the list's snippet of it.
    await page.getByText(text, { exact: true }).waitFor();
    expect(await page.getByText(subject, { exact: true }).count()).toBeGreaterThan(0);
  });
});
