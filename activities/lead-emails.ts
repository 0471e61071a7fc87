// The texts of lead emails. Only the referral to the assigned assister carries the consumer's information;
// subjects never do, and notices to the coordinator or a former assister name the lead only by reference.
import type { LeadNotice } from '../contracts/lead';
import type { Lead } from '../domain/lead';
import type { LeadDeadlines } from '../domain/deadlines';
import { RESOLUTIONS } from '../domain/resolutions';
import { minnesotaIso } from '../domain/time';

export const leadReference = (leadId: string) => leadId.slice(0, 8).toUpperCase();

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
const when = (d: Date) => minnesotaIso(d).replace('T', ' ').slice(0, 16) + ' (Minnesota time)';

export function referralEmail(leadId: string, lead: Lead, deadlines: LeadDeadlines, assisterType: string) {
  const c = lead.consumer;
  return {
    subject: `PAL lead ${leadReference(leadId)}: new ${assisterType} referral`,
    text: [
      `A consumer needs in-person help and has consented to share their information with you.`,
      `Lead reference: ${leadReference(leadId)} (id ${leadId})`,
      '',
      'CONSUMER',
      `Name: ${c.firstName} ${c.lastName}`,
      `Phone: ${c.phone}`,
      `Email: ${c.email ?? '(none given)'}`,
      `ZIP code: ${c.zip}`,
      `Preferred language: ${c.preferredLanguage ?? '(not stated)'}`,
      '',
      'ACCOUNT AND APPLICATION',
      `Active account: ${yesNo(lead.account.active)}${lead.account.active && lead.account.userLogin ? ` (user login: ${lead.account.userLogin})` : ''}`,
      `Active (completed) application: ${yesNo(lead.application.active)}`,
      `Current determination(s): ${lead.determinations.length ? lead.determinations.join(', ') : 'none'}`,
      '',
      'WHY THEY NEED HELP',
      `Reason: ${lead.reasonForHelp}`,
      `Asks for help with plan selection: ${yesNo(lead.planSelectionHelp)}`,
      `Guidance given by the contact center: ${lead.guidanceProvided}`,
      `Consent to share: Yes. Created by ${lead.createdBy}.`,
      '',
      'DEADLINES',
      `Contact the consumer as soon as possible, no later than ${when(deadlines.contactDeadlineAt)}.`,
      `Complete an appointment by ${when(deadlines.appointmentDeadlineAt)}.`,
      '',
      'REPORTING THE OUTCOME',
      `Report contact, the appointment and the resolution in PAL as they happen:`,
      `  pal lead contact --lead ${leadId} --date YYYY-MM-DD`,
      `  pal lead appointment --lead ${leadId} --date YYYY-MM-DD`,
      `  pal lead resolve --lead ${leadId} --contact-made Y|N --resolution "…"`,
      `  pal lead decline --lead ${leadId} --reason "…"   (if you cannot take this lead)`,
      `or through the PAL API with your assister token, and in your biweekly Preferred Assister Report.`,
      `Resolutions: ${RESOLUTIONS.join('; ')}.`,
      '',
      'This message contains personal information. Do not forward it.',
    ].join('\n'),
  };
}

/** Who receives each notice: the assigned (or former) assister, or the coordinator. */
export const noticeRecipient: Record<LeadNotice, 'assister' | 'coordinator'> = {
  'contact-reminder': 'assister',
  withdrawn: 'assister',
  'contact-overdue': 'coordinator',
  'appointment-overdue': 'coordinator',
  'appointment-late': 'coordinator',
  'no-eligible-assister': 'coordinator',
  'closed-unresolved': 'coordinator',
  'referral-late': 'coordinator',
};

export function noticeEmail(notice: LeadNotice, leadId: string, facts: { assisterId?: string; deadline?: Date; assisterType?: string }) {
  const ref = leadReference(leadId);
  const texts: Record<LeadNotice, [string, string]> = {
    'contact-reminder': [
      `PAL lead ${ref}: reminder, contact the consumer`,
      `PAL has no report yet that you contacted the consumer of lead ${ref} (id ${leadId}). The deadline is ${facts.deadline ? when(facts.deadline) : 'the end of the next business day'}. Report contact with: pal lead contact --lead ${leadId} --date YYYY-MM-DD`,
    ],
    'contact-overdue': [
      `PAL escalation: lead ${ref} not contacted by the deadline`,
      `Assister ${facts.assisterId} did not report contact for lead ${ref} (id ${leadId}) by ${facts.deadline ? when(facts.deadline) : 'the deadline'}. Inspect the lead workflow lead-${leadId} in Temporal UI.`,
    ],
    'appointment-overdue': [
      `PAL escalation: lead ${ref} has no appointment within two weeks`,
      `Assister ${facts.assisterId} reported no appointment or resolution for lead ${ref} (id ${leadId}) by ${facts.deadline ? when(facts.deadline) : 'the deadline'}.`,
    ],
    'appointment-late': [
      `PAL escalation: lead ${ref} appointment later than two weeks`,
      `Assister ${facts.assisterId} reported an appointment for lead ${ref} (id ${leadId}) on a date after its appointment deadline (${facts.deadline ? when(facts.deadline) : 'two weeks after the referral'}).`,
    ],
    withdrawn: [
      `PAL lead ${ref}: withdrawn`,
      `Lead ${ref} (id ${leadId}) has been withdrawn from your organization and assigned elsewhere. Take no further action on it and delete the consumer's information you received for it.`,
    ],
    'no-eligible-assister': [
      `PAL alert: lead ${ref} is waiting for an eligible ${facts.assisterType ?? ''} assister`,
      `No ${facts.assisterType ?? ''} assister can take lead ${ref} (id ${leadId}): every one of that type is suspended, at capacity, or has declined it. This is a geographic or capacity gap. The lead is held and will be routed as soon as an assister becomes eligible (import or resume one, or raise a capacity).`,
    ],
    'referral-late': [
      `PAL alert: lead ${ref} referral email not delivered yet`,
      `The referral of lead ${ref} (id ${leadId}) to assister ${facts.assisterId ?? '?'} has not been delivered within the alert threshold. PAL keeps retrying; check the mail server. Inspect workflow lead-${leadId} in Temporal UI.`,
    ],
    'closed-unresolved': [
      `PAL escalation: lead ${ref} closed unresolved`,
      `Lead ${ref} (id ${leadId}), assigned to ${facts.assisterId ?? 'no assister'}, reached the maximum age without a final resolution and was closed as unresolved.`,
    ],
  };
  const [subject, text] = texts[notice];
  return { subject, text };
}
