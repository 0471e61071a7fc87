// The worker's Prometheus endpoint (PAL_METRICS_PORT): the production worker process serves Temporal's runtime
// metrics and PAL's own on one /metrics, PAL's read from PostgreSQL and the report schedule. The worker runs against
// a Temporal dev server of the suite's own, so the report schedule it creates is seen by no other suite.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createMailer } from '../../activities/mailer';
import { sendOnce } from '../../activities/outbox';
import { createLead } from '../../client/api/intake';
import { freePort } from '../../client/devstack/ports';
import { startTemporalDevServer, type TemporalDevServer } from '../../client/devstack/temporal';
import { startWorkerProcess, type WorkerProcess } from '../../client/devstack/worker-process';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { REPORT_SCHEDULE_ID } from '../../contracts/report';
import { ESCALATION_KINDS } from '../../domain/escalations';
import { OE5_REPORT_CALENDAR, reportPeriod } from '../../domain/report-calendar';
import { dataConverter } from '../../platform/codec';
import { mailConfig, prometheusConfig } from '../../platform/config';
import { upsertAssisters } from '../../store/assisters';
import type { Sql } from '../../store/database';
import { openEscalation, openEscalations, resolveEscalation } from '../../store/escalations';
import { storeSubmission } from '../../store/report-submissions';
import { createTestDatabase, testDatabaseUrl } from '../support/database';
import { eventually } from '../support/eventually';
import { assister, sampleLead } from '../support/samples';

let sql: Sql;
let temporal: TemporalDevServer;
let client: Client;
let worker: WorkerProcess | undefined;
beforeAll(async () => {
  [sql, temporal] = await Promise.all([createTestDatabase(), startTemporalDevServer()]);
  client = new Client({ connection: await Connection.connect({ address: temporal.address }), dataConverter: dataConverter() });
});
afterAll(async () => {
  worker?.process.kill('SIGKILL');
  await client?.connection.close();
  await temporal?.stop();
  await sql?.end();
});

/** The value of one sample in Prometheus text format: the metric's name and (some of) its labels. */
function sample(scrape: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of scrape.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m?.[1] !== name) continue;
    const has = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => has[k] === v)) return Number(m[3]);
  }
  return undefined;
}

test('the endpoint is optional, on loopback by default, and takes an address', () => {
  expect(prometheusConfig({})).toBeUndefined();
  expect(prometheusConfig({ PAL_METRICS_PORT: '9464' })).toEqual({ bindAddress: '127.0.0.1:9464', intervalMs: 30_000 });
  expect(prometheusConfig({ PAL_METRICS_PORT: '9464', PAL_METRICS_HOST: '::', PAL_METRICS_INTERVAL_SECONDS: '5' })).toEqual({ bindAddress: '[::]:9464', intervalMs: 5_000 });
  expect(() => prometheusConfig({ PAL_METRICS_PORT: '9464', PAL_METRICS_HOST: 'localhost' })).toThrow(/PAL_METRICS_HOST: must be an IP address/);
  expect(() => prometheusConfig({ PAL_METRICS_PORT: '0' })).toThrow(/PAL_METRICS_PORT/);
});

