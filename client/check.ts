// Reconciliation of the two records of a lead: its row in PostgreSQL and its workflow in Temporal. An open lead's row
// without a workflow (an intake cut off between the two writes) or a workflow without its row is reported; with
// repair, an open lead's row without a workflow gets its workflow started. A closed lead needs none: Temporal deletes
// a closed workflow after the namespace's retention (README "Records and retention"), and one is never started again.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { leadWorkflowId } from '../contracts/lead';
import type { Sql } from '../store/database';
import { leadIdsAndOpen } from '../store/leads';
import type { leadWorkflow } from '../workflows/lead';
import { leadWorkflowStart, type IntakeDeps } from './api/intake';

export interface LeadCheck {
  leads: number;
  workflows: number;
  leadsWithoutWorkflow: string[];
  workflowsWithoutLead: string[];
}

const LEAD_PREFIX = leadWorkflowId('');

export async function checkLeads(deps: { client: Client; sql: Sql; taskQueue: string }): Promise<LeadCheck> {
  const workflowIds = new Set<string>();
  // PAL's lead workflows are those on its task queue (a namespace may host other deployments' queues).
  for await (const wf of deps.client.workflow.list({ query: `WorkflowType = 'leadWorkflow' AND TaskQueue = '${deps.taskQueue.replace(/'/g, '')}'` })) workflowIds.add(wf.workflowId);
  const rows = await leadIdsAndOpen(deps.sql);
  const leadIds = new Set(rows.map((r) => r.id));

  const leadsWithoutWorkflow: string[] = [];
  for (const { id, open } of rows) {
    if (!open) continue;
    if (workflowIds.has(leadWorkflowId(id))) continue;
    // Visibility lags a moment behind: ask for the workflow itself before calling it missing.
    try {
      await deps.client.workflow.getHandle(leadWorkflowId(id)).describe();
      workflowIds.add(leadWorkflowId(id));
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      leadsWithoutWorkflow.push(id);
    }
  }
  const workflowsWithoutLead = [...workflowIds].filter((wid) => !leadIds.has(wid.slice(LEAD_PREFIX.length))).sort();
  return { leads: leadIds.size, workflows: workflowIds.size, leadsWithoutWorkflow: leadsWithoutWorkflow.sort(), workflowsWithoutLead };
}

/** Starts the workflow of each lead row that has none; returns the lead ids started. */
export async function repairLeads(deps: { client: Client; taskQueue: string; workflowDefaults?: IntakeDeps['workflowDefaults'] }, check: LeadCheck): Promise<string[]> {
  for (const leadId of check.leadsWithoutWorkflow) await deps.client.workflow.start<typeof leadWorkflow>('leadWorkflow', leadWorkflowStart(leadId, deps.taskQueue, deps.workflowDefaults));
  return check.leadsWithoutWorkflow;
}
