// PAL's own metrics (README "Metrics"), as gauges on the Temporal runtime's meter: core's Prometheus exporter serves
// them beside the SDK's on the one endpoint. Core prefixes only its own metrics (temporal_), so these read pal_…
// They are refreshed from PostgreSQL and the report schedule at start and every interval; a failed read keeps the
// last values (pal_metrics_refreshed_timestamp_seconds says how old) and is logged once until it clears.
import type { Client } from '@temporalio/client';
import type { MetricMeter } from '@temporalio/common';
import { REPORT_SCHEDULE_ID } from '../contracts/report';
import type { Sql } from '../store/database';
import { operationsFigures } from '../store/operations-metrics';

export interface OperationsMetrics {
  /** Stops refreshing, after the refresh under way. */
  stop(): Promise<void>;
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export function startOperationsMetrics(deps: { meter: MetricMeter; sql: Sql; client: Client; intervalMs: number; warn?: (message: string) => void }): OperationsMetrics {
  const { meter, sql, client } = deps;
  const warn = deps.warn ?? ((message: string) => console.warn(`worker: metrics: ${message}`));
  const gauge = (name: string, description: string, valueType: 'int' | 'float' = 'int') => meter.createGauge(name, valueType, '', description);
  const leads = gauge('pal_leads_created', 'Leads created (every lead row, open or closed)');
  const referralsSent = gauge('pal_referrals_sent', 'Referral emails the mail server accepted');
  const referralsFailed = gauge('pal_referrals_failed', 'Referral emails not delivered yet whose last attempt failed');
  const backlog = gauge('pal_outbox_backlog', 'Emails in the outbox not sent yet');
  const oldest = gauge('pal_outbox_oldest_unsent_age_seconds', 'Seconds the oldest unsent email has waited (0: none waits)', 'float');
  const escalations = gauge('pal_escalations_open', 'Open escalations, by kind');
  const submissions = gauge('pal_report_submissions', 'Report workbooks received and kept');
  const lastRun = gauge('pal_report_schedule_last_run_timestamp_seconds', "Unix time of the report schedule's last action (0: none yet)");
  const paused = gauge('pal_report_schedule_paused', 'Whether the report schedule is paused (1) or not (0)');
  const refreshed = gauge('pal_metrics_refreshed_timestamp_seconds', 'Unix time these metrics were last read, by source (database, schedule)');

  const failing = new Map<string, string>();
  // One source's failure leaves the other's values fresh; each failure is logged when it starts or changes.
  const read = async (source: 'database' | 'schedule', apply: () => Promise<void>) => {
    try {
      await apply();
      refreshed.set(seconds(new Date()), { source });
      if (failing.delete(source)) warn(`${source} read again`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (failing.get(source) !== message) warn(`cannot read the ${source}, keeping the last values: ${message}`);
      failing.set(source, message);
    }
  };
  const refresh = () =>
    Promise.all([
      read('database', async () => {
        const f = await operationsFigures(sql);
        leads.set(f.leadsCreated);
        referralsSent.set(f.referralsSent);
        referralsFailed.set(f.referralsFailed);
        backlog.set(f.outboxBacklog);
        oldest.set(f.oldestUnsentSeconds);
        for (const [kind, open] of Object.entries(f.escalationsOpen)) escalations.set(open, { kind });
        submissions.set(f.reportSubmissions);
      }),
      read('schedule', async () => {
        // A Temporal that does not answer counts as a failed read, not one that holds up the next refresh.
        const schedule = await client.connection.withDeadline(Date.now() + 10_000, () => client.schedule.getHandle(REPORT_SCHEDULE_ID).describe());
        const last = schedule.info.recentActions.at(-1);
        lastRun.set(last ? seconds(last.takenAt) : 0);
        paused.set(schedule.state.paused ? 1 : 0);
      }),
    ]);

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // The next refresh is timed from the end of the last, so a slow read never overlaps the next.
  const loop = async () => {
    await refresh();
    if (!stopped) timer = setTimeout(() => (current = loop()), deps.intervalMs);
  };
  let current = loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
