// The biweekly report: a daily schedule starts reportCycleWorkflow at 08:00 Minnesota time; on a report-sent date
// it starts one assisterReportWorkflow per assister that owes a report. Each sends the workbook, then waits for a
// complete return: a reminder two business days before the due date, escalation when it passes, late returns
// still accepted until the assister's next report goes out and carries the rows still without an outcome over.
import { defineSearchAttributeKey, SearchAttributeType, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import { lateReportsUntil } from '../domain/late-reports';
import type { ReportPeriod } from '../domain/report-calendar';
import { minnesotaDate } from '../domain/time';
import { assisterReportWorkflowId, reportCarriedOverSignal, reportStatusQuery, reportSubmittedSignal, type AssisterReportStatus } from '../contracts/report';
import { longStep, reportStep, retryUntilDone } from './activity-options';

const acts = wf.proxyActivities<Activities>(reportStep);
// A first purge after a long pause may have thousands of rows: the heartbeat, not the timeout, tells a lost worker.
// Tried a few times only: a purge that keeps failing must not hold up tomorrow's cycle (the schedule skips a day
// while a run goes on); the next day tries again, and `pal check` and the alerts report it (retention-failed).
const purge = wf.proxyActivities<Activities>({ ...longStep('1 hour', '1 minute'), retry: { ...retryUntilDone, maximumAttempts: 4 } });

const TemporalScheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export async function reportCycleWorkflow(input: { date?: string } = {}): Promise<{ period?: ReportPeriod; assisterIds: string[] }> {
  // The schedule's planned time, not the run's: a run caught up the next day still serves its own date.
  const scheduled = wf.workflowInfo().typedSearchAttributes.get(TemporalScheduledStartTime);
  const date = input.date ?? minnesotaDate(scheduled ?? new Date());
  // The day after a report was due, each assister's figures for that period are reviewed.
  await acts.reviewAssisterPerformance(date);
  // Added after histories were recorded: older runs replay without the certification alerts.
  if (wf.patched('certification-alerts')) await acts.sendCertificationAlerts(date);
  const cycle = await acts.reportCycleFor(date);
  if (cycle) await startAssisterReports(cycle);
  // Added after histories were recorded: the retention policy's daily purge, after the reports are on their way.
  if (wf.patched('retention')) {
    try {
      await purge.applyRetention();
    } catch (err) {
      // The failure stays in this run's history; the reports above are already on their way.
      wf.log.warn('retention purge failed; tomorrow tries again', { error: err instanceof Error ? err.message : String(err) });
    }
  }
  return cycle ?? { assisterIds: [] };
}

async function startAssisterReports(cycle: { period: ReportPeriod; assisterIds: string[] }): Promise<void> {
  for (const assisterId of cycle.assisterIds) {
    try {
      await wf.startChild(assisterReportWorkflow, {
        workflowId: assisterReportWorkflowId(cycle.period.referralsFrom, assisterId),
        args: [{ assisterId, period: cycle.period }],
        parentClosePolicy: 'ABANDON',
        // A finished report workflow is not started again by a second run of the cycle.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      // Already started by an earlier run of the cycle for this date: nothing to do.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
}

export async function assisterReportWorkflow(input: { assisterId: string; period: ReportPeriod }): Promise<AssisterReportStatus> {
  const { assisterId, period } = input;
  // Handlers first, so the status can be queried and a fast submission is not lost while the workbook goes out.
  const state: AssisterReportStatus = { assisterId, referralsFrom: period.referralsFrom, rows: 0, outstanding: 0, reminded: false, overdue: false, complete: false, submissions: 0 };
  wf.setHandler(reportStatusQuery, () => state);
  // Submissions' deliveries finish in any order, and a count taken by one may be older than another's: the signal
  // only says "count again", and the report counts its rows itself (a late older submission's outcome once left
  // a report waiting for good). Runs started before this change trust the signalled count.
  const recounts = wf.patched('report-recount');
  let recount = false;
  let lastSubmission = 0;
  wf.setHandler(reportSubmittedSignal, ({ submissionId, outstanding }) => {
    if (recounts) {
      state.submissions++;
      recount = true;
      return;
    }
    if (submissionId < lastSubmission) return;
    lastSubmission = submissionId;
    state.submissions++;
    state.outstanding = outstanding;
    state.complete = outstanding === 0;
  });
  const count = async () => {
    const outstanding = await acts.outstandingReportRows({ assisterId, period });
    // Carried over while counting: the open rows are the newer report's now.
    if (superseded()) return;
    state.outstanding = outstanding;
    state.complete = outstanding === 0;
  };
  // A newer report of the assister went out: this report's rows without an outcome moved to it, and this report
  // ends (domain/report-carry-over: one report per assister waits, and is overdue, at a time).
  const superseded = () => state.carriedTo !== undefined;
  wf.setHandler(reportCarriedOverSignal, ({ to, carriedOver }) => {
    state.carriedTo = to;
    state.carriedOver = carriedOver;
    state.outstanding = 0;
  });
  const sent = await acts.sendReportWorkbook({ assisterId, period });
  // This report now holds the rows without an outcome of the assister's older reports, which end; its own count
  // leaves out rows already answered (a lead's outcome counts on every report it appears on).
  const carry = wf.patched('report-carry-over') ? await acts.carryOverOpenReports({ assisterId, period }) : undefined;
  const outstanding = carry?.outstanding ?? sent.rows;
  state.rows = sent.rows;
  if (recounts || !state.submissions) state.outstanding = outstanding;
  else if (carry) state.outstanding = Math.min(state.outstanding, outstanding);
  state.complete ||= outstanding === 0;

  const reminderAt = Date.parse(sent.reminderAt);
  const dueAt = Date.parse(sent.dueAt);
  const giveUpAt = lateReportsUntil(dueAt);
  while (!state.complete && !superseded() && Date.now() < giveUpAt) {
    const next = !state.reminded && reminderAt < dueAt ? reminderAt : !state.overdue ? dueAt : giveUpAt;
    const woken = await wf.condition(() => state.complete || superseded() || recount, Math.max(1, next - Date.now()));
    if (recount && !superseded()) {
      recount = false;
      await count();
      continue;
    }
    if (woken) break;
    if (next !== giveUpAt) {
      const outstanding = await acts.outstandingReportRows({ assisterId, period });
      // Carried over meanwhile: no reminder or escalation from this report any more.
      if (outstanding !== 0 && superseded()) break;
      state.outstanding = outstanding;
      if ((state.complete = outstanding === 0)) break;
    }
    if (next === reminderAt && !state.reminded) {
      state.reminded = true;
      state.remindedAt = new Date().toISOString();
      await acts.sendReportNotice({ assisterId, period, notice: 'report-reminder' });
    } else if (next === dueAt && !state.overdue) {
      state.overdue = true;
      state.overdueAt = new Date().toISOString();
      await acts.sendReportNotice({ assisterId, period, notice: 'report-overdue' });
    }
  }
  if (state.complete) await acts.completeReportObligation({ assisterId, period, onTime: !state.overdue });
  return state;
}
