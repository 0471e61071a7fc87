// Alerts to the coordinator (README "Alerts"): each run checks PAL's health (./health.ts), opens an episode for each
// new problem and closes the episodes whose problem is gone, then sends what is owed: one email when an episode opens
// and one when it clears, each through the outbox under a key of its episode, so it goes once whichever API process
// sends it. An email that cannot go (the mail server is the problem) stays owed and is tried again next run.
import { sendOnce } from '../activities/outbox';
import type { Mailer } from '../activities/mailer';
import { alertLeadership, clearAlertEpisode, markAlertNotified, openAlertEpisodes, raiseAlertEpisode, unnotifiedAlertEpisodes, type AlertEpisode } from '../store/alerts';
import { checkHealth, newTaskScan, type AlertKind, type HealthDeps, type HealthProblem } from './health';

export interface AlertDeps extends HealthDeps {
  mailer: Mailer;
  /** Who is told. */
  to: string;
  /** Temporal UI's namespace page (…/namespaces/<ns>), when configured: emails link the schedule, workflow or task queue. */
  temporalUiUrl?: string;
  log?: (message: string) => void;
}

const WHAT_TO_DO: Record<AlertKind, string> = {
  'schedule-missing': 'Start the worker (it creates the schedule) or run `pal report schedule`.',
  'schedule-paused': 'Find out who paused it and why (the note in Temporal UI, Schedules); unpause it there when reports should go out again.',
  'schedule-failed': "Open the run in Temporal UI to see why it failed; the next day's run starts on its own, or trigger the schedule there.",
  'schedule-late': 'Check that the Temporal service and the worker are running; trigger the schedule in Temporal UI to run it now.',
  'outbox-stuck': "Check the mail server (SMTP) and the worker's log; waiting emails go out on their own once the mail server takes them.",
  'workflow-task-failing': 'Usually a workflow change deployed without wf.patched: roll the worker back, or fix and deploy again (README "Changing a workflow safely").',
  'no-poller': 'Start the worker (npm run worker) or find out why it stopped.',
  'retention-failed': "Open the day's report-cycle workflow in Temporal UI to see why the applyRetention activity failed (often the database); once fixed, trigger the report schedule to purge at once.",
};

/** One check: returns the problems found now. */
export async function runAlertsOnce(deps: AlertDeps): Promise<HealthProblem[]> {
  const log = deps.log ?? console.warn;
  const { problems, unchecked } = await checkHealth(deps);
  for (const u of unchecked) log(`alerts: could not check the ${u.check}: ${u.error}`);
  const uncheckedKinds = new Set<string>(unchecked.flatMap((u) => u.kinds));
  const key = (p: { kind: string; subject: string }) => `${p.kind} ${p.subject}`;
  const open = new Map((await openAlertEpisodes(deps.sql)).map((e) => [key(e), e]));
  const now = new Set(problems.map(key));
  for (const p of problems) if (!open.has(key(p))) await raiseAlertEpisode(deps.sql, p);
  // A problem not found because its check could not be made has not cleared.
  for (const [k, e] of open) if (!now.has(k) && !uncheckedKinds.has(e.kind)) await clearAlertEpisode(deps.sql, e.id);

  const uiPaths = new Map(problems.map((p) => [key(p), p.uiPath]));
  for (const e of await unnotifiedAlertEpisodes(deps.sql)) {
    try {
      if (!e.notifiedAt) {
        await sendOnce(deps.sql, deps.mailer, `alert/${e.id}`, raisedEmail(deps, e, uiPaths.get(key(e))));
        await markAlertNotified(deps.sql, e.id, 'raised');
      }
      if (e.clearedAt) {
        await sendOnce(deps.sql, deps.mailer, `alert-cleared/${e.id}`, clearedEmail(deps, e));
        await markAlertNotified(deps.sql, e.id, 'cleared');
      }
    } catch (err) {
      // sendOnce's error names the outbox key and SMTP codes only.
      log(`alerts: alert ${e.id} (${e.kind}) not emailed yet: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return problems;
}

function raisedEmail(deps: AlertDeps, e: AlertEpisode, uiPath: string | undefined) {
  const link = deps.temporalUiUrl && uiPath ? [``, `Temporal UI: ${deps.temporalUiUrl}/${uiPath}`] : [];
  const text = [e.summary, ``, `What to do: ${WHAT_TO_DO[e.kind as AlertKind] ?? 'See the README.'}`, `The README's "On call" section explains each alert (${e.kind}).`, ...link, ``, `PAL emails you once more when this clears.`];
  return { to: deps.to, subject: `PAL alert: ${e.kind} (${e.subject})`, text: text.join('\n') };
}

function clearedEmail(deps: AlertDeps, e: AlertEpisode) {
  const text = [`Cleared: ${e.summary}`, ``, `PAL found this problem on ${e.raisedAt.toISOString()} and no longer finds it.`];
  return { to: deps.to, subject: `PAL alert cleared: ${e.kind} (${e.subject})`, text: text.join('\n') };
}

/**
 * Runs a check every `intervalMs`, never two at once, and only while this process leads (of several API processes,
 * one checks); stop() waits for the one under way. The first check waits one interval too, so processes deployed
 * together (the API before the worker) do not alert on each other's start.
 */
export function startAlerts(deps: AlertDeps, intervalMs: number): { stop(): Promise<void>; readonly leading: boolean } {
  let stopped = false;
  // One process checks at a time: each keeps its own round of the running workflows, and two rounds would clear
  // each other's alerts.
  const leadership = alertLeadership(deps.sql);
  let leading = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  // One round through the running workflows, kept from check to check.
  const checks = { ...deps, taskScan: deps.taskScan ?? newTaskScan() };
  const tick = () => {
    running = leadership
      .hold()
      .then(async (held) => {
        leading = held;
        if (held) await runAlertsOnce(checks);
      })
      .catch((err: unknown) => (deps.log ?? console.warn)(`alerts: health check failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await leadership.release();
    },
    get leading() {
      return leading;
    },
  };
}
