// What a lead workflow accepts and when it acts (domain.md, "Deadlines" and the report rules): the acceptance rule
// of each update, the next deadline to wait for, and the lead's defaults. Pure, so the workflow only orchestrates.
import { appointmentDateProblem, contactDateProblem, resolutionProblems, type ResolutionReport } from './outcomes';
import { isFinalResolution, type Resolution } from './resolutions';
import { hasControlCharacters } from './text';
import { minnesotaDate } from './time';

/** A lead still open this many days after creation is closed as unresolved and escalated. */
export const DEFAULT_MAX_OPEN_DAYS = 90;
/** How often a lead waiting for an eligible assister tries routing again on its own. */
export const DEFAULT_ROUTING_RETRY_MINUTES = 60;
/** A referral email not delivered this long after routing alerts the coordinator. */
export const DEFAULT_REFERRAL_ALERT_MINUTES = 30;

/** What the rules need to know of a lead: its state in the workflow, never the consumer. */
export interface LeadFacts {
  status: string;
  closed: boolean;
  /** The lead is being (or about to be) routed to another assister. */
  rerouting: boolean;
  assisterId?: string;
  referredAt?: string;
  contactDate?: string;
  appointmentDate?: string;
}

/** Why an update is refused; `type` names the rule for clients (the failure's type). */
export interface Refusal {
  message: string;
  type: string;
}

const refused = (message: string | undefined, type = 'InvalidReport'): Refusal | undefined => (message ? { message, type } : undefined);

/** Only the lead's current assister reports on it, and only while it is open and not being rerouted. */
export function assisterReportRefusal(lead: LeadFacts, assisterId: string): Refusal | undefined {
  if (lead.closed) return refused(`Lead is already ${lead.status}`, 'LeadClosed');
  // While the lead is being routed to another assister, the one it is leaving may no longer report on it.
  if (lead.rerouting || lead.status === 'routing') return refused('Lead is being routed to another assister', 'Rerouting');
  if (!lead.assisterId || lead.status === 'awaiting-assister') return refused('Lead is not assigned to an assister', 'NotAssigned');
  if (assisterId !== lead.assisterId) return refused('Lead is not assigned to this assister', 'NotYourLead');
  return undefined;
}

export function contactReportRefusal(lead: LeadFacts, report: { assisterId: string; contactDate: string }, now: Date): Refusal | undefined {
  return (
    assisterReportRefusal(lead, report.assisterId) ??
    refused(lead.contactDate && `Contact was already reported (${lead.contactDate})`) ??
    refused(contactDateProblem(report.contactDate, new Date(lead.referredAt!), now))
  );
}

export function appointmentReportRefusal(lead: LeadFacts, report: { assisterId: string; appointmentDate: string }): Refusal | undefined {
  return (
    assisterReportRefusal(lead, report.assisterId) ??
    (lead.contactDate ? refused(appointmentDateProblem(report.appointmentDate, lead.contactDate)) : refused('Report contact with the consumer before the appointment'))
  );
}

export function declineRefusal(lead: LeadFacts, decline: { assisterId: string; reason?: string }): Refusal | undefined {
  return (
    assisterReportRefusal(lead, decline.assisterId) ??
    refused(lead.contactDate && 'A lead whose consumer was contacted cannot be declined; report a resolution instead') ??
    refused(!decline.reason?.trim() ? 'A reason is required to decline a lead' : undefined)
  );
}

/**
 * A coordinator's reassignment: to a named assister, or to the next eligible one. An override (to a named assister
 * that routing would pass over: domain/routing namedAssisterIneligibility) must say why.
 */
export function reassignRefusal(lead: LeadFacts, request: { assisterId?: string; coordinator?: string; override?: boolean; reason?: string }): Refusal | undefined {
  if (lead.closed) return refused(`Lead is already ${lead.status}`);
  if (!request.coordinator?.trim()) return refused('The coordinator making the reassignment must be named');
  if (request.assisterId === lead.assisterId) return refused(`Lead is already assigned to ${request.assisterId}`);
  if (request.override && !request.assisterId) return refused('An override names the assister to reassign to');
  if (request.override && !request.reason?.trim()) return refused("An override needs a reason; it is recorded in the lead's history");
  return undefined;
}

/**
 * What an accepted resolution does to the lead: a final one resolves it; "Contact made, appointment scheduled" keeps
 * it open. A contact date given with it counts as the lead's contact when none was reported before.
 * Decision (domain.md, "Deadlines"): the interim resolution without an appointment date keeps the appointment
 * deadline running. Lead workflows started before that rule recorded the contact date as the appointment date
 * (`interimKeepsDeadline` false), and replay so.
 */
export function afterResolution(
  lead: LeadFacts,
  report: { contactMade: boolean; contactDate?: string; resolution: Resolution },
  interimKeepsDeadline = true,
): { status: 'resolved' | 'appointment-scheduled'; contactDate?: string; appointmentDate?: string } {
  const contactDate = report.contactMade && report.contactDate && !lead.contactDate ? report.contactDate : lead.contactDate;
  if (isFinalResolution(report.resolution)) return { status: 'resolved', contactDate, appointmentDate: lead.appointmentDate };
  return { status: 'appointment-scheduled', contactDate, appointmentDate: interimKeepsDeadline ? lead.appointmentDate : (lead.appointmentDate ?? contactDate) };
}

