// Directory operations at the edge, shared by the HTTP API (and through it the CLI): each request is recorded in
// PostgreSQL and carried out by a workflow (workflows/directory.ts), so it shows in Temporal UI.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { assisterRecord } from '../activities/assisters';
import type { Sql } from '../activities/database';
import type { AssisterRequestKind, AssisterRequestResult, Requester } from '../contracts/directory';
import type { Assister, AssisterRecord, AssisterUpdate } from '../domain/assister';
import type { assisterRequestWorkflow, contactPointChangeWorkflow } from '../workflows/directory';
import {
  assisterRequestWorkflowId,
  cancelContactPointUpdate,
  confirmContactPointUpdate,
  contactPointChangeWorkflowId,
  type ContactPointChangeStatus,
} from '../contracts/directory';
import { HttpError, tokenMatches } from './http';

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
  await deps.sql`insert into assister_requests (id, assister_id, kind, requested_by, details)
                 values (${requestId}, ${assisterId}, ${kind}, ${requestedBy}, ${deps.sql.json(details as never)})`;
  const result = await deps.client.workflow.execute<typeof assisterRequestWorkflow>('assisterRequestWorkflow', {
    taskQueue: deps.taskQueue,
    workflowId: assisterRequestWorkflowId(assisterId, kind, requestId),
    args: [{ requestId, kind }],
  });
  return { requestId, ...result };
}

/** The directory record; openLeads counts PAL's open leads too. */
export interface AssisterSummary extends AssisterRecord {
  pendingContactPoint: string | null;
}

export async function listAssisters(sql: Sql, id?: string): Promise<AssisterSummary[]> {
  return sql<AssisterSummary[]>`
    select a.id, a.name, a.type, a.zip, a.email, a.status, a.capacity,
           a.external_open_leads + (select count(*)::int from leads l where l.assister_id = a.id and l.closed_at is null) as "openLeads",
           (select c.new_email from contact_point_changes c where c.assister_id = a.id and c.confirmed_at is null and c.cancelled_at is null and c.expired_at is null) as "pendingContactPoint"
    from assisters a ${id ? sql`where a.id = ${id}` : sql``} order by a.id`;
}

export async function showAssister(sql: Sql, id: string) {
  const [assister] = await listAssisters(sql, id);
  if (!assister) throw new HttpError(404, 'Assister not found');
  const history = await sql<{ at: Date; kind: string; changedBy: string; change: Record<string, unknown> }[]>`
    select at, kind, changed_by as "changedBy", change from assister_changes where assister_id = ${id} order by id`;
  return { ...assister, history };
}

/** A new designated contact point, waiting for confirmation from the new address. */
export async function requestContactPointChange(deps: DirectoryDeps, assisterId: string, email: string, requestedBy: Requester) {
  const current = await assisterRecord(deps.sql, assisterId);
  if (!current) throw new HttpError(404, 'Assister not found');
  if (current.email.toLowerCase() === email.toLowerCase()) throw new HttpError(400, 'That is already the designated contact point');
  const changeId = randomUUID();
  // Typed from the email into a command: letters and digits only, no look-alikes.
  const code = [...randomBytes(10)].map((b) => 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[b % 31]).join('');
  try {
    await deps.sql`insert into contact_point_changes (id, assister_id, old_email, new_email, code_sha256, requested_by)
                   values (${changeId}, ${assisterId}, ${current.email}, ${email}, ${sha256(code)}, ${requestedBy})`;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new HttpError(409, 'A contact point change is already waiting for confirmation; confirm or cancel it first');
    throw err;
  }
  await deps.client.workflow.start<typeof contactPointChangeWorkflow>('contactPointChangeWorkflow', {
    taskQueue: deps.taskQueue,
    workflowId: contactPointChangeWorkflowId(assisterId, changeId),
    args: [{ changeId, assisterId, code }],
  });
  return { changeId, assisterId, state: 'awaiting-confirmation' as const };
}

async function pendingChange(sql: Sql, assisterId: string) {
  const [change] = await sql<{ id: string; code_sha256: string }[]>`
    select id, code_sha256 from contact_point_changes
    where assister_id = ${assisterId} and confirmed_at is null and cancelled_at is null and expired_at is null`;
  if (!change) throw new HttpError(404, 'No contact point change is waiting for confirmation');
  return change;
}

export async function confirmContactPoint(deps: DirectoryDeps, assisterId: string, code: string, confirmedBy: Requester): Promise<ContactPointChangeStatus> {
  const change = await pendingChange(deps.sql, assisterId);
  if (!tokenMatches(sha256(code.trim().toUpperCase()), change.code_sha256)) throw new HttpError(400, 'The confirmation code does not match');
  return deps.client.workflow.getHandle(contactPointChangeWorkflowId(assisterId, change.id)).executeUpdate(confirmContactPointUpdate, { args: [{ confirmedBy }] });
}

export async function cancelContactPoint(deps: DirectoryDeps, assisterId: string): Promise<ContactPointChangeStatus> {
  const change = await pendingChange(deps.sql, assisterId);
  return deps.client.workflow.getHandle(contactPointChangeWorkflowId(assisterId, change.id)).executeUpdate(cancelContactPointUpdate);
}
