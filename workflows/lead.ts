// One workflow per lead: route it, send the referral at once, then hold the assister to the deadlines with
// durable timers until a final resolution. Carries the lead id and non-PII state only; the consumer's data
// stays in PostgreSQL and reaches the assister through the referral activity. The rules are in domain/lead-rules.
import { msToNumber } from '@temporalio/common/lib/time';
import * as wf from '@temporalio/workflow';
import {
  askFollowUpSignal,
  assisterAvailableSignal,
  awaitAssignmentUpdate,
  correctConsumerUpdate,
  declineLeadUpdate,
  escalationResolvedSignal,
  reassignLeadUpdate,
  reportAppointmentUpdate,
  reportContactUpdate,
  reportResolutionUpdate,
  statusQuery,
  withdrawLeadUpdate,
  type LeadStatusView,
  type LeadWorkflowInput,
} from '../contracts/lead';
import {
  afterResolution,
  appointmentAfterDeadline,
  appointmentReportRefusal,
  consumerCorrectionRefusal,
  contactReportRefusal,
  declineRefusal,
  DEFAULT_MAX_OPEN_DAYS,
  DEFAULT_ROUTING_RETRY_MINUTES,
  nextLeadDeadline,
  reassignRefusal,
  resolutionReportRefusal,
  withdrawRefusal,
  WITHDRAWAL_REASON_WORDS,
  zipCorrectionReroutes,
  type LeadDeadlineKind,
  type Refusal,
} from '../domain/lead-rules';
import { isFinalResolution, type Resolution } from '../domain/resolutions';
import type { Activities } from '../activities';
import { localStep } from './activity-options';
import { route } from './lead-routing';
import { leadActivities, LeadState } from './lead-state';

const DAY_MS = 24 * 60 * 60 * 1000;
const checks = wf.proxyLocalActivities<Activities>(localStep);

/** An update validator throws the rule's refusal; the update is then not applied and not written to history. */
const refuse = (refusal: Refusal | undefined) => {
  if (refusal) throw wf.ApplicationFailure.nonRetryable(refusal.message, refusal.type);
};

/** A deadline passed without what it waited for: remind the assister, escalate to the coordinator, or close. */
async function onDeadline(lead: LeadState, kind: LeadDeadlineKind) {
  const assisterId = lead.assignment?.assisterId;
  if (kind === 'contact-reminder') {
    lead.reminded = true;
    lead.note('contact-reminder', `reminded ${assisterId}`);
    await lead.notice('contact-reminder', { assisterId, deadline: lead.referral?.contactDeadlineAt });
    await lead.record('contact-reminder', { assisterId });
  } else if (kind === 'contact-overdue') {
    lead.contactEscalated = lead.escalated = true;
    lead.note('contact-overdue', `escalated: ${assisterId} reported no contact`);
    await lead.notice('contact-overdue', { assisterId, deadline: lead.referral?.contactDeadlineAt });
    await lead.record('contact-overdue', { assisterId });
  } else if (kind === 'appointment-overdue') {
    lead.appointmentEscalated = lead.escalated = true;
    lead.note('appointment-overdue', `escalated: no appointment with ${assisterId} within two weeks`);
    await lead.notice('appointment-overdue', { assisterId, deadline: lead.referral?.appointmentDeadlineAt });
    await lead.record('appointment-overdue', { assisterId });
  } else {
    lead.status = 'closed-unresolved';
    lead.escalated = true;
    lead.note('closed-unresolved', 'maximum age reached without a final resolution');
    await lead.notice('closed-unresolved', { assisterId });
    await lead.record('closed-unresolved', {}, { closed: true });
  }
  lead.publish();
}

