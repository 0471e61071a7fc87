// Requests to change the directory as the edge records them, before a workflow carries them out
// (workflows/directory.ts): assister requests, and contact-point changes waiting for confirmation.
import type { AssisterRequestKind, Requester } from '../contracts/directory';
import type { Sql } from './database';

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
  requestedBy: Requester;
}

/** Records a requested change; false when one is already waiting for confirmation (one at a time). */
export async function insertContactPointChange(sql: Sql, c: NewContactPointChange): Promise<boolean> {
  try {
    await sql`insert into contact_point_changes (id, assister_id, old_email, new_email, code_sha256, requested_by)
              values (${c.id}, ${c.assisterId}, ${c.oldEmail}, ${c.newEmail}, ${c.codeSha256}, ${c.requestedBy})`;
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return false;
    throw err;
  }
}

/** The change of the assister's contact point still waiting for confirmation, if any. */
export async function pendingContactPointChange(sql: Sql, assisterId: string): Promise<{ id: string; codeSha256: string } | undefined> {
  const [change] = await sql<{ id: string; codeSha256: string }[]>`
    select id, code_sha256 as "codeSha256" from contact_point_changes
    where assister_id = ${assisterId} and confirmed_at is null and cancelled_at is null and expired_at is null`;
  return change;
}
