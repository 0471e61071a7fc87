// The worker process: connects to PostgreSQL (and migrates), SMTP and Temporal, then runs until SIGINT/SIGTERM.
import { NativeConnection } from '@temporalio/worker';
import { connectDatabase, migrate } from '../store/database';
import { createMailer } from '../activities/mailer';
import { holidayCalendar } from '../domain/business-days';
import { databaseConfig, emailConfig, leadConfig, mailConfig, metricsConfig, reportCalendarConfig, routingConfig, temporalConfig } from '../platform/config';
import { ensureReportSchedule } from './schedule';
import { connectClient, connectionOptions } from '../platform/temporal';
import { createWorker } from './worker';

async function main() {
  const temporal = temporalConfig();
  // Read before connecting to anything, so a bad value stops the worker at once, saying which.
  const emails = emailConfig();
  const sql = connectDatabase(databaseConfig().url);
  const applied = await migrate(sql);
  if (applied.length) console.log(`worker: applied migrations ${applied.join(', ')}`);
  const mailer = createMailer(mailConfig());
  const connection = await NativeConnection.connect(connectionOptions());
  const holidays = holidayCalendar(leadConfig().holidayNames);
  const calendar = reportCalendarConfig();
  const worker = await createWorker({ connection, namespace: temporal.namespace, taskQueue: temporal.taskQueue, sql, mailer, holidays, calendar, metrics: metricsConfig(), emails, routing: routingConfig() });
  const client = await connectClient();
  console.log(`worker: report schedule ${await ensureReportSchedule(client, temporal.taskQueue)}`);
  await client.connection.close();
  console.log(`worker: polling task queue "${temporal.taskQueue}" on ${temporal.address} (namespace ${temporal.namespace})`);
  // Worker.run() installs SIGINT/SIGTERM handlers that drain in-flight activities before resolving.
  await worker.run();
  await connection.close();
  mailer.close();
  await sql.end();
}

main().catch((err) => {
  console.error(`worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
