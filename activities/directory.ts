// Directory requests, carried out by the workflows in workflows/directory.ts: adding, updating, suspending and
// resuming an assister (with an acknowledgement to the requester), moving a suspended assister's open leads, and
// changing its designated contact point, which takes effect only once the new address confirms it (and, when an
// assister asked with its own credentials, once the current address or a coordinator approves it).
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import type { HolidayCalendar } from '../domain/business-days';
import { contactPointChangeDeadlines } from '../domain/deadlines';
import { resumeRefusal, type Assister, type AssisterRecord, type AssisterUpdate } from '../domain/assister';
import type { AssisterRequestKind, AssisterRequestResult, Requester } from '../contracts/directory';
import { assisterAvailableSignal, leadWorkflowId, reassignLeadUpdate } from '../contracts/lead';
import { assisterRecord, saveAssister } from '../store/assisters';
import type { Sql } from '../store/database';
import { closeReplacedAccounts } from '../store/portal-people';
import type { Mailer } from './mailer';
import { sendOnce } from './outbox';
import { inParallel } from './parallel';
import { portalLinks } from './portal-links';
import { contactPointChangeSubject } from '../domain/escalations';
import { clearEscalationsAbout, openEscalation } from '../store/escalations';
import type { EmailSettings } from '../platform/config';

interface RequestRow {
  id: string;
  assister_id: string;
  kind: AssisterRequestKind;
  requested_by: Requester;
  details: Record<string, unknown>;
  applied_at: Date | null;
  result: AssisterRequestResult | null;
}

const KIND_LABEL: Record<AssisterRequestKind, string> = { add: 'add', update: 'update', suspend: 'suspend', resume: 'resume', 'move-leads': 'move the open leads of' };

