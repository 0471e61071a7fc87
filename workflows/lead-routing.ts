// Routing a lead (or rerouting it after a decline or reassignment) and sending its referral, as one step of the
// lead workflow: the assignment is known at once, the referral email follows and waits out an SMTP outage.
import * as wf from '@temporalio/workflow';
import { leadActivities as acts, type LeadState } from './lead-state';

/** Routes (or reassigns) the lead and sends the referral; without an eligible assister, the lead waits. */
export async function route(lead: LeadState) {
  const ticket = lead.requested;
  const previous = lead.assignment?.assisterId ? lead.assignment : undefined;
  const target = lead.reassignTo;
  lead.reassignTo = undefined;
  const wasWaiting = lead.status === 'awaiting-assister';
  lead.status = 'routing';
  const number = (lead.assignment?.assignment ?? 0) + 1;
  const assignment = await acts.routeLead({ leadId: lead.leadId, assignment: number, exclude: lead.excluded, assisterId: target?.assisterId });
  if (!assignment.assisterId) {
    if (!wasWaiting) {
      await lead.notice('no-eligible-assister', { assisterType: assignment.assisterType });
      await lead.record('no-eligible-assister', { assisterType: assignment.assisterType }, { status: 'awaiting-assister' });
      lead.note('no-eligible-assister', `no ${assignment.assisterType} assister can take the lead`);
    }
    lead.status = 'awaiting-assister';
    lead.publish();
    lead.routed = ticket;
    return;
  }
  if (previous && previous.assisterId !== assignment.assisterId) await lead.notice('withdrawn', { assisterId: previous.assisterId }, previous.assignment);
  // The caller learns the assignment at once; the referral email follows (and waits out an SMTP outage).
  lead.cleared('routed');
  lead.assignment = assignment;
  lead.referral = assignment.referral;
  lead.status = 'awaiting-contact';
  lead.contactDate = undefined;
  lead.appointmentDate = undefined;
  lead.reminded = lead.contactEscalated = lead.appointmentEscalated = false;
  // The activity records the referral event in the same step as the email (one less step per lead).
  let delivered = false;
  const referral = acts.sendLeadReferral({ leadId: lead.leadId, assignment: assignment.assignment, event: target ? 'reassigned' : 'referred' }).then(() => {
    delivered = true;
  });
  // Added after histories were recorded: older runs replay without the alert timer.
  if (wf.patched('referral-late-alert') && !(await wf.condition(() => delivered, lead.referralAlertAfter))) {
    lead.escalated = true;
    lead.note('referral-late', `referral to ${assignment.assisterId} not delivered yet`);
    lead.publish();
    await lead.notice('referral-late', { assisterId: assignment.assisterId });
    await lead.record('referral-late', { assisterId: assignment.assisterId });
  }
  await referral;
  lead.cleared(target ? 'reassigned' : 'referred');
  lead.note(target ? 'reassigned' : 'referred', `${assignment.assisterId} (${assignment.rule}${target ? `, by ${target.coordinator}` : ''})`);
  lead.publish();
  lead.routed = ticket;
  // Added after histories were recorded: the consumer is told who has the lead now (a lead withdrawn meanwhile is not),
  // beside the lead: its timers and the assister's reports do not wait for the consumer's email.
  if (!lead.closed && wf.patched('consumer-notice')) lead.inBackground(acts.sendConsumerNotice({ leadId: lead.leadId, assignment: assignment.assignment, kind: 'assigned' }));
}
