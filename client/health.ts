// PAL's health as the person on call sees it (README "Alerts"): the report schedule, the outbox, workflows whose
// workflow task keeps failing, and the task queue's workers. Each problem names what it is about (a schedule id, a
// task queue, workflow ids) and counts, never a consumer. Shared by the alert loop (./alerts.ts) and `pal check`.
import { isGrpcServiceError, ScheduleNotFoundError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { REPORT_SCHEDULE_ID } from '../contracts/report';
import type { Sql } from '../store/database';
import { stuckOutbox } from '../store/alerts';
import { latestRetentionRuns } from '../store/retention';

export const ALERT_KINDS = ['schedule-missing', 'schedule-paused', 'schedule-failed', 'schedule-late', 'outbox-stuck', 'workflow-task-failing', 'no-poller', 'retention-failed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface HealthProblem {
  kind: AlertKind;
  /** What the problem is about: a schedule id, 'outbox', or a task queue. */
  subject: string;
  /** One line, counts and ids only. */
  summary: string;
  /** Where to look in Temporal UI, as a path under the namespace (schedules/<id>, workflows/<id>, task-queues/<name>). */
  uiPath?: string;
}

/**
 * The schedule fires daily at 08:00 Minnesota time, so runs are 23 to 25 hours apart around a daylight-saving change;
 * an hour more covers a run that starts late (the server catching up after a restart within the schedule's one-day
 * catch-up window) and the alert loop's own interval. Longer than that without a run means a day was missed.
 */
export const SCHEDULE_RUN_ALLOWANCE_MS = 26 * 3600_000;
/**
 * A worker polls without pause (each long poll lasts up to about a minute), so a poll older than two minutes means no
 * worker is taking tasks; Temporal forgets a poller after five minutes.
 */
export const POLLER_ALLOWANCE_MS = 2 * 60_000;
/** Temporal's own flag (TemporalReportedProblems, newer servers) marks a workflow after two consecutive task failures. */
export const REPEATED_TASK_FAILURES = 2;

export interface HealthDeps {
  client: Client;
  sql: Sql;
  taskQueue: string;
  scheduleId?: string;
  outboxMinutes: number;
  scheduleRunAllowanceMs?: number;
  /** The alert loop's round of the running workflows (newTaskScan); without it every running workflow is read. */
  taskScan?: TaskScan;
  /** The clock the schedule's last run is measured against (tests move it on). */
  now?: () => Date;
}

export interface Health {
  problems: HealthProblem[];
  /** Checks that could not be made (Temporal or PostgreSQL unreachable): their problems are neither found nor cleared. */
  unchecked: { check: string; kinds: AlertKind[]; error: string }[];
}

const CHECKS: { check: string; kinds: AlertKind[]; run: (deps: HealthDeps) => Promise<HealthProblem[]> }[] = [
  { check: 'report schedule', kinds: ['schedule-missing', 'schedule-paused', 'schedule-failed', 'schedule-late'], run: scheduleProblems },
  { check: 'outbox', kinds: ['outbox-stuck'], run: outboxProblems },
  { check: 'workflow tasks', kinds: ['workflow-task-failing'], run: failingWorkflowProblems },
  { check: 'workers', kinds: ['no-poller'], run: pollerProblems },
  { check: 'retention purge', kinds: ['retention-failed'], run: retentionProblems },
];

/** Every check, each on its own: one that cannot be made (Temporal down) leaves the others' answers. */
export async function checkHealth(deps: HealthDeps): Promise<Health> {
  const results = await Promise.allSettled(CHECKS.map((c) => c.run(deps)));
  const health: Health = { problems: [], unchecked: [] };
  for (const [i, r] of results.entries()) {
    if (r.status === 'fulfilled') health.problems.push(...r.value);
    else health.unchecked.push({ check: CHECKS[i]!.check, kinds: CHECKS[i]!.kinds, error: r.reason instanceof Error ? r.reason.message : String(r.reason) });
  }
  return health;
}

const FAILED_RUN = new Set(['FAILED', 'TERMINATED', 'TIMED_OUT']);

async function scheduleProblems(deps: HealthDeps): Promise<HealthProblem[]> {
  const id = deps.scheduleId ?? REPORT_SCHEDULE_ID;
  const problem = (kind: AlertKind, summary: string): HealthProblem[] => [{ kind, subject: id, summary, uiPath: `schedules/${id}` }];
  let schedule;
  try {
    schedule = await deps.client.schedule.getHandle(id).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return [{ kind: 'schedule-missing', subject: id, summary: `The schedule ${id} does not exist; no report cycle runs.` }];
    throw err;
  }
  if (schedule.state.paused) return problem('schedule-paused', `The schedule ${id} is paused; no report cycle runs until it is unpaused.`);
  const last = schedule.info.recentActions.at(-1); // oldest first
  if (last?.action.type === 'startWorkflow') {
    const { workflowId } = last.action.workflow;
    try {
      const run = await deps.client.workflow.getHandle(workflowId).describe();
      if (FAILED_RUN.has(run.status.name)) return [{ kind: 'schedule-failed', subject: id, summary: `The last run of the schedule ${id} (workflow ${workflowId}) ended ${run.status.name.toLowerCase().replace('_', ' ')}.`, uiPath: `workflows/${encodeURIComponent(workflowId)}` }];
    } catch (err) {
      // Gone with the namespace's retention: too old to call failed (a late run is reported below).
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  // The last sign of life: its last run, or its creation or last change (an unpause) if later.
  const since = Math.max(last?.takenAt.getTime() ?? 0, schedule.info.createdAt.getTime(), schedule.info.lastUpdatedAt?.getTime() ?? 0);
  const idleMs = (deps.now?.() ?? new Date()).getTime() - since;
  if (idleMs > (deps.scheduleRunAllowanceMs ?? SCHEDULE_RUN_ALLOWANCE_MS)) return problem('schedule-late', `The schedule ${id} has not run for ${Math.floor(idleMs / 3600_000)} hours.`);
  return [];
}

async function outboxProblems(deps: HealthDeps): Promise<HealthProblem[]> {
  const { count, oldestMinutes } = await stuckOutbox(deps.sql, deps.outboxMinutes);
  if (!count) return [];
  return [{ kind: 'outbox-stuck', subject: 'outbox', summary: `${count} ${count === 1 ? 'email has' : 'emails have'} waited more than ${deps.outboxMinutes} minutes to be sent (the oldest ${oldestMinutes} minutes).` }];
}

const GRPC_NOT_FOUND = 5;

/** How many running workflows' pending tasks one check of the alert loop reads (each check reads the next ones). */
export const TASK_SCAN_LIMIT = 500;

/**
 * The alert loop's place in its round of the running workflows, and those found failing (read again every check until
 * they recover, so their alert does not clear while the round is elsewhere).
 */
export interface TaskScan {
  limit: number;
  next: number;
  failing: Set<string>;
}

export const newTaskScan = (limit = TASK_SCAN_LIMIT): TaskScan => ({ limit, next: 0, failing: new Set() });

/**
 * Running workflows on the task queue whose pending workflow task has failed or timed out repeatedly (a
 * nondeterminism error after a deploy, a bug that throws). Temporal 1.29 (the dev server's) has no
 * TemporalReportedProblems search attribute, so each running workflow's pending task is read, ten at a time: all of
 * them for `pal check`; for the alert loop (`taskScan`), the known failing ones and the next `limit` of the round, so
 * the reads a check makes do not grow with the open leads (the list does, at about 70 ms per 1,000), and a new
 * failure is found within a round.
 */
async function failingWorkflowProblems(deps: HealthDeps): Promise<HealthProblem[]> {
  const { client, taskQueue, taskScan } = deps;
  const running: { workflowId: string; runId: string }[] = [];
  for await (const wf of client.workflow.list({ query: `ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue.replace(/'/g, '')}'` })) running.push({ workflowId: wf.workflowId, runId: wf.runId });
  let toRead = running;
  if (taskScan && running.length > taskScan.limit) {
    const start = taskScan.next % running.length;
    const round = [...running.slice(start), ...running.slice(0, start)].slice(0, taskScan.limit);
    taskScan.next = start + round.length;
    const inRound = new Set(round.map((w) => w.workflowId));
    toRead = [...running.filter((w) => taskScan.failing.has(w.workflowId) && !inRound.has(w.workflowId)), ...round];
  }
  const failing: string[] = [];
  // The attempt of a workflow's pending task counts the failures before it.
  for (let i = 0; i < toRead.length; i += 10) {
    const described = await Promise.all(
      toRead.slice(i, i + 10).map((execution) =>
        client.workflowService.describeWorkflowExecution({ namespace: client.options.namespace, execution }).catch((err: unknown) => {
          // Closed and gone since the list: not failing. Anything else means the check could not be made.
          if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) return undefined;
          throw err;
        }),
      ),
    );
    for (const [j, d] of described.entries()) if ((d?.pendingWorkflowTask?.attempt ?? 1) - 1 >= REPEATED_TASK_FAILURES) failing.push(toRead[i + j]!.workflowId);
  }
  if (taskScan) {
    // Recovered ones leave the set; so do those closed since.
    const read = new Set(toRead.map((w) => w.workflowId));
    const stillRunning = new Set(running.map((w) => w.workflowId));
    for (const id of taskScan.failing) if (read.has(id) || !stillRunning.has(id)) taskScan.failing.delete(id);
    for (const id of failing) taskScan.failing.add(id);
    failing.splice(0, failing.length, ...taskScan.failing);
  }
  if (!failing.length) return [];
  failing.sort();
  const named = failing.slice(0, 5).join(', ') + (failing.length > 5 ? ` and ${failing.length - 5} more` : '');
  return [
    {
      kind: 'workflow-task-failing',
      subject: taskQueue,
      summary: `${failing.length} ${failing.length === 1 ? 'workflow' : 'workflows'} on task queue ${taskQueue} cannot make progress: the workflow task keeps failing (${named}).`,
      uiPath: failing.length === 1 ? `workflows/${encodeURIComponent(failing[0]!)}` : `workflows?query=${encodeURIComponent(`TaskQueue="${taskQueue}" AND ExecutionStatus="Running"`)}`,
    },
  ];
}

/** Longer than the purge's attempts can take (an hour each at most, and their waits): its newest run is not finishing. */
export const PURGE_ALLOWANCE_MS = 5 * 3600_000;

/** The daily purge's newest run (each attempt records one) started long ago and never finished. */
async function retentionProblems(deps: HealthDeps): Promise<HealthProblem[]> {
  const [run] = await latestRetentionRuns(deps.sql, 1);
  if (!run || run.finishedAt || (deps.now?.() ?? new Date()).getTime() - run.startedAt.getTime() < PURGE_ALLOWANCE_MS) return [];
  return [{ kind: 'retention-failed', subject: 'retention', summary: `The retention policy's daily purge started at ${run.startedAt.toISOString()} has not finished; it tries again with tomorrow's report cycle.` }];
}

async function pollerProblems(deps: HealthDeps): Promise<HealthProblem[]> {
  const { client, taskQueue } = deps;
  const since = Date.now() - POLLER_ALLOWANCE_MS;
  const { TaskQueueType } = temporal.api.enums.v1;
  const idle: string[] = [];
  for (const [type, words] of [
    [TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, 'workflow tasks'],
    [TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, 'activity tasks'],
  ] as const) {
    const { pollers } = await client.workflowService.describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name: taskQueue }, taskQueueType: type });
    if (!pollers?.some((p) => (optionalTsToMs(p.lastAccessTime) ?? 0) >= since)) idle.push(words);
  }
  if (!idle.length) return [];
  return [{ kind: 'no-poller', subject: taskQueue, summary: `No worker has asked task queue ${taskQueue} for ${idle.join(' or ')} in the last ${POLLER_ALLOWANCE_MS / 60_000} minutes.`, uiPath: `task-queues/${encodeURIComponent(taskQueue)}` }];
}

/** The lines `pal check` prints. */
export function healthLines(health: Health): string[] {
  const lines = [...health.problems.map((p) => `problem ${p.kind} (${p.subject}): ${p.summary}`), ...health.unchecked.map((u) => `could not check the ${u.check}: ${u.error}`)];
  return lines.length ? lines : [`Health: no problems (${CHECKS.map((c) => c.check).join(', ')}).`];
}
