// One workflow per lead: route it, send the referral at once, then hold the assister to the deadlines with
// durable timers until a final resolution. Carries the lead id and non-PII state only; the consumer's data
// stays in PostgreSQL and reaches the assister through the referral activity.
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import { appointmentDateProblem, contactDateProblem, resolutionProblems } from '../domain/outcomes';
import { isFinalResolution, type Resolution } from '../domain/resolutions';
import {
  assisterAvailableSignal,
  awaitAssignmentUpdate,
  declineLeadUpdate,
  reassignLeadUpdate,
  reportAppointmentUpdate,
  reportContactUpdate,
  reportResolutionUpdate,
  statusQuery,
  type Assignment,
  type LeadNotice,
  type LeadRecordUpdate,
  type LeadStatus,
  type LeadStatusView,
  type LeadWorkflowInput,
  type ReferralDeadlines,
} from '../contracts/lead';
import { PalAssisterId, PalAssisterType, PalContactDeadline, PalEscalated, PalStatus } from '../contracts/search-attributes';

// Retried until they succeed: an SMTP or database outage delays a lead, it never loses it.
const retry = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' };
// Routing, the referral and the lead's records are short steps run as local activities: in the worker, in the same
// workflow task, without round trips through the server. After a first failure (an SMTP outage) retries wait on
// durable timers (localRetryThreshold), so the intake answer is not held up. Notices are regular activities.
const email = wf.proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry });
const local = wf.proxyLocalActivities<Activities>({ startToCloseTimeout: '1 minute', retry, localRetryThreshold: '1 second' });
const acts = { routeLead: local.routeLead, recordLeadEvent: local.recordLeadEvent, sendLeadReferral: local.sendLeadReferral, sendLeadNotice: email.sendLeadNotice };

export const DEFAULT_MAX_OPEN_DAYS = 90;
export const DEFAULT_REFERRAL_ALERT_AFTER = '30 minutes';
const DAY_MS = 24 * 60 * 60 * 1000;

type DeadlineKind = 'contact-reminder' | 'contact-overdue' | 'appointment-overdue' | 'max-age';

class LeadState {
  status: LeadStatus = 'routing';
  referralAlertAfter: Duration = DEFAULT_REFERRAL_ALERT_AFTER;
  assignment?: Assignment;
  referral?: ReferralDeadlines;
  excluded: string[] = [];
  /** A coordinator's reassignment: to a named assister, or (no assisterId) to the next eligible one. */
  reassignTo?: { assisterId?: string; coordinator: string };
  /** Routing requests are numbered; `routed` is the last one served, so a handler can wait for its own. */
  private requested = 1;
  private routed = 0;
  contactDate?: string;
  appointmentDate?: string;
  resolution?: Resolution;
  reminded = false;
  contactEscalated = false;
  appointmentEscalated = false;
  escalated = false;
  history: LeadStatusView['history'] = [];
  /** Bumped on every change the main loop must react to. */
  version = 0;
  private events = 0;

  constructor(readonly leadId: string) {}

  get closed() {
    return this.status === 'resolved' || this.status === 'closed-unresolved';
  }

  note(event: string, detail?: string) {
    this.history.push({ at: new Date().toISOString(), event, ...(detail && { detail }) });
    this.version++;
  }

  /** Records an event in PostgreSQL under a key unique to this workflow's n-th event, so retries are no-ops. */
  async record(type: string, data: Record<string, unknown> = {}, update: LeadRecordUpdate = {}) {
    const eventKey = `${this.leadId}/${++this.events}/${type}`;
    await acts.recordLeadEvent({ leadId: this.leadId, eventKey, type, data, update: { status: this.status, escalated: this.escalated, ...update } });
  }

  /** What every accepted report does: note it, record it with its effect on the lead row, publish, answer the view. */
  async reported(event: string, detail: string, data: Record<string, unknown>, update: LeadRecordUpdate): Promise<LeadStatusView> {
    this.note(event, detail);
    await this.record(event, data, update);
    this.publish();
    return this.view();
  }

  publish() {
    wf.upsertSearchAttributes([
      { key: PalStatus, value: this.status },
      { key: PalAssisterId, value: this.assignment?.assisterId ?? null },
      { key: PalAssisterType, value: this.assignment?.assisterType ?? null },
      { key: PalContactDeadline, value: this.referral ? new Date(this.referral.contactDeadlineAt) : null },
      { key: PalEscalated, value: this.escalated },
    ]);
  }

