// The local stack of `npm run dev`, the tests and the benchmarks: a Temporal dev server, PostgreSQL and the STARTTLS
// SMTP catcher, each optional, on fixed or free ports, keeping their files in one owner-only folder. A start that
// fails part-way stops what it had started.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type LocalPostgres } from './postgres';
import { startSmtpCatcher, type CaughtEnvelope, type SmtpCatcher } from './smtp';
import { startTemporalDevServer, type TemporalDevServer, type TemporalDevServerOptions } from './temporal';

export interface LocalStackOptions {
  /** Where the stack keeps its files (made 0700). Omitted: a new temporary folder that stop() removes. */
  dataDir?: string;
  /** false: no Temporal dev server. `persistent`: its SQLite file is dataDir/temporal.sqlite (else in memory). */
  temporal?: false | { port?: number; persistent?: boolean; ui?: { port: number; codecEndpoint?: string }; logLevel?: TemporalDevServerOptions['logLevel'] };
  /** false: no PostgreSQL. Its data is dataDir/postgres; `persistent`: stop() keeps it (unless dataDir is temporary). */
  postgres?: false | { port?: number; password?: string; persistent?: boolean };
  /** false: no SMTP catcher. Messages are kept in dataDir/mail. */
  smtp?: false | { port?: number; onMessage?: (m: CaughtEnvelope) => void };
}

export interface LocalStack {
  dataDir: string;
  temporal?: TemporalDevServer;
  postgres?: LocalPostgres;
  smtp?: SmtpCatcher;
  /** TEMPORAL_ADDRESS, DATABASE_URL, SMTP_HOST, SMTP_PORT and SMTP_CA_FILE of what it started. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pal-stack-'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const { temporal: t = {}, postgres: p = {}, smtp: s = {} } = options;
  const started = await Promise.allSettled([
    t && startTemporalDevServer({ port: t.port, uiPort: t.ui?.port, codecEndpoint: t.ui?.codecEndpoint, dbFile: t.persistent ? join(dataDir, 'temporal.sqlite') : undefined, logLevel: t.logLevel }),
    p && startPostgres({ dataDir: join(dataDir, 'postgres'), port: p.port, password: p.password }),
    s && startSmtpCatcher({ mailDir: join(dataDir, 'mail'), port: s.port, onMessage: s.onMessage }),
  ] as const);
  const [temporal, postgres, smtp] = [value(started[0]), value(started[1]), value(started[2])];

  const temporary = options.dataDir === undefined;
  const stop = async () => {
    await Promise.allSettled([temporal?.stop(), smtp?.stop(), p && p.persistent && !temporary ? postgres?.stop() : postgres?.destroy()]);
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
    env: {
      ...(temporal && { TEMPORAL_ADDRESS: temporal.address }),
      ...(postgres && { DATABASE_URL: postgres.url }),
      ...(smtp && { SMTP_HOST: 'localhost', SMTP_PORT: String(smtp.port), SMTP_CA_FILE: smtp.caFile }),
    },
    stop,
  };
}

const value = <T>(r: PromiseSettledResult<T | false>): T | undefined => (r.status === 'fulfilled' && r.value) || undefined;
