// Dates and times as people read them on PAL's pages: Minnesota time, in words.
const format = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
const formatDate = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });

/** An instant, e.g. "Tue, Dec 1, 2026, 5:00 PM". */
export const when = (instant: Date) => format.format(instant);
/** A calendar date (YYYY-MM-DD), e.g. "Tue, Dec 1, 2026". */
export const onDate = (date: string) => formatDate.format(new Date(`${date}T00:00:00Z`));

export const STATUS_WORDS: Record<string, string> = {
  routing: 'Being routed',
  'awaiting-assister': 'Waiting for an assister',
  'awaiting-contact': 'Contact the consumer',
  contacted: 'Contacted',
  'appointment-scheduled': 'Appointment scheduled',
  resolved: 'Resolved',
  'closed-unresolved': 'Closed without a resolution',
  withdrawn: 'Withdrawn',
};
/** A lead's status in words. */
export const statusWords = (status: string) => STATUS_WORDS[status] ?? status;

/** A consumer's name in lists and headings; a lead past the retention policy has none left. */
export const consumerName = (c: { firstName: string; lastName: string }) => `${c.firstName} ${c.lastName}`.trim() || 'Details removed';