test("the worker serves Temporal's runtime metrics and PAL's own, true to the database and the schedule", async () => {
  const port = await freePort();
  const taskQueue = `metrics-${randomUUID()}`;
  const env = { DATABASE_URL: testDatabaseUrl(sql), TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, PAL_METRICS_PORT: String(port), PAL_METRICS_INTERVAL_SECONDS: '1' };
  worker = await startWorkerProcess({ ...process.env, ...env }, { captureStderr: true });
  expect(worker.output.join('')).toContain(`worker: metrics on http://127.0.0.1:${port}/metrics`);
  const scrape = async () => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };
  // Nothing yet: every figure is there, at zero, each escalation kind among them.
  const empty = await eventually(scrape, (s) => sample(s, 'pal_leads_created') === 0 && sample(s, 'pal_report_schedule_paused') === 0);
  for (const name of ['pal_leads_created', 'pal_referrals_sent', 'pal_referrals_failed', 'pal_outbox_backlog', 'pal_outbox_oldest_unsent_age_seconds', 'pal_report_submissions', 'pal_report_schedule_last_run_timestamp_seconds'])
    expect([name, sample(empty, name)]).toEqual([name, 0]);
  for (const kind of ESCALATION_KINDS) expect(sample(empty, 'pal_escalations_open', { kind })).toBe(0);

  // A lead routed and referred by the worker: one referral sent, through the real workflow and outbox.
  await upsertAssisters(sql, [assister('m-nav-stpaul', '55101')]);
  const created = await createLead({ client, sql, taskQueue }, sampleLead());
  if (!created.ok) throw new Error(JSON.stringify(created.problems));
  const { leadId } = created.lead;
  await eventually(() => client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery), (s) => s.history.some((h) => h.event === 'referred'));
  // A second referral of it and a contact-point check the mail server refused (nothing listens on the port): both
  // wait in the outbox, the referral the older, and only it counts as a failed referral.
  const refusing = createMailer({ ...mailConfig(), port: await freePort() });
  await expect(sendOnce(sql, refusing, `lead/${leadId}/2/referral`, { to: 'm-nav-stpaul@assisters.example.org', subject: 'PAL lead', text: 'referral' })).rejects.toThrow(/not delivered yet/);
  await expect(sendOnce(sql, refusing, `contact-point-check/${randomUUID()}`, { to: 'm-nav-stpaul@assisters.example.org', subject: 'PAL check', text: 'check' })).rejects.toThrow(/not delivered yet/);
  refusing.close();
  await sql`update outbox set created_at = now() - interval '10 minutes' where key = ${`lead/${leadId}/2/referral`}`;
  // Two open escalations of one kind, one resolved of another; one report submission.
  for (const key of ['a', 'b', 'c']) await openEscalation(sql, { key: `metrics-test/${key}`, kind: key === 'c' ? 'review-flag' : 'contact-overdue', assisterId: 'm-nav-stpaul' });
  const flag = (await openEscalations(sql)).find((e) => e.kind === 'review-flag')!;
  await resolveEscalation(sql, flag.id, 'coordinator@example.org', 'test');
  await storeSubmission(sql, 'm-nav-stpaul', reportPeriod(OE5_REPORT_CALENDAR, 1), 'a'.repeat(64));
  // The schedule the worker created, run once by hand and paused.
  const schedule = client.schedule.getHandle(REPORT_SCHEDULE_ID);
  await schedule.trigger();
  await schedule.pause('metrics test');
  const taken = (await eventually(() => schedule.describe(), (d) => d.info.recentActions.length > 0)).info.recentActions.at(-1)!.takenAt;

  const full = await eventually(scrape, (s) => sample(s, 'pal_report_schedule_paused') === 1 && sample(s, 'pal_report_submissions') === 1 && sample(s, 'pal_outbox_backlog') === 2);
  expect({
    leads: sample(full, 'pal_leads_created'),
    sent: sample(full, 'pal_referrals_sent'),
    failed: sample(full, 'pal_referrals_failed'),
    backlog: sample(full, 'pal_outbox_backlog'),
    contactOverdue: sample(full, 'pal_escalations_open', { kind: 'contact-overdue' }),
    reviewFlag: sample(full, 'pal_escalations_open', { kind: 'review-flag' }),
    submissions: sample(full, 'pal_report_submissions'),
    lastRun: sample(full, 'pal_report_schedule_last_run_timestamp_seconds'),
    paused: sample(full, 'pal_report_schedule_paused'),
  }).toEqual({ leads: 1, sent: 1, failed: 1, backlog: 2, contactOverdue: 2, reviewFlag: 0, submissions: 1, lastRun: Math.floor(taken.getTime() / 1000), paused: 1 });
  expect(sample(full, 'pal_outbox_oldest_unsent_age_seconds')).toBeGreaterThanOrEqual(600);
  expect(sample(full, 'pal_outbox_oldest_unsent_age_seconds')).toBeLessThan(700);
  for (const source of ['database', 'schedule']) expect(sample(full, 'pal_metrics_refreshed_timestamp_seconds', { source })).toBeGreaterThan(Date.now() / 1000 - 10);
  // Temporal's own, prefixed temporal_: the worker started on its task queue, and its pollers.
  expect(sample(full, 'temporal_worker_start', { task_queue: taskQueue })).toBe(1);
  expect(sample(full, 'temporal_num_pollers', { task_queue: taskQueue, poller_type: 'workflow_task' })).toBeGreaterThan(0);

  // The database failing to answer: the last values stay, said once in the log, and the worker keeps running.
  const output = async () => worker!.output.join('');
  await sql`alter table escalations rename to escalations_away`;
  const failure = 'worker: metrics: cannot read the database, keeping the last values: relation "escalations" does not exist';
  expect(await eventually(output, (o) => o.includes(failure))).toContain(failure);
  const failedAt = Date.now() / 1000;
  const stale = await eventually(scrape, (s) => sample(s, 'pal_metrics_refreshed_timestamp_seconds', { source: 'schedule' })! > failedAt + 1);
  expect(sample(stale, 'pal_escalations_open', { kind: 'contact-overdue' })).toBe(2);
  expect(sample(stale, 'pal_metrics_refreshed_timestamp_seconds', { source: 'database' })).toBeLessThanOrEqual(failedAt);
  expect((await output()).match(/cannot read the database/g)).toHaveLength(1);
  await sql`alter table escalations_away rename to escalations`;
  expect(await eventually(output, (o) => o.includes('database read again'))).toContain('worker: metrics: database read again');

  // SIGTERM: the worker drains, stops refreshing and exits cleanly.
  worker.process.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
  worker = undefined;
});