/** Wakes every lead workflow waiting for an eligible assister, so it routes again at once. */
export async function wakeWaitingLeads(client: Client): Promise<number> {
  let woken = 0;
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'leadWorkflow' AND PalStatus = 'awaiting-assister' AND ExecutionStatus = 'Running'` })) {
    await client.workflow.getHandle(wf.workflowId).signal(assisterAvailableSignal);
    woken++;
  }
  return woken;
}

export function directoryActivities(sql: Sql, mailer: Mailer, client: Client, holidays: HolidayCalendar, emails: EmailSettings) {
  // Assisters act on their organization's page in the portal; the coordinator's emails keep the pal commands.
  const organizationPage = portalLinks(emails.publicUrl).organization;
  /** The requester's address: the coordinator's, or the assister's current designated contact point. */
  async function requesterEmail(requestedBy: Requester): Promise<string | undefined> {
    if (!requestedBy.startsWith('assister:')) return mailer.coordinatorEmail;
    return (await assisterRecord(sql, requestedBy.slice('assister:'.length)))?.email;
  }

  return {
    /** Carries out an add, update, suspend or resume request in one transaction, once. */
    async applyAssisterRequest(requestId: string): Promise<AssisterRequestResult> {
      return sql.begin(async (tx) => {
        const [request] = await tx<RequestRow[]>`select * from assister_requests where id = ${requestId} for update`;
        if (!request) throw new Error(`Assister request ${requestId} is not recorded`);
        if (request.applied_at) return request.result!;
        const current = await assisterRecord(tx, request.assister_id, true);
        let result: AssisterRequestResult;
        const notAllowed = current && request.kind === 'resume' ? resumeRefusal(current, request.requested_by) : undefined;
        if (request.kind === 'add') {
          result = current
            ? { ok: false, refusal: 'exists', problem: `Assister ${request.assister_id} is already in the directory` }
            : { ok: true, changes: await saveAssister(tx, request.details as unknown as Assister, { by: request.requested_by, kind: 'added', requestId }) };
        } else if (!current) {
          result = { ok: false, refusal: 'unknown', problem: `Assister ${request.assister_id} is not in the directory` };
        } else if (notAllowed) {
          result = { ok: false, refusal: 'not-allowed', problem: notAllowed };
        } else {
          const next: AssisterRecord =
            request.kind === 'update'
              ? { ...current, ...(request.details as AssisterUpdate) }
              : { ...current, status: request.kind === 'suspend' ? 'suspended' : 'active' };
          const kind = request.kind === 'suspend' ? 'suspended' : request.kind === 'resume' ? 'resumed' : 'updated';
          const reason = request.kind === 'suspend' ? (request.details.reason as string) : undefined;
          result = { ok: true, changes: await saveAssister(tx, next, { by: request.requested_by, kind, requestId, reason }) };
        }
        await tx`update assister_requests set applied_at = now(), result = ${tx.json(result as never)} where id = ${requestId}`;
        return result;
      });
    },

    /** Tells the requester at once what was done with the request (no PII: ids, fields and counts only). */
    async acknowledgeAssisterRequest(requestId: string): Promise<void> {
      const [request] = await sql<RequestRow[]>`select * from assister_requests where id = ${requestId}`;
      if (!request?.result) throw new Error(`Assister request ${requestId} has not been carried out`);
      const to = await requesterEmail(request.requested_by);
      if (!to) return;
      const r = request.result;
      const outcome = !r.ok
        ? `It could not be carried out: ${r.problem}`
        : request.kind === 'move-leads'
          ? `${r.moved ?? 0} open leads were moved to the next eligible assisters${r.refused ? `; ${r.refused} could not be moved (see Temporal UI)` : ''}.`
          : request.kind === 'suspend'
            ? 'The assister is suspended: it gets no new leads; its open leads continue until the coordinator moves them.'
            : request.kind === 'resume'
              ? 'The assister is active again and can receive new leads.'
              : `Changed: ${Object.keys(r.changes ?? {}).join(', ') || 'nothing (already as requested)'}.`;
      await sendOnce(sql, mailer, `assister-request/${requestId}/ack`, {
        to,
        subject: `PAL: request to ${KIND_LABEL[request.kind]} assister ${request.assister_id} ${r.ok ? 'done' : 'not done'}`,
        text: [`PAL received the request (${requestId}) to ${KIND_LABEL[request.kind]} assister ${request.assister_id}.`, outcome].join('\n\n'),
      });
    },

    wakeWaitingLeads: () => wakeWaitingLeads(client),

    /** Moves every open lead of the request's assister to the next eligible assister, once each. */
    async moveOpenLeads(requestId: string): Promise<AssisterRequestResult> {
      const [request] = await sql<RequestRow[]>`select * from assister_requests where id = ${requestId}`;
      if (!request) throw new Error(`Assister request ${requestId} is not recorded`);
      if (request.applied_at) return request.result!;
      const leads = await sql<{ id: string }[]>`select id from leads where assister_id = ${request.assister_id} and closed_at is null order by referred_at`;
      let moved = 0;
      let refused = 0;
      await inParallel(leads, 8, async ({ id }) => {
        try {
          await client.workflow.getHandle(leadWorkflowId(id)).executeUpdate(reassignLeadUpdate, {
            args: [{ coordinator: request.requested_by, reason: 'Moved in bulk by the coordinator' }],
            updateId: `move-${requestId}-${id}`,
          });
          moved++;
        } catch (err) {
          // Closed or already moved meanwhile: not this request's business any more.
          if (!(err instanceof WorkflowUpdateFailedError) && !(err instanceof WorkflowNotFoundError)) throw err;
          refused++;
        }
        Context.current().heartbeat({ moved, refused });
      });
      const result = { ok: true, moved, refused };
      await sql`update assister_requests set applied_at = now(), result = ${sql.json(result)} where id = ${requestId}`;
      return result;
    },

    /**
     * Starts a contact-point change: the new address gets a confirmation code (and nothing else), the old
     * address is told, and the requester is acknowledged. Returns when to escalate and when the change lapses.
     */
    async sendContactPointConfirmation(input: { changeId: string; code: string; approvalCode?: string }): Promise<{ escalateAt: string; expireAt: string }> {
      const [change] = await sql<{ assister_id: string; old_email: string; new_email: string; requested_by: string; requested_at: Date }[]>`
        select assister_id, old_email, new_email, requested_by, requested_at from contact_point_changes where id = ${input.changeId}`;
      if (!change) throw new Error(`Contact point change ${input.changeId} is not recorded`);
      const deadlines = contactPointChangeDeadlines(change.requested_at, holidays);
      const id = change.assister_id;
      await sendOnce(sql, mailer, `contact-point-change/${input.changeId}/confirm`, {
        to: change.new_email,
        subject: `PAL: confirm this address for assister ${id}`,
        text: [
          `This address was given as the new designated contact point of preferred assister ${id} in the MNsure Preferred Assister Lead program (PAL).`,
          `To confirm it, give this code to the organization's current contact point, who enters it under "Confirm new address" on the organization's page in the PAL portal (${organizationPage}), or to the PAL coordinator.\n\nCode: ${input.code}`,
          'Until it is confirmed, leads and reports keep going to the current address. If you did not expect this message, ignore it.',
        ].join('\n\n'),
      });
      const requested = `A change of the designated contact point of assister ${id} to ${change.new_email} was requested (${change.requested_by === 'coordinator' ? 'by the PAL coordinator' : "with the assister's own credentials"}).`;
      if (input.approvalCode)
        // The current address approves: a stolen assister token alone cannot move the leads elsewhere.
        await sendOnce(sql, mailer, `contact-point-change/${input.changeId}/approval`, {
          to: change.old_email,
          subject: `PAL: approve the change of contact point for assister ${id}`,
          text: [
            requested,
            `It takes effect only once this address (or the PAL coordinator) approves it. To approve it, sign in to the PAL portal and enter this code under "Approve change" on your organization's page (${organizationPage}).\n\nCode: ${input.approvalCode}`,
            'If you did not ask for this change, do not approve it, and tell your PAL coordinator at once: someone may be using your PAL token. Leads and reports keep coming to this address meanwhile.',
          ].join('\n\n'),
        });
      else
        await sendOnce(sql, mailer, `contact-point-change/${input.changeId}/notice`, {
          to: change.old_email,
          subject: `PAL: change of contact point requested for assister ${id}`,
          text: [requested, 'Leads and reports keep coming to this address until the new one is confirmed. If this is wrong, tell your PAL coordinator.'].join('\n\n'),
        });
      if (change.requested_by === 'coordinator')
        await sendOnce(sql, mailer, `contact-point-change/${input.changeId}/ack`, {
          to: mailer.coordinatorEmail,
          subject: `PAL: change of contact point for assister ${id} requested`,
          text: `The change of contact point of assister ${id} to ${change.new_email} waits for confirmation from the new address (code sent there). It is escalated if nobody confirms it within two business days.`,
        });
      return { escalateAt: deadlines.escalateAt.toISOString(), expireAt: deadlines.expireAt.toISOString() };
    },

    /** A step of a change that needs approval: the new address confirmed, or the change was approved. */
    async recordContactPointStep(input: { changeId: string; step: 'address-confirmed' | 'approved'; by: string }): Promise<void> {
      if (input.step === 'approved')
        await sql`update contact_point_changes set approved_at = coalesce(approved_at, now()), approved_by = coalesce(approved_by, ${input.by}) where id = ${input.changeId}`;
      else
        await sql`update contact_point_changes set address_confirmed_at = coalesce(address_confirmed_at, now()), address_confirmed_by = coalesce(address_confirmed_by, ${input.by}) where id = ${input.changeId}`;
    },

    /** The confirmed (and, where needed, approved) address becomes the designated contact point; both addresses are told. */
    async applyContactPointChange({ changeId, confirmedBy }: { changeId: string; confirmedBy: string }): Promise<void> {
      const change = await sql.begin(async (tx) => {
        const [c] = await tx<{ assister_id: string; old_email: string; new_email: string; requested_by: string; confirmed_at: Date | null; approved_by: string | null }[]>`
          select assister_id, old_email, new_email, requested_by, confirmed_at, approved_by from contact_point_changes where id = ${changeId} for update`;
        if (!c) throw new Error(`Contact point change ${changeId} is not recorded`);
        if (!c.confirmed_at) {
          const current = (await assisterRecord(tx, c.assister_id, true))!;
          const reason = c.approved_by ? `requested by ${c.requested_by}, approved by ${c.approved_by === 'current-contact-point' ? 'the current contact point' : c.approved_by}` : undefined;
          await saveAssister(tx, { ...current, email: c.new_email }, { by: confirmedBy, kind: 'contact-point-changed', requestId: changeId, reason });
          // The replaced contact point is signed out now, and its account never counts again (even if its address comes back).
          await closeReplacedAccounts(tx, { assisterId: c.assister_id, oldEmail: current.email, newEmail: c.new_email });
          await tx`update contact_point_changes set confirmed_at = now() where id = ${changeId}`;
          await clearEscalationsAbout(tx, contactPointChangeSubject(changeId), 'confirmed');
        }
        return c;
      });
      for (const [to, who] of [[change.old_email, 'old'], [change.new_email, 'new']] as const)
        await sendOnce(sql, mailer, `contact-point-change/${changeId}/confirmed-${who}`, {
          to,
          subject: `PAL: contact point of assister ${change.assister_id} changed`,
          text: `The designated contact point of assister ${change.assister_id} is now ${change.new_email}. Leads and reports go there from now on.`,
        });
    },

    /** Nobody confirmed within two business days: the coordinator is told. */
    async escalateContactPointChange(changeId: string): Promise<void> {
      const [c] = await sql<{ assister_id: string; new_email: string; awaiting_approval: boolean; address_confirmed: boolean }[]>`
        update contact_point_changes set escalated_at = coalesce(escalated_at, now()) where id = ${changeId}
        returning assister_id, new_email, approval_code_sha256 is not null and approved_at is null as awaiting_approval, address_confirmed_at is not null as address_confirmed`;
      if (!c) throw new Error(`Contact point change ${changeId} is not recorded`);
      const missing = !c.awaiting_approval
        ? 'has not been confirmed by the new address'
        : c.address_confirmed
          ? `was confirmed by the new address but not approved: the assister asked for it with its own token, so the current contact point or you must approve it (pal assister approve-contact-point --assister ${c.assister_id}); if the assister did not ask for it, cancel it and revoke its tokens (pal assister revoke-tokens --assister ${c.assister_id})`
          : 'has been neither confirmed by the new address nor approved by the current contact point or you';
      // Also the queue's record, closed when the change is confirmed, withdrawn or lapses.
      const key = `contact-point-change/${changeId}/escalation`;
      await openEscalation(sql, { key, kind: 'contact-point-unconfirmed', assisterId: c.assister_id, subject: contactPointChangeSubject(changeId) });
      await sendOnce(sql, mailer, key, {
        to: mailer.coordinatorEmail,
        subject: `PAL escalation: contact point change for assister ${c.assister_id} not confirmed`,
        text: `The change of contact point of assister ${c.assister_id} to ${c.new_email} ${missing} within two business days. Leads still go to the old address. Inspect workflow assister-${c.assister_id}-contact-point-${changeId} in Temporal UI.`,
      });
    },

    /** The change ends without taking effect: cancelled by a person, or lapsed. */
    async closeContactPointChange(input: { changeId: string; outcome: 'cancelled' | 'expired' }): Promise<void> {
      if (input.outcome === 'cancelled') await sql`update contact_point_changes set cancelled_at = coalesce(cancelled_at, now()) where id = ${input.changeId} and confirmed_at is null`;
      else await sql`update contact_point_changes set expired_at = coalesce(expired_at, now()) where id = ${input.changeId} and confirmed_at is null`;
      await clearEscalationsAbout(sql, contactPointChangeSubject(input.changeId), input.outcome);
    },
  };
}
