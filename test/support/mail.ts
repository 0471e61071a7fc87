import { readCaughtMessages, type CaughtMessage } from '../../client/devstack/smtp';
import { mailDir } from './stack';

/** Lead references by lead id, as intake answered them: test/support/lead-env notes every lead it creates. */
const references = new Map<string, string>();
export const noteLeadReference = (lead: { leadId: string; reference?: string }) => void (lead.reference && references.set(lead.leadId, lead.reference));

/** Messages about a lead (by its id, or its id and reference), in the order received. */
export const mailsFor = async (lead: string | { leadId: string; reference?: string }, dir = mailDir()) => {
  const leadId = typeof lead === 'string' ? lead : lead.leadId;
  const reference = (typeof lead === 'string' ? undefined : lead.reference) ?? references.get(leadId);
  return (await readCaughtMessages(dir)).filter((m) => (reference && (m.mail.subject?.includes(reference) || m.mail.text?.includes(reference))) || m.mail.text?.includes(leadId));
};

export const recipient = (m: CaughtMessage) => (Array.isArray(m.mail.to) ? m.mail.to[0] : m.mail.to)?.text;
/** "recipient subject", with the lead reference replaced by REF so expectations read the same for every lead. */
export const mailLine = (m: CaughtMessage) => `${recipient(m)} ${m.mail.subject?.replace(/lead \w{8}\b/, 'lead REF')}`;
