// `npm run dev`: the whole PAL system on this machine. Starts what is not configured to be elsewhere
// (PostgreSQL, the SMTP catcher, the Temporal dev server with its UI), then the codec server, the worker and
// the API; writes .pal/dev.env so `pal` commands reach them; stops everything on Ctrl-C.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { NativeConnection } from '@temporalio/worker';
import { connectDatabase, migrate } from '../activities/database';
import { createMailer } from '../activities/mailer';
import { holidayCalendar } from '../domain/business-days';
import { EncryptionCodec } from '../platform/codec';
import { apiConfig, authConfig, codecConfig, leadConfig, metricsConfig, reportCalendarConfig, databaseConfig, encryptionConfig, mailConfig, temporalConfig } from '../platform/config';
import { devEnvFile, loadDevEnv } from '../platform/dev-env';
import { connectClient, connectionOptions } from '../platform/temporal';
import { createWorker } from '../workers/worker';
import { createApiServer } from './api/server';
import { createCodecServer } from './codec/server';
import { ensureReportSchedule } from '../workers/schedule';
import { startPostgres } from './devstack/postgres';
import { startSmtpCatcher } from './devstack/smtp';
import { startTemporalDevServer } from './devstack/temporal';
import { projectRoot } from './devstack/tools';

const dataDir = join(projectRoot, '.pal');
const stops: (() => Promise<unknown> | unknown)[] = [];

const listen = (server: Server, port: number, host: string) =>
  new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));

async function main() {
  mkdirSync(dataDir, { recursive: true });
  // Keys and addresses of an earlier run are reused, so persisted histories stay readable.
  const configuredOutside = new Set(Object.keys(process.env));
  loadDevEnv();
  const env = process.env;
  env.PAL_ENCRYPTION_KEYS ??= `dev-1:${randomBytes(32).toString('base64')}`;
  env.PAL_COORDINATOR_TOKEN ??= `coord_${randomBytes(18).toString('base64url')}`;
  env.PAL_CONTACT_CENTER_TOKEN ??= `cc_${randomBytes(18).toString('base64url')}`;
  const lines: string[] = [];
  const external = (name: string) => configuredOutside.has(name);

  if (!external('DATABASE_URL')) {
    const pg = await startPostgres({ dataDir: join(dataDir, 'postgres'), port: Number(env.PAL_DEV_POSTGRES_PORT ?? 5433) });
    stops.unshift(() => pg.stop());
    env.DATABASE_URL = pg.url;
    lines.push(`PostgreSQL (embedded)   ${pg.url.replace(/:[^:@/]+@/, ':***@')}  data in .pal/postgres`);
  }
  if (!external('SMTP_HOST')) {
    const smtp = await startSmtpCatcher({ mailDir: join(dataDir, 'mail'), port: Number(env.PAL_DEV_SMTP_PORT ?? 2525) });
    stops.unshift(() => smtp.stop());
    Object.assign(env, { SMTP_HOST: 'localhost', SMTP_PORT: String(smtp.port), SMTP_CA_FILE: smtp.caFile });
    lines.push(`SMTP catcher (STARTTLS) localhost:${smtp.port}  messages in .pal/mail/*.eml`);
  }

  const codec = codecConfig(env);
  const { keys, currentKeyId } = encryptionConfig(env);
  const codecServer = createCodecServer({ codec: new EncryptionCodec(keys, currentKeyId), ...codec });
  await listen(codecServer, codec.port, codec.host);
  stops.unshift(() => new Promise((r) => codecServer.close(r)));
  const codecUrl = `http://${codec.host}:${codec.port}`;
  lines.push(`Codec endpoint          ${codecUrl}`);

  if (!external('TEMPORAL_ADDRESS')) {
    const temporal = await startTemporalDevServer({
      port: 7233,
      uiPort: 8233,
      dbFile: join(dataDir, 'temporal.sqlite'),
      codecEndpoint: codecUrl,
      logLevel: 'warn',
    });
    stops.unshift(() => temporal.stop());
    env.TEMPORAL_ADDRESS = temporal.address;
    lines.push(`Temporal dev server     ${temporal.address}`, `Temporal UI             ${temporal.uiUrl}`);
  }

  const apiAt = apiConfig(env);
  env.PAL_API_URL ??= `http://${apiAt.host}:${apiAt.port}`;
  const persisted = ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_CA_FILE', 'PAL_ENCRYPTION_KEYS', 'PAL_COORDINATOR_TOKEN', 'PAL_CONTACT_CENTER_TOKEN', 'PAL_API_URL'];
  writeFileSync(devEnvFile, persisted.filter((n) => env[n]).map((n) => `${n}=${env[n]}`).join('\n') + '\n', { mode: 0o600 });

  const sql = connectDatabase(databaseConfig(env).url);
  await migrate(sql);
  const mailer = createMailer(mailConfig(env));
  const temporal = temporalConfig(env);
  const connection = await NativeConnection.connect(connectionOptions(env));
  const lead = leadConfig(env);
  const worker = await createWorker({ connection, namespace: temporal.namespace, taskQueue: temporal.taskQueue, sql, mailer, env, holidays: holidayCalendar(lead.holidayNames), calendar: reportCalendarConfig(env), metrics: metricsConfig(env) });
  const workerRun = worker.run();
  stops.unshift(async () => {
    // The SDK's runtime may already be draining the worker on the same Ctrl-C.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await connection.close();
  });

  const client = await connectClient(env);
  lines.push(`Report schedule         ${await ensureReportSchedule(client, temporal.taskQueue)} (daily 08:00 America/Chicago; sends on report dates)`);
  const api = apiConfig(env);
  const apiServer = createApiServer({ client, sql, mailer, taskQueue: temporal.taskQueue, tokens: authConfig(env), workflowDefaults: lead.workflowDefaults, calendar: reportCalendarConfig(env), holidays: holidayCalendar(lead.holidayNames), metrics: metricsConfig(env) });
  await listen(apiServer, api.port, api.host);
  stops.unshift(async () => {
    await new Promise((r) => apiServer.close(r));
    await client.connection.close();
  });
  stops.push(() => sql.end(), () => mailer.close());
  lines.push(`Worker                  task queue "${temporal.taskQueue}"`, `HTTP API                http://${api.host}:${api.port}  (health: /healthz)`);

  console.log(['', 'PAL is running:', ...lines.map((l) => `  ${l}`), '', 'Try: npx pal assister import --file samples/assisters.json && npx pal lead create --file samples/lead.json', 'Ctrl-C stops everything.', ''].join('\n'));
}

let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping PAL...');
  for (const stop of stops) {
    try {
      await stop();
    } catch (err) {
      console.error(`while stopping: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  process.exit(code);
}

process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));
main().catch((err) => {
  console.error(`dev: ${err instanceof Error ? err.message : String(err)}`);
  void stopAll(1);
});
