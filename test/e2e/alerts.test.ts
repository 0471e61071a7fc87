// Alerts to the coordinator on the shared dev server: each condition raises one email however many checks see it,
// and one more when it clears. The suite has a task queue, a schedule id, a database and a recipient of its own.
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createMailer, type Mailer } from '../../activities/mailer';
import { runAlertsOnce, startAlerts, type AlertDeps } from '../../client/alerts';
import { checkHealth, newTaskScan } from '../../client/health';
import { projectRoot } from '../../client/devstack/tools';
import { freePort } from '../../client/devstack/ports';
import { mailConfig } from '../../platform/config';
import { connectClient, connectionOptions } from '../../platform/temporal';
import type { Sql } from '../../store/database';
import { createWorker } from '../../workers/worker';
import { createTestDatabase, testDatabaseUrl } from '../support/database';
import { eventually } from '../support/eventually';
import { mailsMatching } from '../support/mail';
import { testWorkflowBundle } from '../support/workflow-bundle';

const id = randomUUID().slice(0, 8);
const taskQueue = `test-alerts-${id}`;
// The schedule's runs go to a queue no worker serves: they stay running until the test ends them.
const idleQueue = `${taskQueue}-idle`;
// Workflows whose tasks fail, started first so they have failed twice by the time their test reads them.
const roundQueue = `${taskQueue}-round`;
const scheduleId = `test-alerts-${id}`;
const to = `alerts-${id}@example.test`;
const ui = 'http://temporal-ui.example.test/namespaces/default';

let sql: Sql;
let client: Client;
let connection: NativeConnection;
let mailer: Mailer;
let worker: { worker: Worker; running: Promise<void> } | undefined;
let roundWorker: { worker: Worker; running: Promise<void> } | undefined;
const logged: string[] = [];
let deps: AlertDeps;

beforeAll(async () => {
  sql = await createTestDatabase();
  client = await connectClient();
  connection = await NativeConnection.connect(connectionOptions());
  mailer = createMailer(mailConfig());
  deps = { client, sql, mailer, taskQueue, scheduleId, outboxMinutes: 30, to, temporalUiUrl: ui, log: (m) => logged.push(m) };
  for (const n of [1, 2, 3]) await client.workflow.start('alertsTestWorkflowNotInTheBundle', { taskQueue: roundQueue, workflowId: `${roundQueue}-${n}`, args: [] });
  const w = await createWorker({ connection, namespace: 'default', taskQueue: roundQueue, sql, mailer, workflowBundle: testWorkflowBundle() });
  roundWorker = { worker: w, running: w.run() };
});

afterAll(async () => {
  await client?.schedule.getHandle(scheduleId).delete().catch(() => undefined);
  for await (const wf of client.workflow.list({ query: `ExecutionStatus = 'Running' AND (TaskQueue = '${taskQueue}' OR TaskQueue = '${idleQueue}' OR TaskQueue = '${roundQueue}')` }))
    await client.workflow.getHandle(wf.workflowId).terminate('test: alerts suite ends');
  for (const w of [worker, roundWorker]) w?.worker.shutdown();
  await Promise.all([worker?.running, roundWorker?.running]);
  await connection?.close();
  await client?.connection.close();
  mailer?.close();
  await sql?.end();
});

/** Subjects of the suite's alert emails about `kind`: raised and cleared. */
async function alertMails(kind: string) {
  const mails = await mailsMatching({ to });
  const about = (prefix: string) => mails.filter((m) => m.Subject.startsWith(`${prefix}: ${kind} (`));
  return { raised: about('PAL alert'), cleared: about('PAL alert cleared') };
}

const kinds = (problems: { kind: string }[]) => problems.map((p) => p.kind);

/** Two checks in a row (as two runs of the loop, or two API processes, would make): the second finds nothing new. */
async function checkTwice(d: AlertDeps = deps) {
  await runAlertsOnce(d);
  return runAlertsOnce(d);
}