/** Decision: an appointment reported for a date after the lead's appointment deadline is recorded and escalated at once. */
export function appointmentAfterDeadline(appointmentDate: string, appointmentDeadlineAt: string | undefined): boolean {
  return appointmentDeadlineAt !== undefined && appointmentDate > minnesotaDate(new Date(appointmentDeadlineAt));
}

export type LeadDeadlineKind = 'contact-reminder' | 'contact-overdue' | 'appointment-overdue' | 'max-age';

/** Which deadlines have already been acted on. */
export interface DeadlinesActedOn {
  reminded: boolean;
  contactEscalated: boolean;
  appointmentEscalated: boolean;
}

/** The next timer of an open lead: the earliest deadline still pending (the maximum age always is). */
export function nextLeadDeadline(
  lead: LeadFacts & { referral?: { contactReminderAt: string; contactDeadlineAt: string; appointmentDeadlineAt: string } },
  acted: DeadlinesActedOn,
  maxAgeAt: number,
): { at: number; kind: LeadDeadlineKind } {
  const pending: { at: number; kind: LeadDeadlineKind }[] = [{ at: maxAgeAt, kind: 'max-age' }];
  const r = lead.referral;
  if (r && lead.status !== 'awaiting-assister') {
    if (!lead.contactDate && !acted.reminded) pending.push({ at: Date.parse(r.contactReminderAt), kind: 'contact-reminder' });
    if (!lead.contactDate && !acted.contactEscalated) pending.push({ at: Date.parse(r.contactDeadlineAt), kind: 'contact-overdue' });
    if (!lead.appointmentDate && !acted.appointmentEscalated) pending.push({ at: Date.parse(r.appointmentDeadlineAt), kind: 'appointment-overdue' });
  }
  return pending.sort((a, b) => a.at - b.at)[0]!;
}

export function resolutionReportRefusal(lead: LeadFacts, report: ResolutionReport & { assisterId: string }, now: Date): Refusal | undefined {
  return assisterReportRefusal(lead, report.assisterId) ?? refused(resolutionProblems(report, { contactDate: lead.contactDate, referredAt: new Date(lead.referredAt!), now }).join('; ') || undefined);
}

/** Why a representative or coordinator withdraws a lead (issue 12), in the order the staff page lists them. */
export const WITHDRAWAL_REASONS = ['consent-revoked', 'created-in-error'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];
export const WITHDRAWAL_REASON_WORDS: Record<WithdrawalReason, string> = { 'consent-revoked': 'Consent revoked', 'created-in-error': 'Created in error' };
export const isWithdrawalReason = (s: unknown): s is WithdrawalReason => (WITHDRAWAL_REASONS as readonly unknown[]).includes(s);
/** A withdrawal's optional note is one line of at most this many characters. */
export const WITHDRAWAL_NOTE_MAX = 500;

/** A withdrawal: accepted unless the lead is already closed; the reason is one of the list, the note one line. */
export function withdrawRefusal(lead: LeadFacts, request: { reason?: unknown; note?: string; by?: string }): Refusal | undefined {
  if (lead.closed) return refused(`Lead is already ${lead.status}`, 'LeadClosed');
  if (!isWithdrawalReason(request.reason)) return refused('The reason for withdrawing must be consent revoked or created in error', 'InvalidRequest');
  if (request.note !== undefined && (request.note.length > WITHDRAWAL_NOTE_MAX || hasControlCharacters(request.note)))
    return refused(`The note must be one line of at most ${WITHDRAWAL_NOTE_MAX} characters`, 'InvalidRequest');
  if (!request.by?.trim()) return refused('Who withdraws the lead must be named', 'InvalidRequest');
  return undefined;
}

/** A correction of the consumer's contact details; `email: null` removes the email. The values are PII. */
export interface ConsumerCorrection {
  phone?: string;
  email?: string | null;
  zip?: string;
}
export const CORRECTABLE_FIELDS = ['phone', 'email', 'zip'] as const;

/**
 * A correction is accepted while the lead is open, with at least one field. The fields' own rules (a valid US phone
 * number, an email address, a Minnesota ZIP code: domain/lead's schema) need libraries the workflow does not load:
 * the edge checks them, and the activity that writes them checks them again. Messages never repeat a value.
 */
export function consumerCorrectionRefusal(lead: LeadFacts, correction: ConsumerCorrection & { by?: string }): Refusal | undefined {
  if (lead.closed) return refused(`Lead is already ${lead.status}`, 'LeadClosed');
  if (!CORRECTABLE_FIELDS.some((f) => correction[f] !== undefined)) return refused('Give the phone number, email or ZIP code to correct', 'InvalidRequest');
  if (!correction.by?.trim()) return refused('Who corrects the lead must be named', 'InvalidRequest');
  return undefined;
}

/** Decision (issue 12): a ZIP code corrected before the assister reported contact reroutes the lead; after contact it does not. */
export const zipCorrectionReroutes = (lead: Pick<LeadFacts, 'contactDate' | 'closed'>) => !lead.contactDate && !lead.closed;
