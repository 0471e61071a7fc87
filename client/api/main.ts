// The API process (npm run api). Beyond loopback it serves HTTPS with PAL_API_TLS_CERT and PAL_API_TLS_KEY, or
// plain HTTP behind a TLS proxy (PAL_API_BEHIND_TLS_PROXY=true); apiConfig refuses anything else.
import { createMailer } from '../../activities/mailer';
import { holidayCalendar } from '../../domain/business-days';
import { alertConfig, apiConfig, authConfig, staffConfig, databaseConfig, leadConfig, mailConfig, metricsConfig, reportCalendarConfig, temporalConfig } from '../../platform/config';
import { connectClient } from '../../platform/temporal';
import { connectDatabase, migrate } from '../../store/database';
import { seedStaff } from '../../store/staff';
import { startAlerts } from '../alerts';
import { apiServerSettings, createApiServer } from './server';

async function main() {
  const config = apiConfig();
  const { host, port } = config;
  const settings = apiServerSettings(config);
  const sql = connectDatabase(databaseConfig().url);
  await migrate(sql);
  await seedStaff(sql, staffConfig());
  const client = await connectClient();
  const mailer = createMailer(mailConfig());
  const api = createApiServer({
    client,
    sql,
    mailer,
    taskQueue: temporalConfig().taskQueue,
    tokens: authConfig(),
    workflowDefaults: leadConfig().workflowDefaults,
    calendar: reportCalendarConfig(),
    holidays: holidayCalendar(leadConfig().holidayNames),
    metrics: metricsConfig(),
    ...settings,
  });
  await api.listen({ port, host });
  console.log(`api: ${settings.https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port} (health: /healthz, OpenAPI: /openapi.json, docs: /docs)`);
  // Alerts to the coordinator (README "Alerts") run here, in the process that is always up; never in tests' servers.
  const alerts = alertConfig();
  const alerting = alerts.intervalMs ? startAlerts({ client, sql, mailer, taskQueue: temporalConfig().taskQueue, ...alerts }, alerts.intervalMs) : undefined;
  const stop = () =>
    void Promise.all([api.close(), alerting?.stop()])
      .then(() => Promise.all([sql.end(), client.connection.close(), mailer.close()]))
      .then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`api: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
