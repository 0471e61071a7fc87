import { readCaughtMessages, type CaughtMessage } from '../../client/devstack/smtp';
import { leadReference } from '../../activities/lead-emails';
import { mailDir } from './stack';

/** Messages about a lead, in the order received. */
export const mailsFor = async (leadId: string, dir = mailDir()) =>
  (await readCaughtMessages(dir)).filter((m) => m.mail.subject?.includes(leadReference(leadId)) || m.mail.text?.includes(leadId));

export const recipient = (m: CaughtMessage) => (Array.isArray(m.mail.to) ? m.mail.to[0] : m.mail.to)?.text;
/** "recipient subject", with the lead reference replaced by REF so expectations read the same for every lead. */
export const mailLine = (m: CaughtMessage) => `${recipient(m)} ${m.mail.subject?.replace(/lead \w{8}\b/, 'lead REF')}`;