test('a task queue no worker polls is alerted once, and cleared once a worker polls it', async () => {
  expect(kinds(await checkTwice())).toEqual(['schedule-missing', 'no-poller']);
  const { raised: [raised, ...more] } = await alertMails('no-poller');
  expect(more).toHaveLength(0);
  expect(raised!.Subject).toBe(`PAL alert: no-poller (${taskQueue})`);
  expect(raised!.Text).toContain(`No worker has asked task queue ${taskQueue} for workflow tasks or activity tasks in the last 2 minutes.`);
  expect(raised!.Text).toContain(`Temporal UI: ${ui}/task-queues/${taskQueue}`);
  expect(raised!.Text).toContain('"On call"');

  // Temporal out of reach: its checks cannot be made, and what they found before has not cleared.
  const cutOff = await connectClient();
  await cutOff.connection.close();
  expect(kinds(await runAlertsOnce({ ...deps, client: cutOff }))).toEqual([]);
  expect(logged.filter((m) => m.startsWith('alerts: could not check the '))).toHaveLength(3);
  expect(await alertMails('no-poller')).toMatchObject({ raised: [{}], cleared: [] });

  const w = await createWorker({ connection, namespace: 'default', taskQueue, sql, mailer, workflowBundle: testWorkflowBundle() });
  worker = { worker: w, running: w.run() };
  await eventually(() => runAlertsOnce(deps), (p) => !kinds(p).includes('no-poller'));
  await runAlertsOnce(deps);
  expect(await alertMails('no-poller')).toMatchObject({ raised: [{}], cleared: [{ Subject: `PAL alert cleared: no-poller (${taskQueue})` }] });
});

test('the report schedule: missing, paused, not run for too long, and its last run failed, each alerted and cleared once', async () => {
  expect((await alertMails('schedule-missing')).raised).toHaveLength(1);
  const schedule = await client.schedule.create({
    scheduleId,
    // New Year's Day only: it never fires during the test, which triggers it.
    spec: { calendars: [{ month: 'JANUARY', dayOfMonth: 1, hour: 3 }] },
    action: { type: 'startWorkflow', workflowType: 'reportCycleWorkflow', workflowId: `${scheduleId}-run`, taskQueue: idleQueue, args: [{}] },
    state: { paused: true, note: 'test: paused' },
  });
  expect(kinds(await checkTwice())).toEqual(['schedule-paused']);
  expect(await alertMails('schedule-missing')).toMatchObject({ raised: [{}], cleared: [{}] });
  const paused = await alertMails('schedule-paused');
  expect(paused.raised).toHaveLength(1);
  expect(paused.raised[0]!.Text).toContain(`The schedule ${scheduleId} is paused`);
  expect(paused.raised[0]!.Text).toContain(`Temporal UI: ${ui}/schedules/${scheduleId}`);

  await schedule.unpause();
  expect(kinds(await checkTwice())).toEqual([]);
  expect(await alertMails('schedule-paused')).toMatchObject({ raised: [{}], cleared: [{}] });

  // A day and more later without a run (the clock moved on; the schedule's last change was the unpause).
  const later = { ...deps, now: () => new Date(Date.now() + 27 * 3600_000) };
  expect(kinds(await checkTwice(later))).toEqual(['schedule-late']);
  expect((await alertMails('schedule-late')).raised[0]!.Text).toMatch(new RegExp(`The schedule ${scheduleId} has not run for 2[67] hours`));
  expect(kinds(await checkTwice())).toEqual([]);
  expect(await alertMails('schedule-late')).toMatchObject({ raised: [{}], cleared: [{}] });

  await schedule.trigger();
  const first = await eventually(() => schedule.describe(), (s) => s.info.recentActions.length === 1);
  const run = first.info.recentActions[0]!.action.workflow;
  await client.workflow.getHandle(run.workflowId).terminate('test: the run failed');
  expect(kinds(await checkTwice())).toEqual(['schedule-failed']);
  const failed = await alertMails('schedule-failed');
  expect(failed.raised).toHaveLength(1);
  expect(failed.raised[0]!.Text).toContain(`The last run of the schedule ${scheduleId} (workflow ${run.workflowId}) ended terminated.`);
  expect(failed.raised[0]!.Text).toContain(`Temporal UI: ${ui}/workflows/${encodeURIComponent(run.workflowId)}`);

  // The next run is running: the last run no longer failed.
  await schedule.trigger();
  await eventually(() => schedule.describe(), (s) => s.info.recentActions.length === 2);
  expect(kinds(await checkTwice())).toEqual([]);
  expect(await alertMails('schedule-failed')).toMatchObject({ raised: [{}], cleared: [{}] });
});

