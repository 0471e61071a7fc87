// The local stack of `npm run dev`, the tests and the benchmarks: a Temporal dev server, PostgreSQL and a STARTTLS
// SMTP catcher (PAL's own or Mailpit), each optional, on fixed or free ports, keeping their files in one owner-only
// folder. A start that fails part-way stops what it had started.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMailpit, type Mailpit } from './mailpit';
import { startPostgres, type LocalPostgres } from './postgres';
import { startSmtpCatcher, type CaughtEnvelope, type SmtpCatcher } from './smtp';
import { startTemporalDevServer, type TemporalDevServer, type TemporalDevServerOptions } from './temporal';
import { pgToolsPath } from './tools';

export interface LocalStackOptions {
  /** Where the stack keeps its files (made 0700). Omitted: a new temporary folder that stop() removes. */
  dataDir?: string;
  /** false: no Temporal dev server. `persistent`: its SQLite file is dataDir/temporal.sqlite (else in memory). */
  temporal?: false | { port?: number; persistent?: boolean; ui?: { port: number; codecEndpoint?: string }; logLevel?: TemporalDevServerOptions['logLevel'] };
  /** false: no PostgreSQL. Its data is dataDir/postgres; `persistent`: stop() keeps it (unless dataDir is temporary). */
  postgres?: false | { port?: number; password?: string; persistent?: boolean };
  /**
   * false: no SMTP catcher. `catcher` (the default): PAL's own (./smtp.ts), messages kept in dataDir/mail. `mailpit`:
   * Mailpit with its web inbox and API on httpPort, messages in dataDir/mailpit. Both require STARTTLS.
   */
  smtp?: false | { kind?: 'catcher'; port?: number; onMessage?: (m: CaughtEnvelope) => void } | { kind: 'mailpit'; port?: number; httpPort?: number };
}

export interface LocalStack {
  dataDir: string;
  temporal?: TemporalDevServer;
  postgres?: LocalPostgres;
  smtp?: SmtpCatcher;
  mailpit?: Mailpit;
  /** TEMPORAL_ADDRESS, DATABASE_URL (and PAL_PG_BIN_DIR), SMTP_HOST, SMTP_PORT and SMTP_CA_FILE of what it started. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pal-stack-'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const { temporal: t = {}, postgres: p = {}, smtp: s = {} } = options;
  const [c, m] = [s && s.kind !== 'mailpit' && s, s && s.kind === 'mailpit' && s];
  // pg_dump and pg_restore of the server's version, for `pal backup` and `pal restore`: fetched before anything starts.
  const pgBinDir = p ? pgToolsPath() : undefined;
  const started = await Promise.allSettled([
    t && startTemporalDevServer({ port: t.port, uiPort: t.ui?.port, codecEndpoint: t.ui?.codecEndpoint, dbFile: t.persistent ? join(dataDir, 'temporal.sqlite') : undefined, logLevel: t.logLevel }),
    p && startPostgres({ dataDir: join(dataDir, 'postgres'), port: p.port, password: p.password }),
    c && startSmtpCatcher({ mailDir: join(dataDir, 'mail'), port: c.port, onMessage: c.onMessage }),
    m && startMailpit({ dataDir: join(dataDir, 'mailpit'), smtpPort: m.port, httpPort: m.httpPort }),
  ] as const);
  const [temporal, postgres, smtp, mailpit] = [value(started[0]), value(started[1]), value(started[2]), value(started[3])];

  const temporary = options.dataDir === undefined;
  const stop = async () => {
    await Promise.allSettled([temporal?.stop(), smtp?.stop(), mailpit?.stop(), p && p.persistent && !temporary ? postgres?.stop() : postgres?.destroy()]);
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return {
    dataDir,
    temporal,
    postgres,
    smtp,
    mailpit,
    env: {
      ...(temporal && { TEMPORAL_ADDRESS: temporal.address }),
      ...(postgres && { DATABASE_URL: postgres.url, PAL_PG_BIN_DIR: pgBinDir! }),
      ...(smtp && { SMTP_HOST: 'localhost', SMTP_PORT: String(smtp.port), SMTP_CA_FILE: smtp.caFile }),
      ...(mailpit && { SMTP_HOST: 'localhost', SMTP_PORT: String(mailpit.smtpPort), SMTP_CA_FILE: mailpit.caFile }),
    },
    stop,
  };
}

const value = <T>(r: PromiseSettledResult<T | false>): T | undefined => (r.status === 'fulfilled' && r.value) || undefined;
