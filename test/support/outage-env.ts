// A lead test environment whose mail goes to a Mailpit of its own, so a suite can take the mail server down without
// disturbing the other suites (the lead-delivery and SMTP-outage suites). Mailpit comes back on the same ports with
// the same database, so what it received before the outage is still there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMailpit, type Mailpit } from '../../client/devstack/mailpit';
import type { Assister } from '../../domain/assister';
import { openLeadTestEnv, type LeadTestEnv } from './lead-env';
import { mailpitClient, type MailpitClient } from './mailpit';

export interface OutageTestEnv {
  t: LeadTestEnv;
  /** The suite's own Mailpit's API; down while SMTP is. */
  mail: MailpitClient;
  /** Stops the mail server: every connection is refused until smtpUp(). */
  smtpDown(): Promise<void>;
  smtpUp(): Promise<void>;
  close(): Promise<void>;
}

export async function openOutageTestEnv(server: 'dev-server' | 'time-skipping', assisters: Assister[]): Promise<OutageTestEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pal-outage-'));
  let mailpit: Mailpit | undefined = await startMailpit({ dataDir });
  const { smtpPort, httpPort } = mailpit;
  const t = await openLeadTestEnv({ server, smtpPort });
  await t.addAssisters(assisters);
  return {
    t,
    mail: mailpitClient(mailpit.url),
    async smtpDown() {
      await mailpit?.stop();
      mailpit = undefined;
    },
    async smtpUp() {
      mailpit ??= await startMailpit({ dataDir, smtpPort, httpPort });
    },
    async close() {
      await t.close();
      await mailpit?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