test('an email stuck in the outbox is alerted once, also when the mail server is down at first, and cleared once it is sent', async () => {
  const key = `test-alerts/${id}`;
  await sql`insert into outbox (key, recipient, message_id, created_at) values (${key}, 'someone@example.test', '<x@example.test>', now() - interval '31 minutes')`;

  // The mail server refuses: the episode is raised, its email stays owed and the check goes on.
  const down = createMailer(mailConfig({ ...process.env, SMTP_PORT: String(await freePort()) }));
  try {
    expect(kinds(await checkTwice({ ...deps, mailer: down }))).toEqual(['outbox-stuck']);
  } finally {
    down.close();
  }
  expect(logged.filter((m) => m.includes('outbox-stuck'))).toHaveLength(2);
  expect(logged.join('\n')).not.toContain('someone@example.test');
  expect((await alertMails('outbox-stuck')).raised).toHaveLength(0);

  // `pal check` reports the same problem and exits 1.
  const env = { ...process.env, DATABASE_URL: testDatabaseUrl(sql), TEMPORAL_TASK_QUEUE: taskQueue };
  const check = await promisify(execFile)(join(projectRoot, 'bin', 'pal.js'), ['check'], { cwd: projectRoot, env }).then(
    () => ({ code: 0, stdout: '' }),
    (e: { code: number; stdout: string }) => e,
  );
  expect(check.code).toBe(1);
  expect(check.stdout).toContain('Nothing missing.');
  expect(check.stdout).toContain('problem outbox-stuck (outbox): 1 email has waited more than 30 minutes to be sent (the oldest 31 minutes).');

  // The mail server is back: the owed email goes, once.
  expect(kinds(await checkTwice())).toEqual(['outbox-stuck']);
  const stuck = await alertMails('outbox-stuck');
  expect(stuck.raised).toHaveLength(1);
  expect(stuck.raised[0]!.Text).toContain('1 email has waited more than 30 minutes');
  expect(stuck.raised[0]!.Text).not.toContain('someone@example.test');

  await sql`update outbox set status = 'sent', sent_at = now() where key = ${key}`;
  expect(kinds(await checkTwice())).toEqual([]);
  expect(await alertMails('outbox-stuck')).toMatchObject({ raised: [{}], cleared: [{}] });
});

test('a workflow whose workflow task keeps failing is alerted once, and cleared once it is gone', async () => {
  // A workflow type the worker does not have (as after a deploy that dropped or renamed it): each task fails.
  const wf = await client.workflow.start('alertsTestWorkflowNotInTheBundle', { taskQueue, workflowId: `${taskQueue}-failing`, args: [] });
  const found = await eventually(() => runAlertsOnce(deps), (p) => kinds(p).includes('workflow-task-failing'), 30_000);
  expect(found).toEqual([expect.objectContaining({ kind: 'workflow-task-failing', subject: taskQueue })]);
  await runAlertsOnce(deps);
  const failing = await alertMails('workflow-task-failing');
  expect(failing.raised).toHaveLength(1);
  expect(failing.raised[0]!.Text).toContain(`1 workflow on task queue ${taskQueue} cannot make progress: the workflow task keeps failing (${wf.workflowId}).`);

  await wf.terminate('test: fixed by terminating');
  expect(kinds(await checkTwice())).toEqual([]);
  expect(await alertMails('workflow-task-failing')).toMatchObject({ raised: [{}], cleared: [{}] });
});

