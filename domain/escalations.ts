// Escalations: what the coordinators' queue holds. A lead notice to the coordinator opens one of its kind; a change
// in the lead's record closes the kinds it clears. An overdue report and an unconfirmed contact-point change open
// theirs too, closed by what ends them.

export const ESCALATION_KINDS = [
  'contact-overdue',
  'appointment-overdue',
  'appointment-late',
  'referral-undelivered',
  'no-eligible-assister',
  'closed-unresolved',
  'report-overdue',
  'contact-point-unconfirmed',
  'certification-lapsing',
  'review-flag',
  'consumer-follow-up',
] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

/** The escalation a lead notice opens, if it is one. */
export function escalationOfNotice(notice: string): EscalationKind | undefined {
  if (notice === 'referral-late') return 'referral-undelivered';
  return (ESCALATION_KINDS as readonly string[]).includes(notice) ? (notice as EscalationKind) : undefined;
}

/** The kinds an escalation about a lead can be. */
export const LEAD_ESCALATION_KINDS = ['contact-overdue', 'appointment-overdue', 'appointment-late', 'referral-undelivered', 'no-eligible-assister', 'closed-unresolved', 'consumer-follow-up'] as const satisfies readonly EscalationKind[];

/**
 * The kinds a change of the lead's record clears: the condition is over. A closed lead clears all but its closing
 * (closed unresolved stays for a coordinator). A delivered referral (the first, or after a reassignment or decline)
 * clears the undelivered referral and what the former assister owed: the lead is the new assister's now.
 */
export function escalationsCleared(event: string, update: { closed?: boolean; contactDate?: string; appointmentDate?: string }): EscalationKind[] {
  if (update.closed) return LEAD_ESCALATION_KINDS.filter((k) => k !== 'closed-unresolved');
  const cleared: EscalationKind[] = [];
  // The consumer's "no one has contacted me" is answered by reported contact, or by another assister taking the lead.
  if (update.contactDate) cleared.push('contact-overdue', 'consumer-follow-up');
  if (update.appointmentDate) cleared.push('appointment-overdue');
  // Routed: an assister took the lead.
  if (event === 'routed') cleared.push('no-eligible-assister');
  if (event === 'referred' || event === 'reassigned') cleared.push('referral-undelivered', 'contact-overdue', 'appointment-overdue', 'appointment-late', 'consumer-follow-up');
  return cleared;
}

export const ESCALATION_WORDS: Record<EscalationKind, string> = {
  'contact-overdue': 'Contact overdue',
  'appointment-overdue': 'Appointment overdue',
  'appointment-late': 'Appointment later than two weeks',
  'referral-undelivered': 'Referral undelivered',
  'no-eligible-assister': 'No eligible assister',
  'closed-unresolved': 'Closed unresolved',
  'report-overdue': 'Report overdue',
  'contact-point-unconfirmed': 'Contact-point change not confirmed',
  'certification-lapsing': 'Certification lapsing',
  'review-flag': 'Below the minimums for two periods',
  'consumer-follow-up': 'Consumer asked for follow-up',
};

/** What an escalation that is not about a lead is about: what ends it closes it. */
export const reportSubject = (assisterId: string, periodNumber: number) => `report/${assisterId}/${periodNumber}`;
export const contactPointChangeSubject = (changeId: string) => `contact-point-change/${changeId}`;
/** A certification lapsing (or lapsed) on this expiry date: recording another expiry ends it. */
export const certificationSubject = (assisterId: string, expires: string) => `certification/${assisterId}/${expires}`;
/** An assister flagged for review after this period: a coordinator's review ends it. */
export const reviewSubject = (assisterId: string, periodNumber: number) => `review/${assisterId}/${periodNumber}`;
