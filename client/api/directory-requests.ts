// Directory requests at the edge (the HTTP API): each is recorded in PostgreSQL and carried out by a workflow
// (workflows/directory.ts), so it shows in Temporal UI. A contact-point change waits for the new address's code,
// and for the current address's or a coordinator's approval when an assister asked for it.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Assister, AssisterUpdate } from '../../domain/assister';
import {
  approveContactPointUpdate,
  assisterRequestWorkflowId,
  cancelContactPointUpdate,
  confirmContactPointUpdate,
  contactPointChangeWorkflowId,
  type AssisterRequestKind,
  type AssisterRequestResult,
  type ContactPointChangeInput,
  type ContactPointChangeStatus,
  type Requester,
} from '../../contracts/directory';
import { assisterRecord } from '../../store/assisters';
import type { Sql } from '../../store/database';
import { insertAssisterRequest, insertContactPointChange, pendingContactPointChange, type NewContactPointChange } from '../../store/directory-requests';
import type { assisterRequestWorkflow, contactPointChangeWorkflow } from '../../workflows/directory';
import { HttpError, tokenMatches } from '../http';

export interface DirectoryDeps {
  client: Client;
  sql: Sql;
  taskQueue: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** An assister acting for itself, as the directory records the requester (its token, or a person of its portal). */
export const assisterRequester = (assisterId: string): Requester => `assister:${assisterId}`;

const REFUSAL_STATUS = { exists: 409, unknown: 404, 'not-allowed': 403 } as const;

/** The HTTP status of a refused request: the assister exists (add), is unknown, or the requester may not do it. */
export const refusalStatus = (kind: AssisterRequestKind, result: AssisterRequestResult) => REFUSAL_STATUS[result.refusal ?? (kind === 'add' ? 'exists' : 'unknown')];

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

/** A code typed from an email into a command: letters and digits only, no look-alikes. */
const newCode = () => [...randomBytes(10)].map((b) => 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[b % 31]).join('');
const codeMatches = (code: string, digest: string) => tokenMatches(sha256(code.trim().toUpperCase()), digest);

/**
 * A contact-point change as recorded, with its codes: one for the new address to confirm; and, when an assister
 * asked with its own credentials, one for the current address to approve (domain.md: a stolen credential alone
 * cannot divert leads). A coordinator's request (also an import) needs no separate approval.
 */
export function newContactPointChange(assisterId: string, oldEmail: string, newEmail: string, requestedBy: Requester) {
  const code = newCode();
  const approvalCode = requestedBy === 'coordinator' ? undefined : newCode();
  const change: NewContactPointChange = { id: randomUUID(), assisterId, oldEmail, newEmail, codeSha256: sha256(code), requestedBy, ...(approvalCode && { approvalCodeSha256: sha256(approvalCode) }) };
  return { change, input: { changeId: change.id, assisterId, code, ...(approvalCode && { approvalCode }) } satisfies ContactPointChangeInput };
}

/** Starts the workflow that carries out a recorded change (its id is the change's, so a second start is refused). */
export async function startContactPointChange(deps: DirectoryDeps, input: ContactPointChangeInput): Promise<void> {
  await deps.client.workflow.start<typeof contactPointChangeWorkflow>('contactPointChangeWorkflow', {
    taskQueue: deps.taskQueue,
    workflowId: contactPointChangeWorkflowId(input.assisterId, input.changeId),
    args: [input],
  });
}

/** A new designated contact point, waiting for confirmation from the new address (and approval, when needed). */
export async function requestContactPointChange(deps: DirectoryDeps, assisterId: string, email: string, requestedBy: Requester) {
  const current = await assisterRecord(deps.sql, assisterId);
  if (!current) throw new HttpError(404, 'Assister not found');
  if (current.email.toLowerCase() === email.toLowerCase()) throw new HttpError(400, 'That is already the designated contact point');
  const { change, input } = newContactPointChange(assisterId, current.email, email, requestedBy);
  if (!(await insertContactPointChange(deps.sql, change)))
    throw new HttpError(409, 'A contact point change is already waiting for confirmation; confirm or cancel it first');
  await startContactPointChange(deps, input);
  return { changeId: change.id, assisterId, state: 'awaiting-confirmation' as const, approval: input.approvalCode ? ('awaiting' as const) : ('not-needed' as const) };
}

async function pendingChange(sql: Sql, assisterId: string) {
  const change = await pendingContactPointChange(sql, assisterId);
  if (!change) throw new HttpError(404, 'No contact point change is waiting for confirmation');
  return change;
}

const changeHandle = (deps: DirectoryDeps, assisterId: string, changeId: string) => deps.client.workflow.getHandle(contactPointChangeWorkflowId(assisterId, changeId));

export async function confirmContactPoint(deps: DirectoryDeps, assisterId: string, code: string, confirmedBy: Requester): Promise<ContactPointChangeStatus> {
  const change = await pendingChange(deps.sql, assisterId);
  if (!codeMatches(code, change.codeSha256)) throw new HttpError(400, 'The confirmation code does not match');
  return changeHandle(deps, assisterId, change.id).executeUpdate(confirmContactPointUpdate, { args: [{ confirmedBy }] });
}

/**
 * Approves a change an assister asked for: a coordinator without a code, the assister only with the code sent to its
 * current contact point (its token alone is not enough: that is what a thief would have).
 */
export async function approveContactPoint(deps: DirectoryDeps, assisterId: string, code: string | undefined, approver: Requester): Promise<ContactPointChangeStatus> {
  const change = await pendingChange(deps.sql, assisterId);
  if (!change.approvalCodeSha256) throw new HttpError(422, 'This contact point change needs no approval');
  if (approver !== 'coordinator') {
    if (!code) throw new HttpError(400, 'The approval code sent to the current contact point is required');
    if (!codeMatches(code, change.approvalCodeSha256)) throw new HttpError(400, 'The approval code does not match');
  }
  const approvedBy = approver === 'coordinator' ? 'coordinator' : 'current-contact-point';
  return changeHandle(deps, assisterId, change.id).executeUpdate(approveContactPointUpdate, { args: [{ approvedBy }] });
}

/** Withdraws the waiting change: a coordinator any, an assister only one it asked for (the coordinator's stands). */
export async function cancelContactPoint(deps: DirectoryDeps, assisterId: string, cancelledBy: Requester): Promise<ContactPointChangeStatus> {
  const change = await pendingChange(deps.sql, assisterId);
  if (change.requestedBy === 'coordinator' && cancelledBy !== 'coordinator')
    throw new HttpError(403, 'The PAL coordinator requested this change: only a coordinator can withdraw it');
  return changeHandle(deps, assisterId, change.id).executeUpdate(cancelContactPointUpdate);
}
