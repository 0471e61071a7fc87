// Lead intake, for the HTTP API (and tests and benchmarks): record the lead (PII stays in PostgreSQL; PostgreSQL
// numbers it, which gives its reference), start its workflow and wait until it is routed. Idempotent: the same
// requestId returns the same lead.
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { validateLead, type FieldProblem, type Lead } from '../../domain/lead';
import { awaitAssignmentUpdate, leadWorkflowId, startSearchAttributes, statusQuery, type LeadStatusView, type LeadWorkflowInput } from '../../contracts/lead';
import type { Sql } from '../../store/database';
import { insertLead } from '../../store/leads';
import type { leadWorkflow } from '../../workflows/lead';

export type CreateLeadResult = { ok: true; created: boolean; lead: LeadStatusView } | { ok: false; problems: FieldProblem[] };

export interface IntakeDeps {
  client: Client;
  sql: Sql;
  taskQueue: string;
  workflowDefaults?: Omit<LeadWorkflowInput, 'leadId'>;
  /** Use update-with-start (default); false for servers that lack it. */
  updateWithStart?: boolean;
}

/** How a lead's workflow is started: by intake, and by `pal check --repair` for a lead row left without one. */
export function leadWorkflowStart(leadId: string, taskQueue: string, workflowDefaults?: IntakeDeps['workflowDefaults']) {
  return {
    workflowId: leadWorkflowId(leadId),
    taskQueue,
    args: [{ leadId, ...workflowDefaults }] as [LeadWorkflowInput],
    // A repeated request attaches to the running workflow instead of starting a second one.
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
    // A repeated request after the lead's workflow has finished must not start it again.
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    typedSearchAttributes: startSearchAttributes(),
  };
}

/** Intake of a lead as sent: every problem at once, or the lead recorded and routed. */
export async function createLead(deps: IntakeDeps, input: unknown): Promise<CreateLeadResult> {
  const validation = validateLead(input);
  return validation.ok ? { ok: true, ...(await startLead(deps, validation.lead)) } : validation;
}

/** Intake of a valid lead: recorded, its workflow started, answered once routed (or waiting for an assister). */
export async function startLead({ client, sql, taskQueue, workflowDefaults, updateWithStart = true }: IntakeDeps, lead: Lead): Promise<{ created: boolean; lead: LeadStatusView }> {
  const row = await insertLead(sql, lead);
  const start = leadWorkflowStart(row.id, taskQueue, workflowDefaults);
  const named = (view: LeadStatusView) => ({ ...view, reference: row.reference });
  try {
    // One round trip: start the workflow and wait for routing through the awaitAssignment update.
    if (updateWithStart) {
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof leadWorkflow>('leadWorkflow', start);
      return { created: row.inserted, lead: named(await client.workflow.executeUpdateWithStart(awaitAssignmentUpdate, { startWorkflowOperation })) };
    }
    // Servers without update-with-start (the time-skipping test server): start, then update.
    const handle = await client.workflow.start<typeof leadWorkflow>('leadWorkflow', start);
    return { created: row.inserted, lead: named(await handle.executeUpdate(awaitAssignmentUpdate)) };
  } catch (err) {
    // The workflow of a repeated request may already have finished: answer with its final state.
    if (row.inserted || (await client.workflow.getHandle(start.workflowId).describe().catch(() => undefined))?.status.name === 'RUNNING') throw err;
    return { created: false, lead: named(await client.workflow.getHandle(start.workflowId).query(statusQuery)) };
  }
}
