// The texts of lead emails. Subjects never carry the consumer's information, and notices to the coordinator or a
// former assister name the lead only by reference (domain/lead-reference: the one reference PAL shows and accepts
// everywhere); coordinators also get the lead workflow's id, for Temporal UI. What the referral and the contact
// reminder carry depends on PAL_REFERRAL_EMAIL (platform/config emailConfig): in `link` mode the reference, the
// deadlines and a link to the lead in the portal; in `full` mode the referral carries the consumer's information.
import type { LeadNotice } from '../contracts/lead';
import type { Lead } from '../domain/lead';
import type { LeadDeadlines } from '../domain/deadlines';
import { RESOLUTIONS } from '../domain/resolutions';
import { minnesotaIso } from '../domain/time';
import type { EmailSettings } from '../platform/config';
import { portalLinks } from './portal-links';

/** A lead as its emails name it: the reference for people, the id for the workflow. */
export interface NamedLead {
  id: string;
  reference: string;
}

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
const when = (d: Date) => minnesotaIso(d).replace('T', ' ').slice(0, 16) + ' (Minnesota time)';

const referralSubject = (reference: string, assisterType: string) => `PAL lead ${reference}: new ${assisterType} referral`;
const referralOpening = (reference: string) => [
  'A consumer needs in-person help and has consented to share their information with you.',
  `Lead reference: ${reference} (use it in PAL and in your Preferred Assister Report)`,
  '',
];
const deadlineLines = (deadlines: LeadDeadlines) => [
  'DEADLINES',
  `Contact the consumer as soon as possible, no later than ${when(deadlines.contactDeadlineAt)}.`,
  `Complete an appointment by ${when(deadlines.appointmentDeadlineAt)}.`,
];

/** The referral in `link` mode: the assister signs in to the portal to see the consumer and act on the lead. */
export function referralLinkEmail({ reference }: NamedLead, deadlines: LeadDeadlines, assisterType: string, publicUrl: string) {
  return {
    subject: referralSubject(reference, assisterType),
    text: [
      ...referralOpening(reference),
      ...deadlineLines(deadlines),
      '',
      'THE LEAD',
      `Sign in to the PAL portal to see the consumer's contact information and why they need help:`,
      `  ${portalLinks(publicUrl).lead(reference)}`,
      `Record contact, the appointment and the resolution on the lead's page as they happen, or decline the lead there if you cannot take it.`,
      '',
      'This email carries no personal information: PAL keeps it in the portal.',
    ].join('\n'),
  };
}

