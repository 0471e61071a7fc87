// What an assister reports on its lead, and what staff (a representative or coordinator) decide about it, as updates
// of the lead workflow: one path for the API and the pages. The workflow's rules have the last word; its refusal
// comes back as a WorkflowUpdateFailedError with the reason.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import {
  correctConsumerUpdate,
  declineLeadUpdate,
  escalationResolvedSignal,
  leadWorkflowId,
  reassignLeadUpdate,
  reportAppointmentUpdate,
  reportContactUpdate,
  reportResolutionUpdate,
  withdrawLeadUpdate,
  type LeadStatusView,
} from '../contracts/lead';
import type { EscalationKind } from '../domain/escalations';
import { leadSchema } from '../domain/lead';
import { WITHDRAWAL_NOTE_MAX, WITHDRAWAL_REASONS, type ConsumerCorrection, type WithdrawalReason } from '../domain/lead-rules';
import { hasControlCharacters } from '../domain/text';

const updates = { contact: reportContactUpdate, appointment: reportAppointmentUpdate, resolution: reportResolutionUpdate, decline: declineLeadUpdate };
export type AssisterAction = keyof typeof updates;
/** What each action carries besides the assister (the update's argument without it). */
export type AssisterReport<A extends AssisterAction> = (typeof updates)[A] extends UpdateDefinition<LeadStatusView, [infer Arg]> ? Omit<Arg, 'assisterId'> : never;

export function reportOnLead<A extends AssisterAction>(client: Client, leadId: string, assisterId: string, action: A, report: AssisterReport<A>): Promise<LeadStatusView> {
  // The four updates differ only in their argument, which AssisterReport<A> ties to the action.
  const update = updates[action] as typeof reportContactUpdate;
  return client.workflow.getHandle(leadWorkflowId(leadId)).executeUpdate(update, { args: [{ assisterId, ...(report as AssisterReport<'contact'>) }] });
}

/** A withdrawal as the API takes it: the reason from the list, an optional one-line note (kept in PostgreSQL only). */
export const withdrawalSchema = z
  .object({
    reason: z.enum(WITHDRAWAL_REASONS, { error: 'Reason must be consent-revoked or created-in-error' }).describe('consent-revoked, or created-in-error'),
    note: z
      .string()
      .trim()
      .max(WITHDRAWAL_NOTE_MAX, `Note must be at most ${WITHDRAWAL_NOTE_MAX} characters`)
      .refine((s) => !hasControlCharacters(s), 'Note must be one line without control characters')
      .optional()
      .describe("Optional, one line; kept in the lead's record, never sent to the assister"),
  })
  .strict();

const consumer = leadSchema.shape.consumer.shape;
/** A correction of the consumer's contact details, each field by domain/lead's rule; messages never repeat a value. */
export const consumerCorrectionSchema = z
  .object({
    phone: consumer.phone.optional().describe('A valid US phone number'),
    email: consumer.email.unwrap().nullable().optional().describe('An email address; null removes it'),
    zip: consumer.zip.optional().describe('A Minnesota ZIP code: before the consumer is contacted, a new ZIP code reroutes the lead'),
  })
  .strict()
  .refine((c) => c.phone !== undefined || c.email !== undefined || c.zip !== undefined, 'Give the phone, email or zip to correct');

/**
 * A closed lead's workflow has completed and takes no update: the staff action is refused like any refusal of the
 * workflow's rules (a WorkflowUpdateFailedError with the reason), so the API answers 422 and the page shows it.
 */
async function refusedWhenClosed(update: Promise<LeadStatusView>): Promise<LeadStatusView> {
  try {
    return await update;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.nonRetryable('Lead is already closed', 'LeadClosed'));
    throw err;
  }
}

/** Withdraws the lead: `by` is the staff member's actor id (never the consumer). */
export function withdrawLead(client: Client, leadId: string, by: string, request: { reason: WithdrawalReason; note?: string }): Promise<LeadStatusView> {
  return refusedWhenClosed(client.workflow.getHandle(leadWorkflowId(leadId)).executeUpdate(withdrawLeadUpdate, { args: [{ reason: request.reason, ...(request.note && { note: request.note }), by }] }));
}

/** Corrects the consumer's phone, email or ZIP code (validated first: consumerCorrectionSchema). */
export function correctConsumer(client: Client, leadId: string, by: string, correction: ConsumerCorrection): Promise<LeadStatusView> {
  return refusedWhenClosed(client.workflow.getHandle(leadWorkflowId(leadId)).executeUpdate(correctConsumerUpdate, { args: [{ ...correction, by }] }));
}

/**
 * Reassigns the lead to a named assister, or without one to the next eligible assister; the workflow refuses an
 * assister routing would pass over unless `override` comes with a reason. `coordinator` names who asked.
 */
export function reassignLead(client: Client, leadId: string, coordinator: string, request: { assisterId?: string; reason?: string; override?: boolean }): Promise<LeadStatusView> {
  return refusedWhenClosed(client.workflow.getHandle(leadWorkflowId(leadId)).executeUpdate(reassignLeadUpdate, { args: [{ ...request, coordinator }] }));
}

/**
 * A coordinator resolved the lead's escalation in the queue: the lead workflow drops it from its open escalations
 * (PalEscalated). A finished workflow keeps what it showed when it closed.
 */
export async function tellEscalationResolved(client: Client, leadId: string, kind: EscalationKind): Promise<void> {
  try {
    await client.workflow.getHandle(leadWorkflowId(leadId)).signal(escalationResolvedSignal, { kind });
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}