  view(): LeadStatusView {
    return {
      leadId: this.leadId,
      status: this.status,
      assignment: this.assignment?.assignment ?? 0,
      assisterId: this.assignment?.assisterId,
      assisterName: this.assignment?.assisterName,
      assisterType: this.assignment?.assisterType,
      rule: this.assignment?.rule,
      distanceMiles: this.assignment?.distanceMiles,
      ...(this.referral && {
        referredAt: this.referral.referredAt,
        contactReminderAt: this.referral.contactReminderAt,
        contactDeadlineAt: this.referral.contactDeadlineAt,
        appointmentDeadlineAt: this.referral.appointmentDeadlineAt,
      }),
      contactDate: this.contactDate,
      appointmentDate: this.appointmentDate,
      resolution: this.resolution,
      escalated: this.escalated,
      history: this.history,
    };
  }

  get routingRequested() {
    return this.requested > this.routed;
  }

  /** Asks the main loop to route again; resolves once that routing (or a later one) is done. */
  async requestRouting() {
    const ticket = ++this.requested;
    this.version++;
    // A lead that closes first (final resolution, maximum age) is never routed again: stop waiting then too.
    await wf.condition(() => this.routed >= ticket || this.closed);
  }

  /** Routes (or reassigns) the lead and sends the referral; without an eligible assister, the lead waits. */
  async route() {
    const ticket = this.requested;
    const previous = this.assignment?.assisterId ? this.assignment : undefined;
    const target = this.reassignTo;
    this.reassignTo = undefined;
    const wasWaiting = this.status === 'awaiting-assister';
    this.status = 'routing';
    const number = (this.assignment?.assignment ?? 0) + 1;
    const assignment = await acts.routeLead({ leadId: this.leadId, assignment: number, exclude: this.excluded, assisterId: target?.assisterId });
    if (!assignment.assisterId) {
      if (!wasWaiting) {
        await this.notice('no-eligible-assister', { assisterType: assignment.assisterType });
        await this.record('no-eligible-assister', { assisterType: assignment.assisterType }, { status: 'awaiting-assister' });
        this.note('no-eligible-assister', `no ${assignment.assisterType} assister can take the lead`);
      }
      this.status = 'awaiting-assister';
      this.publish();
      this.routed = ticket;
      return;
    }
    if (previous && previous.assisterId !== assignment.assisterId) await this.notice('withdrawn', { assisterId: previous.assisterId }, previous.assignment);
    // The caller learns the assignment at once; the referral email follows (and waits out an SMTP outage).
    this.assignment = assignment;
    this.referral = assignment.referral;
    this.status = 'awaiting-contact';
    this.contactDate = undefined;
    this.appointmentDate = undefined;
    this.reminded = this.contactEscalated = this.appointmentEscalated = false;
    // The activity records the referral event in the same step as the email (one less step per lead).
    let delivered = false;
    const referral = acts.sendLeadReferral({ leadId: this.leadId, assignment: assignment.assignment, event: target ? 'reassigned' : 'referred' }).then(() => {
      delivered = true;
    });
    // Added after histories were recorded: older runs replay without the alert timer.
    if (wf.patched('referral-late-alert') && !(await wf.condition(() => delivered, this.referralAlertAfter))) {
      this.escalated = true;
      this.note('referral-late', `referral to ${assignment.assisterId} not delivered yet`);
      this.publish();
      await this.notice('referral-late', { assisterId: assignment.assisterId });
      await this.record('referral-late', { assisterId: assignment.assisterId });
    }
    await referral;
    this.note(target ? 'reassigned' : 'referred', `${assignment.assisterId} (${assignment.rule}${target ? `, by ${target.coordinator}` : ''})`);
    this.publish();
    this.routed = ticket;
  }

  notice(notice: LeadNotice, facts: { assisterId?: string; assisterType?: string; deadline?: string } = {}, assignment = this.assignment?.assignment ?? 0) {
    return acts.sendLeadNotice({ leadId: this.leadId, assignment, notice, ...facts });
  }

