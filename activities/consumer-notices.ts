// The consumer's own emails (issue 13), in their language: for each assignment, which organization will contact
// them, by when, its public phone, and the "No one has contacted me" link; and, for a withdrawn lead, that it was
// withdrawn. The address and the language are read here from the lead's row: the workflow passes the lead id and
// the assignment only. The email names no consumer (not even by name) and carries no lead reference: the link's
// token is the only way back to the lead. Once per lead, assignment and kind (the outbox key).
import type { ConsumerNoticeInput } from '../contracts/lead';
import type { HolidayCalendar } from '../domain/business-days';
import { CONSUMER_LANGUAGES, consumerLanguage } from '../domain/consumer-language';
import { leadDeadlines } from '../domain/deadlines';
import type { EmailSettings } from '../platform/config';
import { consumerTranslations, type ConsumerTexts } from '../platform/consumer-translations';
import { newFollowUpLink } from '../store/consumer-follow-ups';
import type { Sql } from '../store/database';
import { loadLead } from './leads';
import type { Mailer } from './mailer';
import { sendOnce } from './outbox';

const consumerNoticeKey = ({ leadId, assignment, kind }: ConsumerNoticeInput) => `lead/${leadId}/${assignment}/${kind === 'assigned' ? 'consumer-notice' : 'consumer-withdrawn'}`;

/** The notice that free language help is there, in the notice's language first, then in the others. */
const taglines = (texts: ConsumerTexts, all: Record<string, ConsumerTexts>) => [texts.lang, ...CONSUMER_LANGUAGES.filter((l) => l !== texts.lang)].map((l) => all[l]!.t('tagline'));

export function consumerNoticeActivities(sql: Sql, mailer: Mailer, holidays: HolidayCalendar, emails: EmailSettings, enabled: boolean) {
  // Read and checked at start-up: a translation file missing a sentence stops the worker, not a notice.
  const translations = consumerTranslations();

  async function assigned(texts: ConsumerTexts, { leadId, assignment }: ConsumerNoticeInput) {
    const [row] = await sql<{ referred_at: Date; name: string; public_phone: string | null; closed: boolean }[]>`
      select la.referred_at, a.name, a.public_phone, l.closed_at is not null as closed
      from lead_assignments la join assisters a on a.id = la.assister_id join leads l on l.id = la.lead_id
      where la.lead_id = ${leadId} and la.assignment = ${assignment}`;
    if (!row) throw new Error(`Lead ${leadId} has no assignment ${assignment}`);
    // Closed before its notice went out (withdrawn at once): the withdrawal's notice is the one that counts.
    if (row.closed) return undefined;
    const token = await newFollowUpLink(sql, leadId, assignment);
    const organization = row.name;
    return {
      subject: texts.t('notice.subject'),
      lines: [
        texts.t('notice.opening'),
        texts.t(assignment > 1 ? 'notice.moved' : 'notice.organization', { organization }),
        texts.t('notice.deadline', { deadline: texts.when(leadDeadlines(row.referred_at, holidays).contactDeadlineAt) }),
        row.public_phone ? texts.t('notice.phone', { phone: row.public_phone }) : texts.t('notice.noPhone'),
        '',
        texts.t('notice.noContact'),
        texts.t('notice.link', { link: `${emails.publicUrl}/help/${token}` }),
      ],
    };
  }

  return {
    /** Sends the consumer's notice of an assignment or of the withdrawal, once; nothing without an email address. */
    async sendConsumerNotice(input: ConsumerNoticeInput): Promise<void> {
      if (!enabled) return;
      const key = consumerNoticeKey(input);
      // A retry after the email went out sends nothing and mints no link.
      const [sent] = await sql<{ status: string }[]>`select status from outbox where key = ${key}`;
      if (sent?.status === 'sent') return;
      // Every lead has the consumer's consent to share (intake refuses one without); the email is optional.
      const { consumer } = await loadLead(sql, input.leadId);
      if (!consumer.email) return;
      const texts = translations[consumerLanguage(consumer.preferredLanguage)];
      const notice = input.kind === 'assigned' ? await assigned(texts, input) : { subject: texts.t('withdrawn.subject'), lines: [texts.t('withdrawn.text'), texts.t('withdrawn.again')] };
      if (!notice) return;
      const text = [...notice.lines, '', texts.t('notice.noReply'), '', ...taglines(texts, translations)].join('\n');
      await sendOnce(sql, mailer, key, { to: consumer.email, subject: notice.subject, text });
    },
  };
}
