// Reading what PAL sent: every suite's mail goes to the shared Mailpit (global-setup.ts), read through its API
// (./mailpit.ts); a suite with a Mailpit of its own passes its client.
import { mailpitClient, type MailFilter, type MailpitClient, type MailpitMessage } from './mailpit';

/** The shared stack's Mailpit. */
export const inbox = (): MailpitClient => mailpitClient(process.env.PAL_TEST_MAILPIT_URL!);

/** Whole messages matching the filter, oldest first. */
export async function mailsMatching(filter: MailFilter, from = inbox()): Promise<MailpitMessage[]> {
  const found = await from.search(filter);
  return Promise.all(found.reverse().map((m) => from.message(m.ID)));
}

/** Lead references by lead id, as intake answered them: test/support/lead-env notes every lead it creates. */
const references = new Map<string, string>();
export const noteLeadReference = (lead: { leadId: string; reference?: string }) => void (lead.reference && references.set(lead.leadId, lead.reference));

/** Messages about a lead (by its id, or its id and reference), in the order received. */
export const mailsFor = async (lead: string | { leadId: string; reference?: string }, from = inbox()) => {
  const leadId = typeof lead === 'string' ? lead : lead.leadId;
  const reference = (typeof lead === 'string' ? undefined : lead.reference) ?? references.get(leadId);
  // Mailpit narrows by its case-insensitive search; the exact check is on the whole message.
  const mails = await mailsMatching({ text: reference ?? leadId }, from);
  return mails.filter((m) => (reference && (m.Subject.includes(reference) || m.Text.includes(reference))) || m.Text.includes(leadId));
};

export const recipient = (m: Pick<MailpitMessage, 'To'>) => m.To[0]?.Address;
/** "recipient subject", with the lead reference replaced by REF so expectations read the same for every lead. */
export const mailLine = (m: Pick<MailpitMessage, 'To' | 'Subject'>) => `${recipient(m)} ${m.Subject.replace(/lead \w{8}\b/, 'lead REF')}`;
