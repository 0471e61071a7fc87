// What an assister reports on its lead, as an update of the lead workflow: one path for the API and the portal.
// The workflow's rules have the last word; its refusal comes back as a WorkflowUpdateFailedError with the reason.
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { declineLeadUpdate, leadWorkflowId, reportAppointmentUpdate, reportContactUpdate, reportResolutionUpdate, type LeadStatusView } from '../contracts/lead';

const updates = { contact: reportContactUpdate, appointment: reportAppointmentUpdate, resolution: reportResolutionUpdate, decline: declineLeadUpdate };
export type AssisterAction = keyof typeof updates;
/** What each action carries besides the assister (the update's argument without it). */
export type AssisterReport<A extends AssisterAction> = (typeof updates)[A] extends UpdateDefinition<LeadStatusView, [infer Arg]> ? Omit<Arg, 'assisterId'> : never;

export function reportOnLead<A extends AssisterAction>(client: Client, leadId: string, assisterId: string, action: A, report: AssisterReport<A>): Promise<LeadStatusView> {
  // The four updates differ only in their argument, which AssisterReport<A> ties to the action.
  const update = updates[action] as typeof reportContactUpdate;
  return client.workflow.getHandle(leadWorkflowId(leadId)).executeUpdate(update, { args: [{ assisterId, ...(report as AssisterReport<'contact'>) }] });
}
