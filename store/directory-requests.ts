// Requests to change the directory as the edge records them, before a workflow carries them out
// (workflows/directory.ts): assister requests, and contact-point changes waiting for confirmation (and approval).
import type { AssisterRequestKind, Requester } from '../contracts/directory';
import type { Sql, Tx } from './database';

export async function insertAssisterRequest(sql: Sql, request: { id: string; assisterId: string; kind: AssisterRequestKind; requestedBy: Requester; details: object }): Promise<void> {
  await sql`insert into assister_requests (id, assister_id, kind, requested_by, details)
            values (${request.id}, ${request.assisterId}, ${request.kind}, ${request.requestedBy}, ${sql.json(request.details as never)})`;
}

export interface NewContactPointChange {
  id: string;
  assisterId: string;
  oldEmail: string;
  newEmail: string;
  codeSha256: string;
  /** Set when the change needs the current contact point's (or a coordinator's) approval. */
  approvalCodeSha256?: string;
  requestedBy: Requester;
}

/** Records a requested change; false when one is already waiting for confirmation (one at a time). */
export async function insertContactPointChange(sql: Sql | Tx, c: NewContactPointChange): Promise<boolean> {
  const inserted = await sql`insert into contact_point_changes (id, assister_id, old_email, new_email, code_sha256, approval_code_sha256, requested_by)
            values (${c.id}, ${c.assisterId}, ${c.oldEmail}, ${c.newEmail}, ${c.codeSha256}, ${c.approvalCodeSha256 ?? null}, ${c.requestedBy})
            on conflict do nothing returning id`;
  return inserted.length === 1;
}

export interface PendingContactPointChange {
  id: string;
  newEmail: string;
  codeSha256: string;
  approvalCodeSha256: string | null;
  requestedBy: Requester;
}

/** The change of the assister's contact point still waiting to take effect, if any. */
export async function pendingContactPointChange(sql: Sql | Tx, assisterId: string): Promise<PendingContactPointChange | undefined> {
  const [change] = await sql<PendingContactPointChange[]>`
    select id, new_email as "newEmail", code_sha256 as "codeSha256", approval_code_sha256 as "approvalCodeSha256", requested_by as "requestedBy" from contact_point_changes
    where assister_id = ${assisterId} and confirmed_at is null and cancelled_at is null and expired_at is null`;
  return change;
}