function handleUpdates(lead: LeadState) {
  const now = () => new Date();
  wf.setHandler(statusQuery, () => lead.view());
  wf.setHandler(awaitAssignmentUpdate, async () => {
    await wf.condition(() => lead.status !== 'routing');
    return lead.view();
  });
  wf.setHandler(escalationResolvedSignal, ({ kind }) => {
    if (lead.openEscalations?.delete(kind)) lead.publish();
  });
  wf.setHandler(assisterAvailableSignal, () => {
    if (lead.status === 'awaiting-assister') void lead.requestRouting();
  });
  wf.setHandler(
    reportContactUpdate,
    async ({ contactDate }) => {
      lead.contactDate = contactDate;
      lead.status = 'contacted';
      return lead.reported('contact-reported', contactDate, { contactDate }, { contactDate });
    },
    { validator: (report) => refuse(contactReportRefusal(lead.facts, report, now())) },
  );
  wf.setHandler(
    reportAppointmentUpdate,
    async ({ appointmentDate }) => {
      lead.appointmentDate = appointmentDate;
      lead.status = 'appointment-scheduled';
      const view = await lead.reported('appointment-reported', appointmentDate, { appointmentDate }, { appointmentDate });
      // Added after histories were recorded: older runs replay without the immediate escalation.
      if (!lead.appointmentEscalated && appointmentAfterDeadline(appointmentDate, lead.referral?.appointmentDeadlineAt) && wf.patched('appointment-after-deadline')) {
        lead.appointmentEscalated = lead.escalated = true;
        lead.note('appointment-overdue', `escalated: the appointment with ${lead.assignment?.assisterId} is later than two weeks`);
        await lead.notice('appointment-late', { assisterId: lead.assignment?.assisterId, deadline: lead.referral?.appointmentDeadlineAt });
        await lead.record('appointment-overdue', { assisterId: lead.assignment?.assisterId, appointmentDate });
        lead.publish();
        return lead.view();
      }
      return view;
    },
    { validator: (report) => refuse(appointmentReportRefusal(lead.facts, report)) },
  );
  wf.setHandler(
    reportResolutionUpdate,
    async (report) => {
      const resolution = report.resolution as Resolution;
      const after = afterResolution(lead.facts, { ...report, resolution }, isFinalResolution(resolution) || wf.patched('interim-keeps-appointment-deadline'));
      lead.resolution = resolution;
      lead.status = after.status;
      lead.contactDate = after.contactDate;
      lead.appointmentDate = after.appointmentDate;
      return lead.reported(
        'resolution-reported',
        resolution,
        { resolution, contactMade: report.contactMade, comment: report.comment },
        { resolution, contactDate: lead.contactDate, appointmentDate: lead.appointmentDate, closed: lead.closed },
      );
    },
    { validator: (report) => refuse(resolutionReportRefusal(lead.facts, report, now())) },
  );
  wf.setHandler(
    declineLeadUpdate,
    async ({ assisterId, reason }) => {
      lead.excluded.push(assisterId);
      // Reasons are free text and may mention the consumer: they go to PostgreSQL only, not into the status history.
      lead.note('declined', assisterId);
      await lead.record('declined', { assisterId, reason });
      await lead.requestRouting();
      return lead.view();
    },
    { validator: (decline) => refuse(declineRefusal(lead.facts, decline)) },
  );
  wf.setHandler(
    reassignLeadUpdate,
    async ({ assisterId, coordinator, reason, override }) => {
      // Added after histories were recorded: older runs replay without the eligibility check of a named assister.
      const ineligible = assisterId && wf.patched('reassign-eligibility') ? await checks.reassignmentIneligibility({ leadId: lead.leadId, assisterId }) : undefined;
      if (ineligible && !(override && ineligible.overridable))
        throw wf.ApplicationFailure.nonRetryable(ineligible.overridable ? `${ineligible.reason}: reassign with an override and a reason to send it there anyway` : ineligible.reason, 'IneligibleAssister');
      refuse(reassignRefusal(lead.facts, { assisterId, coordinator, reason, override }));
      // The override's reason is free text: PostgreSQL only; the status history names what was overridden.
      lead.note('reassignment-requested', `to ${assisterId ?? 'the next eligible assister'} by ${coordinator}${ineligible ? ` (override: ${ineligible.reason})` : ''}`);
      await lead.record('reassignment-requested', { assisterId, coordinator, reason, ...(ineligible && { override: ineligible.reason }) });
      if (lead.assignment?.assisterId) lead.excluded.push(lead.assignment.assisterId);
      lead.reassignTo = { assisterId, coordinator };
      await lead.requestRouting();
      return lead.view();
    },
    { validator: (request) => refuse(reassignRefusal(lead.facts, request)) },
  );
  // Staff updates (issue 12). New handlers only: histories recorded before them never call them and replay unchanged.
  // Both wait out a routing step in progress (a local activity), so routing never overwrites what they decide.
  const notRouting = () => wf.condition(() => lead.status !== 'routing' || lead.closed);
  wf.setHandler(
    withdrawLeadUpdate,
    async ({ reason, note, by }) => {
      await notRouting();
      refuse(withdrawRefusal(lead.facts, { reason, note, by }));
      // The assister holding the lead is told (by reference only); a lead waiting for an assister has none.
      const assisterId = lead.status === 'awaiting-assister' ? undefined : lead.assignment?.assisterId;
      lead.status = 'withdrawn';
      lead.withdrawalReason = reason;
      // The note is free text and may mention the consumer: PostgreSQL only, like a decline's reason.
      lead.note('withdrawn', `${WITHDRAWAL_REASON_WORDS[reason]}, by ${by}`);
      await lead.record('withdrawn', { reason, by, assisterId, ...(note && { note }) }, { closed: true, withdrawalReason: reason });
      lead.publish();
      if (assisterId) await lead.notice('lead-withdrawn', { assisterId });
      // Added after histories were recorded: the consumer is told too, after any notice of theirs still on its way
      // (which says nothing once the lead is closed); then the workflow completes as the update answers.
      if (wf.patched('consumer-notice')) {
        await lead.backgroundDone();
        await leadActivities.sendConsumerNotice({ leadId: lead.leadId, assignment: lead.assignment?.assignment ?? 0, kind: 'withdrawn' });
      }
      return lead.view();
    },
    { validator: (request) => refuse(withdrawRefusal(lead.facts, request)) },
  );
  wf.setHandler(
    correctConsumerUpdate,
    async ({ by, ...correction }) => {
      await notRouting();
      refuse(consumerCorrectionRefusal(lead.facts, { ...correction, by }));
      const reroutable = zipCorrectionReroutes(lead.facts);
      const currentAssister = lead.status === 'awaiting-assister' ? undefined : lead.assignment?.assisterId;
      // The activity writes the values to the lead's row and answers which fields changed (names only) and whether
      // routing by the corrected ZIP code would choose another assister.
      const { fields, reroute } = await leadActivities.correctLeadConsumer({
        leadId: lead.leadId,
        eventKey: lead.eventKey('consumer-corrected'),
        correction,
        by,
        reroutable,
        assisterId: currentAssister,
        exclude: lead.excluded,
      });
      lead.note('consumer-corrected', `${fields.length ? fields.join(', ') : 'nothing changed'}, by ${by}`);
      if (reroute && !lead.closed) {
        // As a reassignment: the former assister is told the lead was withdrawn, the new one gets the referral.
        lead.reassignTo = { coordinator: by };
        await lead.requestRouting();
      }
      return lead.view();
    },
    { validator: (request) => refuse(consumerCorrectionRefusal(lead.facts, request)) },
  );
  // The consumer's "Ask for a follow-up" (issue 13), for the assignment their notice named: once per assignment, an
  // escalation in the coordinators' queue and a reminder to the assister. A closed lead, a lead waiting for an
  // assister or another assignment changes nothing. A new handler: histories recorded before it replay unchanged.
  wf.setHandler(askFollowUpSignal, async ({ assignment }) => {
    await notRouting();
    const assisterId = lead.assignment?.assisterId;
    if (lead.closed || lead.status === 'awaiting-assister' || !assisterId || assignment !== lead.assignment?.assignment || lead.followUps.has(assignment)) return;
    lead.followUps.add(assignment);
    lead.note('consumer-follow-up', `the consumer asked for a follow-up from ${assisterId}`);
    await lead.notice('consumer-follow-up', { assisterId, deadline: lead.referral?.contactDeadlineAt });
    await lead.record('consumer-follow-up', { assisterId, assignment });
    lead.publish();
    await lead.notice('consumer-follow-up-reminder', { assisterId, deadline: lead.referral?.contactDeadlineAt });
  });
}

