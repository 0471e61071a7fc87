// `npm run dev`: the whole PAL system on this machine. Starts what is not configured to be elsewhere
// (PostgreSQL, Mailpit as the SMTP catcher with its web inbox, the Temporal dev server with its UI), then the codec
// server, the worker and the API; writes .pal/dev.env so `pal` commands reach them; stops everything on Ctrl-C.
import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import type { Server } from 'node:http';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { connectDatabase, migrate } from '../store/database';
import { createMailer } from '../activities/mailer';
import { holidayCalendar } from '../domain/business-days';
import { EncryptionCodec } from '../platform/codec';
import { alertConfig, apiConfig, authConfig, emailConfig, staffConfig, webConfig, codecConfig, leadConfig, metricsConfig, prometheusConfig, reportCalendarConfig, databaseConfig, encryptionConfig, mailConfig, temporalConfig } from '../platform/config';
import { loadDevEnv, saveDevEnv } from '../platform/dev-env';
import { connectClient, connectionOptions } from '../platform/temporal';
import { createWorker } from '../workers/worker';
import { startAlerts } from './alerts';
import { apiServerSettings, createApiServer } from './api/server';
import { createCodecServer } from './codec/server';
import { ensureReportSchedule } from '../workers/schedule';
import { startOperationsMetrics } from '../workers/operations-metrics';
import { startLocalStack } from './devstack/stack';
import { projectRoot } from './devstack/tools';
import { printedSignInLink } from './web/dev-sign-in';
import { seedStaff, staffForEmail, type StaffRole } from '../store/staff';

/** The dev stack's staff: who `npm run dev` prints sign-in links for. */
const DEV_STAFF: { email: string; role: StaffRole }[] = [
  { email: 'coordinator@mnsure.example.org', role: 'coordinator' },
  { email: 'representative@mnsure.example.org', role: 'contact-center' },
];

const dataDir = join(projectRoot, '.pal');
const stops: (() => Promise<unknown> | unknown)[] = [];

const listen = (server: Server, port: number, host: string) =>
  new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));

