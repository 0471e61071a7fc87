// A lead test environment whose mail goes to a catcher of its own, so a suite can refuse SMTP without disturbing
// the other suites (the lead-delivery and SMTP-outage suites).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmtpCatcher, type SmtpCatcher } from '../../client/devstack/smtp';
import type { Assister } from '../../domain/assister';
import { openLeadTestEnv, type LeadTestEnv } from './lead-env';

export interface OutageTestEnv {
  smtp: SmtpCatcher;
  t: LeadTestEnv;
  close(): Promise<void>;
}

export async function openOutageTestEnv(server: 'dev-server' | 'time-skipping', assisters: Assister[]): Promise<OutageTestEnv> {
  const mailDir = mkdtempSync(join(tmpdir(), 'pal-outage-'));
  const smtp = await startSmtpCatcher({ mailDir });
  const t = await openLeadTestEnv({ server, smtpPort: smtp.port });
  await t.addAssisters(assisters);
  return {
    smtp,
    t,
    async close() {
      await t.close();
      await smtp.stop();
      rmSync(mailDir, { recursive: true, force: true });
    },
  };
}