  /** The next timer: the earliest deadline still pending. */
  nextDeadline(maxAgeAt: number): { at: number; kind: DeadlineKind } {
    const pending: { at: number; kind: DeadlineKind }[] = [{ at: maxAgeAt, kind: 'max-age' }];
    const r = this.referral;
    if (r && this.status !== 'awaiting-assister') {
      if (!this.contactDate && !this.reminded) pending.push({ at: Date.parse(r.contactReminderAt), kind: 'contact-reminder' });
      if (!this.contactDate && !this.contactEscalated) pending.push({ at: Date.parse(r.contactDeadlineAt), kind: 'contact-overdue' });
      if (!this.appointmentDate && !this.appointmentEscalated) pending.push({ at: Date.parse(r.appointmentDeadlineAt), kind: 'appointment-overdue' });
    }
    return pending.sort((a, b) => a.at - b.at)[0]!;
  }

  async onDeadline(kind: DeadlineKind) {
    const assisterId = this.assignment?.assisterId;
    if (kind === 'contact-reminder') {
      this.reminded = true;
      this.note('contact-reminder', `reminded ${assisterId}`);
      await this.notice('contact-reminder', { assisterId, deadline: this.referral?.contactDeadlineAt });
      await this.record('contact-reminder', { assisterId });
    } else if (kind === 'contact-overdue') {
      this.contactEscalated = this.escalated = true;
      this.note('contact-overdue', `escalated: ${assisterId} reported no contact`);
      await this.notice('contact-overdue', { assisterId, deadline: this.referral?.contactDeadlineAt });
      await this.record('contact-overdue', { assisterId });
    } else if (kind === 'appointment-overdue') {
      this.appointmentEscalated = this.escalated = true;
      this.note('appointment-overdue', `escalated: no appointment with ${assisterId} within two weeks`);
      await this.notice('appointment-overdue', { assisterId, deadline: this.referral?.appointmentDeadlineAt });
      await this.record('appointment-overdue', { assisterId });
    } else {
      this.status = 'closed-unresolved';
      this.escalated = true;
      this.note('closed-unresolved', 'maximum age reached without a final resolution');
      await this.notice('closed-unresolved', { assisterId });
      await this.record('closed-unresolved', {}, { closed: true });
    }
    this.publish();
  }

  requireAssister(assisterId: string) {
    if (this.closed) throw wf.ApplicationFailure.nonRetryable(`Lead is already ${this.status}`, 'LeadClosed');
    // While the lead is being routed to another assister, the one it is leaving may no longer report on it.
    if (this.routingRequested || this.status === 'routing') throw wf.ApplicationFailure.nonRetryable('Lead is being routed to another assister', 'Rerouting');
    if (!this.assignment?.assisterId || this.status === 'awaiting-assister') throw wf.ApplicationFailure.nonRetryable('Lead is not assigned to an assister', 'NotAssigned');
    if (assisterId !== this.assignment.assisterId) throw wf.ApplicationFailure.nonRetryable('Lead is not assigned to this assister', 'NotYourLead');
  }
}