async function main() {
  // Keys and addresses of an earlier run are reused, so persisted histories stay readable.
  const configuredOutside = new Set(Object.keys(process.env));
  loadDevEnv();
  const env = process.env;
  env.PAL_ENCRYPTION_KEYS ??= `dev-1:${randomBytes(32).toString('base64')}`;
  env.PAL_COORDINATOR_TOKEN ??= `coord_${randomBytes(18).toString('base64url')}`;
  env.PAL_CONTACT_CENTER_TOKEN ??= `cc_${randomBytes(18).toString('base64url')}`;
  env.PAL_DEV_POSTGRES_PASSWORD ??= randomBytes(18).toString('base64url');
  saveDevEnv(env); // before PostgreSQL is made with that password
  const external = (name: string) => configuredOutside.has(name);
  const uiPort = Number(env.PAL_DEV_UI_PORT ?? 8233);
  env.PAL_UI_ORIGIN ??= `http://127.0.0.1:${uiPort}`;
  const codec = codecConfig(env);
  const codecUrl = `http://${codec.host}:${codec.port}`;

  const stack = await startLocalStack({
    dataDir,
    postgres: !external('DATABASE_URL') && { port: Number(env.PAL_DEV_POSTGRES_PORT ?? 5433), password: env.PAL_DEV_POSTGRES_PASSWORD, persistent: true },
    smtp: !external('SMTP_HOST') && { kind: 'mailpit', port: Number(env.PAL_DEV_SMTP_PORT ?? 2525), httpPort: Number(env.PAL_DEV_INBOX_PORT ?? 8025) },
    temporal: !external('TEMPORAL_ADDRESS') && { port: Number(env.PAL_DEV_TEMPORAL_PORT ?? 7233), ui: { port: uiPort, codecEndpoint: codecUrl }, persistent: true, logLevel: 'warn' },
  });
  stops.unshift(() => stack.stop());
  Object.assign(env, stack.env);
  const { postgres: pg, mailpit, temporal: devServer } = stack;
  const lines: string[] = [];
  const shown = (path: string) => (path.startsWith(projectRoot) ? relative(projectRoot, path) : path);
  if (pg) lines.push(`PostgreSQL (embedded)   ${pg.url.replace(/:[^:@/]+@/, ':***@')}  data in ${shown(pg.dataDir)}`);
  if (mailpit) lines.push(`Mailpit SMTP (STARTTLS) localhost:${mailpit.smtpPort}  messages in ${shown(mailpit.dbFile)}`, `Mailpit inbox           ${mailpit.url}`);

  const { keys, currentKeyId } = encryptionConfig(env);
  const codecServer = createCodecServer({ codec: new EncryptionCodec(keys, currentKeyId), ...codec });
  await listen(codecServer, codec.port, codec.host);
  stops.unshift(() => new Promise((r) => codecServer.close(r)));
  lines.push(`Codec endpoint          ${codecUrl}`);
  if (devServer) lines.push(`Temporal dev server     ${devServer.address}`, `Temporal UI             ${devServer.uiUrl}`);
  // The coordinators' links to a workflow open this dev server's UI.
  if (devServer) env.PAL_TEMPORAL_UI_URL ??= devServer.uiUrl;

  const apiAt = apiConfig(env);
  env.PAL_API_URL ??= `${apiAt.tls ? 'https' : 'http'}://${apiAt.host}:${apiAt.port}`;
  // Links in emails lead to this server's pages unless PAL_PUBLIC_URL says otherwise.
  env.PAL_PUBLIC_URL ??= `${apiAt.tls ? 'https' : 'http'}://${apiAt.host}:${apiAt.port}`;
  saveDevEnv(env);

  const sql = connectDatabase(databaseConfig(env).url);
  await migrate(sql);
  // The dev stack's own staff, besides any PAL_STAFF names: a coordinator and a representative to sign in as.
  await seedStaff(sql, [...staffConfig(env), ...DEV_STAFF]);
  const mailer = createMailer(mailConfig(env));
  const temporal = temporalConfig(env);
  // As the worker process does (README "Metrics"): before anything uses the Temporal runtime.
  const prometheus = prometheusConfig(env);
  if (prometheus) Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: prometheus.bindAddress } } } });
  const connection = await NativeConnection.connect(connectionOptions(env));
  const lead = leadConfig(env);
  const worker = await createWorker({ connection, namespace: temporal.namespace, taskQueue: temporal.taskQueue, sql, mailer, env, holidays: holidayCalendar(lead.holidayNames), calendar: reportCalendarConfig(env), metrics: metricsConfig(env), emails: emailConfig(env) });
  const workerRun = worker.run();
  stops.unshift(async () => {
    // The SDK's runtime may already be draining the worker on the same Ctrl-C.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await connection.close();
  });

  const client = await connectClient(env);
  lines.push(`Report schedule         ${await ensureReportSchedule(client, temporal.taskQueue)} (daily 08:00 America/Chicago; sends on report dates)`);
  const metrics = prometheus && startOperationsMetrics({ meter: Runtime.instance().metricMeter, sql, client, intervalMs: prometheus.intervalMs });
  if (prometheus) lines.push(`Metrics (Prometheus)    http://${prometheus.bindAddress}/metrics`);
  const api = apiConfig(env);
  const apiServer = createApiServer({ client, sql, mailer, taskQueue: temporal.taskQueue, tokens: authConfig(env), workflowDefaults: lead.workflowDefaults, calendar: reportCalendarConfig(env), holidays: holidayCalendar(lead.holidayNames), metrics: metricsConfig(env), web: webConfig(env), ...apiServerSettings(api) });
  await apiServer.listen({ port: api.port, host: api.host });
  // Alerts to the coordinator (README "Alerts"), as the API process runs them; they arrive in Mailpit.
  const alerts = alertConfig(env);
  const alerting = alerts.intervalMs ? startAlerts({ client, sql, mailer, taskQueue: temporal.taskQueue, ...alerts }, alerts.intervalMs) : undefined;
  if (alerting) lines.push(`Alerts                  checked every ${alerts.intervalMs / 1000} s, emailed to ${alerts.to}`);
  stops.unshift(async () => {
    // Before the client they read through closes.
    await Promise.all([alerting?.stop(), metrics && metrics.stop()]);
    await apiServer.close();
    await client.connection.close();
  });
  stops.push(() => sql.end(), () => mailer.close());
  lines.push(
    `Worker                  task queue "${temporal.taskQueue}"`,
    `HTTP API                ${api.tls ? 'https' : 'http'}://${api.host}:${api.port}  (health: /healthz)`,
    `Assister portal         ${webConfig(env).publicUrl}/portal`,
  );
  // Printed sign-in links (single use, any browser, valid for a session's maximum age) for the dev staff.
  for (const { email, role } of DEV_STAFF) {
    const member = (await staffForEmail(sql, email))!;
    lines.push(`${role === 'coordinator' ? 'Dev coordinator sign-in   ' : 'Dev representative sign-in'}  ${await printedSignInLink(sql, webConfig(env), member)}  (${email})`);
  }

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
