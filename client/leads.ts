// Lead intake, shared by the HTTP API and the CLI: validate, record the lead (PII stays in PostgreSQL), start
// its workflow and wait until it is routed. Idempotent: the same requestId returns the same lead.
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Sql } from '../activities/database';
import { validateLead, type FieldProblem } from '../domain/lead';
import { awaitAssignmentUpdate, leadWorkflowId, startSearchAttributes, statusQuery, type LeadStatusView } from '../contracts/lead';
import type { leadWorkflow } from '../workflows/lead';
import type { LeadWorkflowInput } from '../contracts/lead';

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

export async function createLead({ client, sql, taskQueue, workflowDefaults, updateWithStart = true }: IntakeDeps, input: unknown): Promise<CreateLeadResult> {
  const validation = validateLead(input);
  if (!validation.ok) return validation;
  const { lead } = validation;
  const [row] = await sql<{ id: string; inserted: boolean }[]>`
    insert into leads (id, request_id, intake, created_by) values (${randomUUID()}, ${lead.requestId ?? null}, ${sql.json(lead)}, ${lead.createdBy})
    on conflict (request_id) do update set request_id = excluded.request_id
    returning id, (xmax = 0) as inserted`;
  const leadId = row!.id;
  const start = leadWorkflowStart(leadId, taskQueue, workflowDefaults);
  try {
    // One round trip: start the workflow and wait for routing through the awaitAssignment update.
    if (updateWithStart) {
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof leadWorkflow>('leadWorkflow', start);
      return { ok: true, created: row!.inserted, lead: await client.workflow.executeUpdateWithStart(awaitAssignmentUpdate, { startWorkflowOperation }) };
    }
    // Servers without update-with-start (the time-skipping test server): start, then update.
    const handle = await client.workflow.start<typeof leadWorkflow>('leadWorkflow', start);
    return { ok: true, created: row!.inserted, lead: await handle.executeUpdate(awaitAssignmentUpdate) };
  } catch (err) {
    // The workflow of a repeated request may already have finished: answer with its final state.
    if (row!.inserted || (await client.workflow.getHandle(start.workflowId).describe().catch(() => undefined))?.status.name === 'RUNNING') throw err;
    return { ok: true, created: false, lead: await client.workflow.getHandle(start.workflowId).query(statusQuery) };
  }
}