/** The referral in `full` mode: everything the lead carries, for a relay that encrypts end to end. */
export function referralEmail({ reference }: NamedLead, lead: Lead, deadlines: LeadDeadlines, assisterType: string) {
  const c = lead.consumer;
  return {
    subject: referralSubject(reference, assisterType),
    text: [
      ...referralOpening(reference),
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
      ...deadlineLines(deadlines),
      '',
      'REPORTING THE OUTCOME',
      `Report contact, the appointment and the resolution in PAL as they happen:`,
      `  pal lead contact --lead ${reference} --date YYYY-MM-DD`,
      `  pal lead appointment --lead ${reference} --date YYYY-MM-DD`,
      `  pal lead resolve --lead ${reference} --contact-made Y|N --resolution "…"`,
      `  pal lead decline --lead ${reference} --reason "…"   (if you cannot take this lead)`,
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
  'lead-withdrawn': 'assister',
  'contact-overdue': 'coordinator',
  'appointment-overdue': 'coordinator',
  'appointment-late': 'coordinator',
  'no-eligible-assister': 'coordinator',
  'closed-unresolved': 'coordinator',
  'referral-late': 'coordinator',
  'consumer-follow-up': 'coordinator',
  'consumer-follow-up-reminder': 'assister',
};

export function noticeEmail(notice: LeadNotice, lead: NamedLead, facts: { assisterId?: string; deadline?: Date; assisterType?: string }, settings: EmailSettings) {
  const ref = lead.reference;
  // The reminder says how to record contact: on the lead's page (link mode) or with the pal CLI (full mode).
  const recordContact =
    settings.referralEmail === 'link'
      ? `Sign in to the PAL portal and record contact on the lead's page: ${portalLinks(settings.publicUrl).recordContact(ref)}`
      : `Report contact with: pal lead contact --lead ${ref} --date YYYY-MM-DD`;
  // For the coordinator: where to look in Temporal UI.
  const workflow = `Inspect the lead workflow lead-${lead.id} in Temporal UI.`;
  const texts: Record<LeadNotice, [string, string]> = {
    'contact-reminder': [
      `PAL lead ${ref}: reminder, contact the consumer`,
      `PAL has no report yet that you contacted the consumer of lead ${ref}. The deadline is ${facts.deadline ? when(facts.deadline) : 'the end of the next business day'}. ${recordContact}`,
    ],
    'contact-overdue': [
      `PAL escalation: lead ${ref} not contacted by the deadline`,
      `Assister ${facts.assisterId} did not report contact for lead ${ref} by ${facts.deadline ? when(facts.deadline) : 'the deadline'}. ${workflow}`,
    ],
    'appointment-overdue': [
      `PAL escalation: lead ${ref} has no appointment within two weeks`,
      `Assister ${facts.assisterId} reported no appointment or resolution for lead ${ref} by ${facts.deadline ? when(facts.deadline) : 'the deadline'}. ${workflow}`,
    ],
    'appointment-late': [
      `PAL escalation: lead ${ref} appointment later than two weeks`,
      `Assister ${facts.assisterId} reported an appointment for lead ${ref} on a date after its appointment deadline (${facts.deadline ? when(facts.deadline) : 'two weeks after the referral'}). ${workflow}`,
    ],
    withdrawn: [
      `PAL lead ${ref}: withdrawn`,
      `Lead ${ref} has been withdrawn from your organization and assigned elsewhere. Take no further action on it and delete the consumer's information you received for it.`,
    ],
    'lead-withdrawn': [
      `PAL lead ${ref}: withdrawn, do not contact`,
      `Lead ${ref} has been withdrawn by the marketplace and is closed. Do not contact the consumer about it, take no further action on it, and delete the consumer's information you received for it. PAL leaves it off your organization's lead list and your next Preferred Assister Reports.`,
    ],
    'no-eligible-assister': [
      `PAL alert: lead ${ref} is waiting for an eligible ${facts.assisterType ?? ''} assister`,
      `No ${facts.assisterType ?? ''} assister can take lead ${ref}: every one of that type is suspended, at capacity, or has declined it. This is a geographic or capacity gap. The lead is held and will be routed as soon as an assister becomes eligible (import or resume one, or raise a capacity). ${workflow}`,
    ],
    'referral-late': [
      `PAL alert: lead ${ref} referral email not delivered yet`,
      `The referral of lead ${ref} to assister ${facts.assisterId ?? '?'} has not been delivered within the alert threshold. PAL keeps retrying; check the mail server. ${workflow}`,
    ],
    'consumer-follow-up': [
      `PAL escalation: lead ${ref} consumer asked for follow-up`,
      `The consumer of lead ${ref} says no one has contacted them and asked for a follow-up. Assister ${facts.assisterId ?? '?'} has been reminded; its contact deadline is ${facts.deadline ? when(facts.deadline) : 'not known'}. ${workflow}`,
    ],
    'consumer-follow-up-reminder': [
      `PAL lead ${ref}: the consumer asks to be contacted`,
      `The consumer of lead ${ref} told the marketplace that no one has contacted them yet. Contact them as soon as possible${facts.deadline ? `, no later than ${when(facts.deadline)}` : ''}. ${recordContact}`,
    ],
    'closed-unresolved': [
      `PAL escalation: lead ${ref} closed unresolved`,
      `Lead ${ref}, assigned to ${facts.assisterId ?? 'no assister'}, reached the maximum age without a final resolution and was closed as unresolved. ${workflow}`,
    ],
  };
  const [subject, text] = texts[notice];
  return { subject, text };
}
