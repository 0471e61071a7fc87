// The lead area's contract: what the lead workflow is called, takes, returns and answers, and the shapes its
// activities exchange with it. Defined once for the workflow, the activities, the API and the CLI; no PII in any.
import type { Duration } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EscalationKind } from '../domain/escalations';
import type { ConsumerCorrection, WithdrawalReason } from '../domain/lead-rules';
import type { AssisterType, RoutingRule } from '../domain/routing';
import { PalEscalated, PalStatus } from './search-attributes';

export const leadWorkflowId = (leadId: string) => `lead-${leadId}`;

/** The search attributes a lead workflow starts with (set by the starter, so the workflow need not publish them). */
export const startSearchAttributes = () => [
  { key: PalStatus, value: 'routing' },
  { key: PalEscalated, value: false },
];

export interface LeadWorkflowInput {
  leadId: string;
  /** A lead still open this long after creation is closed as unresolved and escalated. */
  maxOpenDays?: number;
  /** How often a lead waiting for an eligible assister retries routing on its own. */
  routingRetryInterval?: Duration;
  /** A referral email not delivered after this long alerts the coordinator (PAL keeps retrying it). */
  referralAlertAfter?: Duration;
}

/** The deadlines an assignment starts, as ISO instants. */
export interface ReferralDeadlines {
  referredAt: string;
  contactReminderAt: string;
  contactDeadlineAt: string;
  appointmentDeadlineAt: string;
}

/** What the workflow learns from routing: no PII. With an assister, the referral instant and its deadlines. */
export interface Assignment {
  assignment: number;
  assisterType: AssisterType;
  rule: RoutingRule;
  assisterId?: string;
  assisterName?: string;
  distanceMiles?: number;
  referral?: ReferralDeadlines;
}

/** What a recorded lead event changes on the lead's row in PostgreSQL. */
export interface LeadRecordUpdate {
  status?: string;
  contactDate?: string;
  appointmentDate?: string;
  resolution?: string;
  escalated?: boolean;
  closed?: boolean;
  /** A withdrawn lead's reason (domain/lead-rules WITHDRAWAL_REASONS). */
  withdrawalReason?: string;
}

export type LeadNotice =
  | 'contact-reminder'
  | 'contact-overdue'
  | 'appointment-overdue'
  | 'appointment-late'
  | 'withdrawn'
  | 'no-eligible-assister'
  | 'closed-unresolved'
  | 'referral-late'
  | 'lead-withdrawn'
  | 'consumer-follow-up'
  | 'consumer-follow-up-reminder';

/**
 * What the consumer is told by email (issue 13): who has their request and by when (`assigned`, for each assignment),
 * or that it was withdrawn. The activity reads the consumer's address and language from PostgreSQL; the workflow
 * passes the lead id and the assignment only.
 */
export interface ConsumerNoticeInput {
  leadId: string;
  assignment: number;
  kind: 'assigned' | 'withdrawn';
}

export type LeadStatus =
  | 'routing'
  | 'awaiting-assister'
  | 'awaiting-contact'
  | 'contacted'
  | 'appointment-scheduled'
  | 'resolved'
  | 'closed-unresolved'
  | 'withdrawn';

export interface LeadHistoryEntry {
  at: string;
  event: string;
  detail?: string;
}

/** The lead as a coordinator or assister sees it: no consumer data. */
export interface LeadStatusView {
  leadId: string;
  /** The reference people use (domain/lead-reference); added from PostgreSQL by the API, the workflow has only the id. */
  reference?: string;
  status: LeadStatus;
  assignment: number;
  assisterId?: string;
  assisterName?: string;
  assisterType?: AssisterType;
  rule?: RoutingRule;
  distanceMiles?: number;
  referredAt?: string;
  contactReminderAt?: string;
  contactDeadlineAt?: string;
  appointmentDeadlineAt?: string;
  contactDate?: string;
  appointmentDate?: string;
  resolution?: string;
  /** Why a withdrawn lead was withdrawn. */
  withdrawalReason?: WithdrawalReason;
  escalated: boolean;
  history: LeadHistoryEntry[];
}

/** Every report names the assister acting; the workflow checks it is the lead's current assister. */
interface ByAssister {
  assisterId: string;
}

export const statusQuery = defineQuery<LeadStatusView>('status');
/** Resolves once the lead is routed (or waits for an eligible assister); used by intake to answer the caller. */
export const awaitAssignmentUpdate = defineUpdate<LeadStatusView>('awaitAssignment');
export const reportContactUpdate = defineUpdate<LeadStatusView, [ByAssister & { contactDate: string }]>('reportContact');
export const reportAppointmentUpdate = defineUpdate<LeadStatusView, [ByAssister & { appointmentDate: string }]>('reportAppointment');
export const reportResolutionUpdate = defineUpdate<
  LeadStatusView,
  [ByAssister & { contactMade: boolean; contactDate?: string; resolution: string; comment?: string }]
>('reportResolution');
export const declineLeadUpdate = defineUpdate<LeadStatusView, [ByAssister & { reason: string }]>('declineLead');
/**
 * To a named assister, or without assisterId to the next eligible one (the current assister excluded). A named
 * assister that routing would pass over (suspended, uncertified, at capacity, the other type) is refused unless
 * `override` is set with a reason; never a broker for a household the public-program rule sends to navigators.
 */
export const reassignLeadUpdate = defineUpdate<LeadStatusView, [{ assisterId?: string; coordinator: string; reason?: string; override?: boolean }]>('reassignLead');
/**
 * A representative or coordinator withdraws the lead (consent revoked, or created in error): its timers end, its
 * assister is told by reference only, the workflow completes. `note` is free text: PostgreSQL only. `by` names the
 * staff member (their actor id), never the consumer.
 */
export const withdrawLeadUpdate = defineUpdate<LeadStatusView, [{ reason: WithdrawalReason; note?: string; by: string }]>('withdrawLead');
/**
 * A representative or coordinator corrects the consumer's phone, email (null removes it) or ZIP code. The values are
 * PII: they travel only in this update's payload (encrypted by the codec) to the lead's row, never into events,
 * the status history or logs. A ZIP change before contact reroutes the lead as a reassignment.
 */
export const correctConsumerUpdate = defineUpdate<LeadStatusView, [ConsumerCorrection & { by: string }]>('correctConsumer');
/** A coordinator resolved the lead's open escalation of this kind in the queue: PalEscalated follows. */
export const escalationResolvedSignal = defineSignal<[{ kind: EscalationKind }]>('escalationResolved');
/**
 * The consumer asked for a follow-up on this assignment (the help page's Ask for a follow-up): an escalation for the
 * coordinators and a reminder to the assister, once per assignment. Ignored for a closed lead or another assignment.
 * A signal: the page answers once the server has it, whether or not a worker is running.
 */
export const askFollowUpSignal = defineSignal<[{ assignment: number }]>('askFollowUp');
/** Sent when the directory changes, so a lead waiting for an eligible assister tries again at once. */
export const assisterAvailableSignal = defineSignal('assisterAvailable');