export async function leadWorkflow(input: LeadWorkflowInput): Promise<LeadStatusView> {
  const lead = new LeadState(input.leadId);
  // Added after histories were recorded: PalEscalated means an open escalation; older runs keep it once set.
  if (wf.patched('open-escalations')) lead.openEscalations = new Set();
  if (input.referralAlertAfter) lead.referralAlertAfter = input.referralAlertAfter;
  const maxAgeAt = Date.now() + (input.maxOpenDays ?? DEFAULT_MAX_OPEN_DAYS) * DAY_MS;
  const retryMs = msToNumber(input.routingRetryInterval ?? `${DEFAULT_ROUTING_RETRY_MINUTES} minutes`);
  handleUpdates(lead);

  // The starter sets PalStatus = routing (startSearchAttributes), so nothing is published before routing.
  while (!lead.closed) {
    if (lead.routingRequested) {
      await route(lead);
      lead.version++;
      continue;
    }
    const seen = lead.version;
    const changed = () => lead.version !== seen || lead.routingRequested;
    if (lead.status === 'awaiting-assister') {
      const woke = await wf.condition(changed, Math.max(1, Math.min(retryMs, maxAgeAt - Date.now())));
      if (!woke) void lead.requestRouting();
      if (Date.now() >= maxAgeAt) await onDeadline(lead, 'max-age');
      continue;
    }
    const next = nextLeadDeadline(lead.facts, lead, maxAgeAt);
    if (!(await wf.condition(changed, Math.max(1, next.at - Date.now())))) await onDeadline(lead, next.kind);
  }
  await wf.condition(wf.allHandlersFinished);
  await lead.backgroundDone();
  return lead.view();
}
