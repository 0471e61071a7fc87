// The email announcing a lead message to the other side of its thread: to the coordinators (where the lead notices
// go) for an assister's message, to the thread's assister's contact point for a coordinator's. It carries the lead's
// reference and a link to its page, never the message's text nor anything of the consumer. Once per message: the
// outbox key names the message.
import { leadReference } from '../domain/lead-reference';
import type { EmailSettings } from '../platform/config';
import type { Sql } from '../store/database';
import { messageToAnnounce } from '../store/messages';
import type { Mailer } from './mailer';
import { sendOnce } from './outbox';
import { portalLinks } from './portal-links';

/** The whole email's text: only the reference and where to read the message. */
const announcement = (reference: string, link: string) =>
  [`There is a new message about lead ${reference} in PAL.`, '', "Sign in to read it and answer on the lead's page:", `  ${link}`, '', "This email never carries the message: PAL keeps it on the lead's page."].join('\n');

export function leadMessageActivities(sql: Sql, mailer: Mailer, emails: EmailSettings) {
  return {
    async sendLeadMessageNotice(messageId: number): Promise<void> {
      const message = await messageToAnnounce(sql, messageId);
      if (!message) throw new Error(`Lead message ${messageId} is not recorded`);
      const reference = leadReference(message.referenceNumber);
      const email =
        message.side === 'assister'
          ? { to: mailer.coordinatorEmail, subject: `PAL lead ${reference}: new message from the assister`, text: announcement(reference, `${emails.publicUrl}/leads/${reference}#messages`) }
          : { to: message.assisterEmail, subject: `PAL lead ${reference}: new message from the coordinators`, text: announcement(reference, `${portalLinks(emails.publicUrl).lead(reference)}#messages`) };
      await sendOnce(sql, mailer, `lead-message/${messageId}`, email);
    },
  };
}