export async function leadWorkflow(input: LeadWorkflowInput): Promise<LeadStatusView> {
  const lead = new LeadState(input.leadId);
  if (input.referralAlertAfter) lead.referralAlertAfter = input.referralAlertAfter;
  const maxAgeAt = Date.now() + (input.maxOpenDays ?? DEFAULT_MAX_OPEN_DAYS) * DAY_MS;
  const fail = (message: string | undefined) => {
    if (message) throw wf.ApplicationFailure.nonRetryable(message, 'InvalidReport');
  };
  const now = () => new Date();

  wf.setHandler(statusQuery, () => lead.view());
  wf.setHandler(awaitAssignmentUpdate, async () => {
    await wf.condition(() => lead.status !== 'routing');
    return lead.view();
  });
  wf.setHandler(assisterAvailableSignal, () => {
    if (lead.status === 'awaiting-assister') void lead.requestRouting();
  });

  wf.setHandler(
    reportContactUpdate,
    async ({ contactDate }) => {
      lead.contactDate = contactDate;
      lead.status = 'contacted';
      return lead.reported('contact-reported', contactDate, { contactDate }, { contactDate });
    },
    {
      validator: ({ assisterId, contactDate }) => {
        lead.requireAssister(assisterId);
        if (lead.contactDate) fail(`Contact was already reported (${lead.contactDate})`);
        fail(contactDateProblem(contactDate, new Date(lead.referral!.referredAt), now()));
      },
    },
  );

  wf.setHandler(
    reportAppointmentUpdate,
    async ({ appointmentDate }) => {
      lead.appointmentDate = appointmentDate;
      lead.status = 'appointment-scheduled';
      return lead.reported('appointment-reported', appointmentDate, { appointmentDate }, { appointmentDate });
    },
    {
      validator: ({ assisterId, appointmentDate }) => {
        lead.requireAssister(assisterId);
        if (!lead.contactDate) fail('Report contact with the consumer before the appointment');
        fail(appointmentDateProblem(appointmentDate, lead.contactDate!));
      },
    },
  );

  wf.setHandler(
    reportResolutionUpdate,
    async (report) => {
      const resolution = report.resolution as Resolution;
      if (report.contactMade && report.contactDate && !lead.contactDate) lead.contactDate = report.contactDate;
      lead.resolution = resolution;
      if (isFinalResolution(resolution)) lead.status = 'resolved';
      else {
        lead.status = 'appointment-scheduled';
        lead.appointmentDate ??= lead.contactDate;
      }
      return lead.reported(
        'resolution-reported',
        resolution,
        { resolution, contactMade: report.contactMade, comment: report.comment },
        { resolution, contactDate: lead.contactDate, appointmentDate: lead.appointmentDate, closed: lead.closed },
      );
    },
    {
      validator: (report) => {
        lead.requireAssister(report.assisterId);
        const problems = resolutionProblems(report, { contactDate: lead.contactDate, referredAt: new Date(lead.referral!.referredAt), now: now() });
        fail(problems.join('; ') || undefined);
      },
    },
  );

  wf.setHandler(
    declineLeadUpdate,
    async ({ assisterId, reason }) => {
      lead.excluded.push(assisterId);
      // Reasons are free text and may mention the consumer: they go to PostgreSQL only, not into the status history.
      lead.note('declined', assisterId);
      await lead.record('declined', { assisterId, reason });
      await lead.requestRouting();
      return lead.view();
    },
    {
      validator: ({ assisterId, reason }) => {
        lead.requireAssister(assisterId);
        if (lead.contactDate) fail('A lead whose consumer was contacted cannot be declined; report a resolution instead');
        if (!reason?.trim()) fail('A reason is required to decline a lead');
      },
    },
  );

  wf.setHandler(
    reassignLeadUpdate,
    async ({ assisterId, coordinator, reason }) => {
      lead.note('reassignment-requested', `to ${assisterId ?? 'the next eligible assister'} by ${coordinator}`);
      await lead.record('reassignment-requested', { assisterId, coordinator, reason });
      if (lead.assignment?.assisterId) lead.excluded.push(lead.assignment.assisterId);
      lead.reassignTo = { assisterId, coordinator };
      await lead.requestRouting();
      return lead.view();
    },
    {
      validator: ({ assisterId, coordinator }) => {
        if (lead.closed) fail(`Lead is already ${lead.status}`);
        if (!coordinator?.trim()) fail('The coordinator making the reassignment must be named');
        if (assisterId === lead.assignment?.assisterId) fail(`Lead is already assigned to ${assisterId}`);
      },
    },
  );

  // The starter sets PalStatus = routing (startSearchAttributes), so nothing is published before routing.
  while (!lead.closed) {
    if (lead.routingRequested) {
      await lead.route();
      lead.version++;
      continue;
    }
    const seen = lead.version;
    if (lead.status === 'awaiting-assister') {
      const retryMs = msToNumber(input.routingRetryInterval ?? '1 hour');
      const woke = await wf.condition(() => lead.version !== seen || lead.routingRequested, Math.max(1, Math.min(retryMs, maxAgeAt - Date.now())));
      if (!woke) void lead.requestRouting();
      if (Date.now() >= maxAgeAt) await lead.onDeadline('max-age');
      continue;
    }
    const next = lead.nextDeadline(maxAgeAt);
    const changed = await wf.condition(() => lead.version !== seen || lead.routingRequested, Math.max(1, next.at - Date.now()));
    if (!changed) await lead.onDeadline(next.kind);
  }
  await wf.condition(wf.allHandlersFinished);
  return lead.view();
}
