// The worker process: connects to PostgreSQL (and migrates), SMTP and Temporal, then runs until SIGINT/SIGTERM.
import { NativeConnection, Runtime } from '@temporalio/worker';
import { connectDatabase, migrate } from '../store/database';
import { createMailer } from '../activities/mailer';
import { holidayCalendar } from '../domain/business-days';
import { databaseConfig, emailConfig, leadConfig, mailConfig, metricsConfig, prometheusConfig, reportCalendarConfig, retentionConfig, routingConfig, temporalConfig } from '../platform/config';
import { namespaceRetentionDays } from '../platform/namespace-retention';
import { ensureReportSchedule } from './schedule';
import { connectClient, connectionOptions } from '../platform/temporal';
import { createWorker } from './worker';
import { startOperationsMetrics } from './operations-metrics';

async function main() {
  const temporal = temporalConfig();
  // Read before connecting to anything, so a bad value stops the worker at once, saying which.
  const emails = emailConfig();
  const retention = retentionConfig();
  const prometheus = prometheusConfig();
  // Before anything uses the Temporal runtime: one endpoint serves the SDK's metrics and PAL's own (README "Metrics").
  if (prometheus) {
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: prometheus.bindAddress } } } });
    console.log(`worker: metrics on http://${prometheus.bindAddress}/metrics`);
  }
  const sql = connectDatabase(databaseConfig().url);
  const applied = await migrate(sql);
  if (applied.length) console.log(`worker: applied migrations ${applied.join(', ')}`);
  const mailer = createMailer(mailConfig());
  const connection = await NativeConnection.connect(connectionOptions());
  const holidays = holidayCalendar(leadConfig().holidayNames);
  const calendar = reportCalendarConfig();
  const worker = await createWorker({ connection, namespace: temporal.namespace, taskQueue: temporal.taskQueue, sql, mailer, holidays, calendar, metrics: metricsConfig(), emails, routing: routingConfig(), retention: retention.policy });
  const client = await connectClient();
  console.log(`worker: report schedule ${await ensureReportSchedule(client, temporal.taskQueue)}`);
  // Advice only: a worker without the right to describe its namespace still runs.
  const kept = await namespaceRetentionDays(connection.workflowService, temporal.namespace).catch((err: unknown) => {
    console.warn(`worker: cannot read namespace ${temporal.namespace}'s retention (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  });
  if (kept !== undefined && kept !== retention.temporalDays)
    console.warn(`worker: namespace ${temporal.namespace} keeps closed workflows ${kept} days, PAL_TEMPORAL_RETENTION_DAYS says ${retention.temporalDays} (README, "Records and retention")`);
  // The metrics read the schedule through this client, so it stays open while the worker runs.
  const metrics = prometheus && startOperationsMetrics({ meter: Runtime.instance().metricMeter, sql, client, intervalMs: prometheus.intervalMs });
  console.log(`worker: polling task queue "${temporal.taskQueue}" on ${temporal.address} (namespace ${temporal.namespace})`);
  // Worker.run() installs SIGINT/SIGTERM handlers that drain in-flight activities before resolving.
  await worker.run();
  await metrics?.stop();
  await client.connection.close();
  await connection.close();
  mailer.close();
  await sql.end();
}

main().catch((err) => {
  console.error(`worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