test('a daily purge that started long ago and never finished is alerted once, and cleared once a later run finishes', async () => {
  const policy = sql.json({});
  await sql`insert into retention_runs (started_at, as_of, policy) values (now() - interval '6 hours', now() - interval '6 hours', ${policy})`;
  expect(kinds(await checkTwice())).toContain('retention-failed');
  const { raised } = await alertMails('retention-failed');
  expect(raised).toHaveLength(1);
  expect(raised[0]!.Subject).toBe('PAL alert: retention-failed (retention)');
  expect(raised[0]!.Text).toContain("has not finished; it tries again with tomorrow's report cycle.");

  await sql`insert into retention_runs (as_of, policy, finished_at) values (now(), ${policy}, now())`;
  expect(kinds(await checkTwice())).not.toContain('retention-failed');
  expect(await alertMails('retention-failed')).toMatchObject({ raised: [{}], cleared: [{}] });
});

test("the alert loop reads a bounded round of running workflows per check, and keeps reading those it found failing", async () => {
  const round = { ...deps, taskQueue: roundQueue };
  const failingNow = (p: Awaited<ReturnType<typeof runAlertsOnce>>) => Number(/^(\d+) workflow/.exec(p.find((x) => x.kind === 'workflow-task-failing')?.summary ?? '')?.[1] ?? 0);
  // Every one has failed twice: a full check (pal check's) finds all three.
  await eventually(() => checkHealth(round), (h) => failingNow(h.problems) === 3, 30_000);
  const taskScan = newTaskScan(1);
  const counts: number[] = [];
  for (let i = 0; i < 4; i++) counts.push(failingNow((await checkHealth({ ...round, taskScan })).problems));
  expect(counts).toEqual([1, 2, 3, 3]);
  await client.workflow.getHandle(`${roundQueue}-1`).terminate('test: recovered');
  expect(failingNow((await checkHealth({ ...round, taskScan })).problems)).toBe(2);
  await Promise.all([2, 3].map((n) => client.workflow.getHandle(`${roundQueue}-${n}`).terminate('test: recovered')));
  expect(failingNow((await checkHealth({ ...round, taskScan })).problems)).toBe(0);
});

test("the API process's loop checks every interval until stopped", async () => {
  const key = `test-alerts/${id}/loop`;
  await sql`insert into outbox (key, recipient, message_id, created_at) values (${key}, 'someone@example.test', '<y@example.test>', now() - interval '31 minutes')`;
  // Two API processes: one leads and checks, the other waits; when the first stops, the other takes over.
  const loop = startAlerts(deps, 100);
  const other = startAlerts({ ...deps, log: () => undefined }, 100);
  try {
    const mails = await eventually(() => alertMails('outbox-stuck'), (m) => m.raised.length === 2);
    expect(mails.raised).toHaveLength(2); // this episode's, after the one of the test above
    expect([loop.leading, other.leading].sort()).toEqual([false, true]);
    const [leader, follower] = loop.leading ? [loop, other] : [other, loop];
    await leader.stop();
    await eventually(async () => follower.leading, (l) => l);
  } finally {
    await Promise.all([loop.stop(), other.stop()]);
  }
  await sql`update outbox set status = 'sent', sent_at = now() where key = ${key}`;
  // Stopped: nothing checks any more, so nothing clears.
  await new Promise((r) => setTimeout(r, 300));
  expect((await alertMails('outbox-stuck')).cleared).toHaveLength(1);
  await runAlertsOnce(deps);
  expect((await alertMails('outbox-stuck')).cleared).toHaveLength(2);
});
