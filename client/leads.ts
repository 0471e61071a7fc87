// Lead intake, shared by the HTTP API and the CLI: validate, record the lead (PII stays in PostgreSQL), start
// its workflow and wait until it is routed. Idempotent: the same requestId returns the same lead.
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Sql } from '../activities/database';
import { validateLead, type FieldProblem } from '../domain/lead';
import { awaitAssignmentUpdate, leadWorkflowId, statusQuery, type LeadStatusView } from '../workflows/lead-messages';
import type { leadWorkflow, LeadWorkflowInput } from '../workflows/lead';

export type CreateLeadResult = { ok: true; created: boolean; lead: LeadStatusView } | { ok: false; problems: FieldProblem[] };

export interface IntakeDeps {
  client: Client;
  sql: Sql;
  taskQueue: string;
  workflowDefaults?: Omit<LeadWorkflowInput, 'leadId'>;
}

export async function createLead({ client, sql, taskQueue, workflowDefaults }: IntakeDeps, input: unknown): Promise<CreateLeadResult> {
  const validation = validateLead(input);
  if (!validation.ok) return validation;
  const { lead } = validation;
  const [row] = await sql<{ id: string; inserted: boolean }[]>`
    insert into leads (id, request_id, intake, created_by) values (${randomUUID()}, ${lead.requestId ?? null}, ${sql.json(lead)}, ${lead.createdBy})
    on conflict (request_id) do update set request_id = excluded.request_id
    returning id, (xmax = 0) as inserted`;
  const leadId = row!.id;
  // Start (a repeated request finds the running workflow), then wait for routing through an update. Two calls
  // rather than update-with-start, so the same code runs on the time-skipping test server.
  let handle;
  try {
    handle = await client.workflow.start<typeof leadWorkflow>('leadWorkflow', {
      workflowId: leadWorkflowId(leadId),
      taskQueue,
      args: [{ leadId, ...workflowDefaults }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  } catch (err) {
    // The workflow of a repeated request may already have finished: answer with its final state.
    if (row!.inserted || !(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const view = await client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery);
    return { ok: true, created: false, lead: view };
  }
  const view = await handle.executeUpdate(awaitAssignmentUpdate);
  return { ok: true, created: row!.inserted, lead: view };
}
