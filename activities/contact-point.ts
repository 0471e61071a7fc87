// Checking that an assister's designated contact point receives PAL email. The message carries no PII.
import type { ContactPointCheck } from '../contracts/directory';
import type { Sql } from '../store/database';
import type { Mailer } from './mailer';
import { sendOnce } from './outbox';

export function contactPointActivities(sql: Sql, mailer: Mailer) {
  return {
    async recordContactPointCheck(check: ContactPointCheck): Promise<void> {
      await sql`insert into contact_point_checks (id, email, requested_by) values (${check.checkId}, ${check.email}, ${check.requestedBy})
                on conflict (id) do nothing`;
    },

    async sendContactPointCheck(checkId: string): Promise<{ messageId: string }> {
      const [check] = await sql<{ email: string }[]>`select email from contact_point_checks where id = ${checkId}`;
      if (!check) throw new Error(`Contact point check ${checkId} is not recorded`);
      const { messageId } = await sendOnce(sql, mailer, `contact-point-check/${checkId}`, {
        to: check.email,
        subject: 'MNsure Preferred Assister Leads: contact point check',
        text: [
          'This message confirms that this address receives email from the MNsure Preferred Assister Lead program (PAL).',
          `Check reference: ${checkId}`,
          'No action is needed. If you did not expect it, tell your PAL coordinator.',
        ].join('\n\n'),
      });
      await sql`update contact_point_checks set sent_at = coalesce(sent_at, now()), message_id = ${messageId} where id = ${checkId}`;
      return { messageId };
    },
  };
}
