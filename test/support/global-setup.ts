// Starts the real services the suites share, on free ports: a Temporal dev server (search attributes
// registered), PostgreSQL and the STARTTLS SMTP catcher. Suites read their addresses from process.env.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../../client/devstack/postgres';
import { startSmtpCatcher } from '../../client/devstack/smtp';
import { startTemporalDevServer } from '../../client/devstack/temporal';
import { timeSkippingServerPath } from '../../client/devstack/tools';

declare global {
  var palTestStack: { stop(): Promise<void> } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pal-test-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as the postgres user when tests run as root
  const [temporal, pg, smtp] = await Promise.all([
    startTemporalDevServer({}),
    startPostgres({ dataDir: join(dir, 'postgres'), persistent: false }),
    startSmtpCatcher({ mailDir: join(dir, 'mail') }),
  ]);
  Object.assign(process.env, {
    PAL_TEST_DIR: dir,
    PAL_TEST_MAIL_DIR: smtp.mailDir,
    PAL_TIME_SKIPPING_SERVER: timeSkippingServerPath(),
    TEMPORAL_ADDRESS: temporal.address,
    DATABASE_URL: pg.url,
    SMTP_HOST: 'localhost',
    SMTP_PORT: String(smtp.port),
    SMTP_CA_FILE: smtp.caFile,
    PAL_ENCRYPTION_KEYS: `test-1:${randomBytes(32).toString('base64')}`,
  });
  globalThis.palTestStack = {
    async stop() {
      await Promise.allSettled([temporal.stop(), pg.stop(), smtp.stop()]);
    },
  };
}
