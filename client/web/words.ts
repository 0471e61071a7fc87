// Dates and times as people read them on PAL's pages: Minnesota time, in words.
const format = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
const formatDate = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });

/** An instant, e.g. "Tue, Dec 1, 2026, 5:00 PM". */
export const when = (instant: Date) => format.format(instant);
/** A calendar date (YYYY-MM-DD), e.g. "Tue, Dec 1, 2026". */
export const onDate = (date: string) => formatDate.format(new Date(`${date}T00:00:00Z`));

/** A name PAL has no words for yet, readable: "contact-reported" → "Contact reported". */
export const slugWords = (slug: string) => slug.charAt(0).toUpperCase() + slug.slice(1).replace(/-/g, ' ');

/** Who reads a lead's status: its assister (told what to do next) or staff (told where the lead stands). */
export type Audience = 'assister' | 'staff';

/** A lead's status as staff read it (Leads list and its filter, Find a lead, the staff lead page, intake). */
export const STATUS_WORDS: Record<string, string> = {
  routing: 'Being routed',
  'awaiting-assister': 'Waiting for an assister',
  'awaiting-contact': 'Awaiting contact',
  contacted: 'Contacted',
  'appointment-scheduled': 'Appointment scheduled',
  resolved: 'Resolved',
  'closed-unresolved': 'Closed without a resolution',
  withdrawn: 'Withdrawn',
};
/** The assister's own lead says what the assister has to do next. */
const ASSISTER_STATUS_WORDS: Record<string, string> = { ...STATUS_WORDS, 'awaiting-contact': 'Contact the consumer' };
/** A lead's status in words, for its assister or for staff. */
export const statusWords = (status: string, audience: Audience) => (audience === 'staff' ? STATUS_WORDS : ASSISTER_STATUS_WORDS)[status] ?? slugWords(status);

/**
 * Each event a lead's workflow records (lead_events.type) as its history shows it to the assister and to staff, in
 * the order a lead meets them. The assister may read events from before the lead was theirs, so none says "you".
 */
const EVENT_WORDS: Record<string, string> = {
  'sent-to-navigator-against-the-rule': 'Sent to a navigator against the rule at intake',
  routed: 'Assigned to an assister',
  'no-eligible-assister': 'No assister could take the lead; it waits for one',
  referred: 'Referral sent to the assister',
  reassigned: 'Referral sent to the new assister',
  'referral-late': 'Referral not delivered in time; the coordinators were alerted',
  'contact-reminder': 'Assister reminded to contact the consumer',
  'contact-overdue': 'No contact by the deadline; escalated to the coordinators',
  'appointment-overdue': 'No appointment within two weeks; escalated to the coordinators',
  'contact-reported': 'Contact recorded',
  'appointment-reported': 'Appointment recorded',
  'resolution-reported': 'Resolution recorded',
  declined: 'An assister declined the lead',
  'reassignment-requested': 'A coordinator reassigned the lead',
  'consumer-corrected': "The consumer's contact details were corrected",
  'consumer-follow-up': 'The consumer asked for a follow-up',
  withdrawn: 'Withdrawn by staff',
  'closed-unresolved': 'Closed without a resolution: the lead reached its maximum age',
};
/** A lead event in words. */
export const eventWords = (type: string) => EVENT_WORDS[type] ?? slugWords(type);

/** A consumer's name in lists and headings; a lead past the retention policy has none left. */
export const consumerName = (c: { firstName: string; lastName: string }) => `${c.firstName} ${c.lastName}`.trim() || 'Details removed';
