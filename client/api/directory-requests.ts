// Directory requests at the edge (the HTTP API): each is recorded in PostgreSQL and carried out by a workflow
// (workflows/directory.ts), so it shows in Temporal UI. A contact-point change waits for the new address's code.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Assister, AssisterUpdate } from '../../domain/assister';
import {
  assisterRequestWorkflowId,
  cancelContactPointUpdate,
  confirmContactPointUpdate,
  contactPointChangeWorkflowId,
  type AssisterRequestKind,
  type AssisterRequestResult,
  type ContactPointChangeStatus,
  type Requester,
} from '../../contracts/directory';
import { assisterRecord } from '../../store/assisters';
import type { Sql } from '../../store/database';
import { insertAssisterRequest, insertContactPointChange, pendingContactPointChange } from '../../store/directory-requests';
import type { assisterRequestWorkflow, contactPointChangeWorkflow } from '../../workflows/directory';
import { HttpError, tokenMatches } from '../http';

export interface DirectoryDeps {
  client: Client;
  sql: Sql;
  taskQueue: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Records the request, runs its workflow and returns what it did. */
export async function requestAssisterChange(
  deps: DirectoryDeps,
  kind: AssisterRequestKind,
  assisterId: string,
  requestedBy: Requester,
  details: Assister | AssisterUpdate | { reason: string } | Record<string, never> = {},
): Promise<AssisterRequestResult & { requestId: string }> {
  const requestId = randomUUID();
  await insertAssisterRequest(deps.sql, { id: requestId, assisterId, kind, requestedBy, details });
  const result = await deps.client.workflow.execute<typeof assisterRequestWorkflow>('assisterRequestWorkflow', {
    taskQueue: deps.taskQueue,
    workflowId: assisterRequestWorkflowId(assisterId, kind, requestId),
    args: [{ requestId, kind }],
  });
  return { requestId, ...result };
}

/** A new designated contact point, waiting for confirmation from the new address. */
export async function requestContactPointChange(deps: DirectoryDeps, assisterId: string, email: string, requestedBy: Requester) {
  const current = await assisterRecord(deps.sql, assisterId);
  if (!current) throw new HttpError(404, 'Assister not found');
  if (current.email.toLowerCase() === email.toLowerCase()) throw new HttpError(400, 'That is already the designated contact point');
  const changeId = randomUUID();
  // Typed from the email into a command: letters and digits only, no look-alikes.
  const code = [...randomBytes(10)].map((b) => 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[b % 31]).join('');
  const change = { id: changeId, assisterId, oldEmail: current.email, newEmail: email, codeSha256: sha256(code), requestedBy };
  if (!(await insertContactPointChange(deps.sql, change)))
    throw new HttpError(409, 'A contact point change is already waiting for confirmation; confirm or cancel it first');
  await deps.client.workflow.start<typeof contactPointChangeWorkflow>('contactPointChangeWorkflow', {
    taskQueue: deps.taskQueue,
    workflowId: contactPointChangeWorkflowId(assisterId, changeId),
    args: [{ changeId, assisterId, code }],
  });
  return { changeId, assisterId, state: 'awaiting-confirmation' as const };
}

async function pendingChange(sql: Sql, assisterId: string) {
  const change = await pendingContactPointChange(sql, assisterId);
  if (!change) throw new HttpError(404, 'No contact point change is waiting for confirmation');
  return change;
}

export async function confirmContactPoint(deps: DirectoryDeps, assisterId: string, code: string, confirmedBy: Requester): Promise<ContactPointChangeStatus> {
  const change = await pendingChange(deps.sql, assisterId);
  if (!tokenMatches(sha256(code.trim().toUpperCase()), change.codeSha256)) throw new HttpError(400, 'The confirmation code does not match');
  return deps.client.workflow.getHandle(contactPointChangeWorkflowId(assisterId, change.id)).executeUpdate(confirmContactPointUpdate, { args: [{ confirmedBy }] });
}

export async function cancelContactPoint(deps: DirectoryDeps, assisterId: string): Promise<ContactPointChangeStatus> {
  const change = await pendingChange(deps.sql, assisterId);
  return deps.client.workflow.getHandle(contactPointChangeWorkflowId(assisterId, change.id)).executeUpdate(cancelContactPointUpdate);
}
