// The state of one lead workflow and what it shows: the status view, the search attributes coordinators filter on,
// and the lead's events in PostgreSQL. Non-PII only: the consumer's data never enters the workflow.
import type { Duration } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Assignment, LeadNotice, LeadRecordUpdate, LeadStatus, LeadStatusView, ReferralDeadlines } from '../contracts/lead';
import { PalAssisterId, PalAssisterType, PalContactDeadline, PalEscalated, PalStatus } from '../contracts/search-attributes';
import { escalationOfNotice, escalationsCleared, type EscalationKind } from '../domain/escalations';
import { DEFAULT_REFERRAL_ALERT_MINUTES, type LeadFacts, type WithdrawalReason } from '../domain/lead-rules';
import type { Resolution } from '../domain/resolutions';
import { localStep, shortStep } from './activity-options';

// Routing, the referral and the lead's records are short steps run as local activities: in the worker, in the same
// workflow task, without round trips through the server, so the intake answer is not held up. Notices are regular.
const email = wf.proxyActivities<Activities>(shortStep);
const local = wf.proxyLocalActivities<Activities>(localStep);
export const leadActivities = {
  routeLead: local.routeLead,
  recordLeadEvent: local.recordLeadEvent,
  sendLeadReferral: local.sendLeadReferral,
  sendLeadNotice: email.sendLeadNotice,
  correctLeadConsumer: local.correctLeadConsumer,
  sendConsumerNotice: email.sendConsumerNotice,
};

export class LeadState {
  status: LeadStatus = 'routing';
  referralAlertAfter: Duration = `${DEFAULT_REFERRAL_ALERT_MINUTES} minutes`;
  assignment?: Assignment;
  referral?: ReferralDeadlines;
  excluded: string[] = [];
  /** A coordinator's reassignment: to a named assister, or (no assisterId) to the next eligible one. */
  reassignTo?: { assisterId?: string; coordinator: string };
  /** Routing requests are numbered; `routed` is the last one served, so a handler can wait for its own. */
  requested = 1;
  routed = 0;
  contactDate?: string;
  appointmentDate?: string;
  resolution?: Resolution;
  withdrawalReason?: WithdrawalReason;
  reminded = false;
  contactEscalated = false;
  appointmentEscalated = false;
  /**
   * The escalations open on this lead, as the coordinators' queue holds them: opened by the coordinator's notices,
   * closed by what clears them (domain/escalations) or by a coordinator. Undefined in runs started before patch
   * 'open-escalations', where `escalated` stays true once set.
   */
  openEscalations?: Set<EscalationKind>;
  /** The assignments whose consumer asked for a follow-up: once each. */
  followUps = new Set<number>();
  private everEscalated = false;
  /** PalEscalated: the lead has an open escalation (older runs: it was ever escalated). */
  get escalated(): boolean {
    return this.openEscalations ? this.openEscalations.size > 0 : this.everEscalated;
  }
  set escalated(value: boolean) {
    this.everEscalated = value;
  }
  history: LeadStatusView['history'] = [];
  /** Steps the lead need not wait for (the consumer's notices); the workflow completes only once they are done. */
  private background: Promise<unknown>[] = [];
  /** Bumped on every change the main loop must react to. */
  version = 0;
  private events = 0;

  constructor(readonly leadId: string) {}

  get closed() {
    return this.status === 'resolved' || this.status === 'closed-unresolved' || this.status === 'withdrawn';
  }

  get routingRequested() {
    return this.requested > this.routed;
  }

  /** What the domain's rules see of this lead. */
  get facts(): LeadFacts & { referral?: ReferralDeadlines } {
    return {
      status: this.status,
      closed: this.closed,
      rerouting: this.routingRequested,
      assisterId: this.assignment?.assisterId,
      referredAt: this.referral?.referredAt,
      referral: this.referral,
      contactDate: this.contactDate,
      appointmentDate: this.appointmentDate,
    };
  }

  note(event: string, detail?: string) {
    this.history.push({ at: new Date().toISOString(), event, ...(detail && { detail }) });
    this.version++;
  }

  /** Records an event in PostgreSQL under a key unique to this workflow's n-th event, so retries are no-ops. */
  async record(type: string, data: Record<string, unknown> = {}, update: LeadRecordUpdate = {}) {
    this.cleared(type, update);
    const eventKey = this.eventKey(type);
    await leadActivities.recordLeadEvent({ leadId: this.leadId, eventKey, type, data, update: { status: this.status, escalated: this.escalated, ...update } });
  }

  /** The key of this workflow's next event: its number and type. */
  eventKey(type: string) {
    return `${this.leadId}/${++this.events}/${type}`;
  }

  /** What every accepted report does: note it, record it with its effect on the lead row, publish, answer the view. */
  async reported(event: string, detail: string, data: Record<string, unknown>, update: LeadRecordUpdate): Promise<LeadStatusView> {
    this.note(event, detail);
    await this.record(event, data, update);
    this.publish();
    return this.view();
  }

  /** What the event clears of the open escalations, as the activity recording it clears the queue's records. */
  cleared(event: string, update: LeadRecordUpdate = {}) {
    for (const kind of escalationsCleared(event, update)) this.openEscalations?.delete(kind);
  }

  notice(notice: LeadNotice, facts: { assisterId?: string; assisterType?: string; deadline?: string } = {}, assignment = this.assignment?.assignment ?? 0) {
    const kind = escalationOfNotice(notice);
    if (kind) this.openEscalations?.add(kind);
    return leadActivities.sendLeadNotice({ leadId: this.leadId, assignment, notice, ...facts });
  }

  /** A step that must not fail the lead: its failure is logged (by the lead's id), the lead goes on. */
  inBackground(step: Promise<unknown>) {
    this.background.push(step.catch((err: unknown) => wf.log.warn('lead background step failed', { leadId: this.leadId, error: err instanceof Error ? err.name : 'error' })));
  }

  /** Resolves once every background step is done. */
  async backgroundDone() {
    await Promise.all(this.background);
  }

  /** Asks the main loop to route again; resolves once that routing (or a later one) is done. */
  async requestRouting() {
    const ticket = ++this.requested;
    this.version++;
    // A lead that closes first (final resolution, maximum age) is never routed again: stop waiting then too.
    await wf.condition(() => this.routed >= ticket || this.closed);
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
      ...(this.withdrawalReason && { withdrawalReason: this.withdrawalReason }),
      escalated: this.escalated,
      history: this.history,
    };
  }
}
