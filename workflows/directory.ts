// Directory operations as workflows, so each request is visible in Temporal UI and carried out even across
// outages: assisterRequestWorkflow (add, update, suspend, resume, move leads) and contactPointChangeWorkflow.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AssisterRequestKind, AssisterRequestResult } from '../contracts/directory';
import { longStep, shortStep } from './activity-options';
import {
  approveContactPointUpdate,
  cancelContactPointUpdate,
  confirmContactPointUpdate,
  contactPointChangeQuery,
  type ContactPointChangeInput,
  type ContactPointChangeStatus,
} from '../contracts/directory';

const acts = wf.proxyActivities<Activities>(shortStep);
// Moving leads takes one workflow update per lead.
const bulk = wf.proxyActivities<Activities>(longStep('1 hour', '1 minute'));

export async function assisterRequestWorkflow(request: { requestId: string; kind: AssisterRequestKind }): Promise<AssisterRequestResult> {
  const result = request.kind === 'move-leads' ? await bulk.moveOpenLeads(request.requestId) : await acts.applyAssisterRequest(request.requestId);
  await acts.acknowledgeAssisterRequest(request.requestId);
  // A new or resumed assister, or more capacity, may be what waiting leads need.
  if (result.ok && (request.kind === 'add' || request.kind === 'resume' || (request.kind === 'update' && result.changes && Object.keys(result.changes).length)))
    await acts.wakeWaitingLeads();
  return result;
}

/**
 * A change of an assister's designated contact point. It takes effect once the new address confirms it receives
 * mail (the code sent there) and, when an assister asked for it with its own credentials, once the current contact
 * point (the code sent there) or a coordinator approves it, in either order.
 */
export async function contactPointChangeWorkflow(change: ContactPointChangeInput): Promise<ContactPointChangeStatus> {
  // Added after histories were recorded: changes started before approval existed never carry an approval code.
  const approvalNeeded = change.approvalCode !== undefined && wf.patched('contact-point-approval');
  const status: ContactPointChangeStatus = {
    changeId: change.changeId,
    assisterId: change.assisterId,
    state: 'awaiting-confirmation',
    escalated: false,
    approval: approvalNeeded ? 'awaiting' : 'not-needed',
  };
  const open = () => status.state === 'awaiting-confirmation' || status.state === 'awaiting-approval';
  let addressConfirmed = false;
  wf.setHandler(contactPointChangeQuery, () => status);
  const refuseUnlessOpen = () => {
    if (!open()) throw new wf.ApplicationFailure(`This contact point change is ${status.state}`, 'ChangeClosed', true);
  };
  // With approval, confirmation and approval may arrive together: the change takes effect once, if still open.
  let applied: Promise<void> | undefined;
  const takeEffect = (confirmedBy: string) => {
    if (open()) applied ??= acts.applyContactPointChange({ changeId: change.changeId, confirmedBy }).then(() => void (status.state = 'confirmed'));
    return applied;
  };
  let confirmer = '';
  wf.setHandler(
    confirmContactPointUpdate,
    async ({ confirmedBy }) => {
      if (!approvalNeeded) {
        await acts.applyContactPointChange({ changeId: change.changeId, confirmedBy });
        status.state = 'confirmed';
        return status;
      }
      await acts.recordContactPointStep({ changeId: change.changeId, step: 'address-confirmed', by: confirmedBy });
      addressConfirmed = true;
      confirmer = confirmedBy;
      if (status.approval === 'approved') await takeEffect(confirmedBy);
      else if (open()) status.state = 'awaiting-approval';
      return status;
    },
    {
      validator: (_: { confirmedBy: string }) => {
        refuseUnlessOpen();
        if (addressConfirmed) throw new wf.ApplicationFailure('The new address has already confirmed this change; it waits for approval', 'AlreadyConfirmed', true);
      },
    },
  );
  wf.setHandler(
    approveContactPointUpdate,
    async ({ approvedBy }) => {
      await acts.recordContactPointStep({ changeId: change.changeId, step: 'approved', by: approvedBy });
      status.approval = 'approved';
      if (addressConfirmed) await takeEffect(confirmer);
      return status;
    },
    {
      validator: (_: { approvedBy: string }) => {
        refuseUnlessOpen();
        if (!approvalNeeded) throw new wf.ApplicationFailure('This contact point change needs no approval', 'NoApprovalNeeded', true);
        if (status.approval === 'approved') throw new wf.ApplicationFailure('This contact point change is already approved', 'AlreadyApproved', true);
      },
    },
  );
  wf.setHandler(
    cancelContactPointUpdate,
    async () => {
      await acts.closeContactPointChange({ changeId: change.changeId, outcome: 'cancelled' });
      status.state = 'cancelled';
      return status;
    },
    { validator: refuseUnlessOpen },
  );

  const { escalateAt, expireAt } = await acts.sendContactPointConfirmation({ changeId: change.changeId, code: change.code, ...(approvalNeeded && { approvalCode: change.approvalCode }) });
  const until = (iso: string) => Math.max(1, Date.parse(iso) - Date.now());
  if (!(await wf.condition(() => !open(), until(escalateAt)))) {
    await acts.escalateContactPointChange(change.changeId);
    status.escalated = true;
    if (!(await wf.condition(() => !open(), until(expireAt)))) {
      await acts.closeContactPointChange({ changeId: change.changeId, outcome: 'expired' });
      status.state = 'expired';
    }
  }
  await wf.condition(wf.allHandlersFinished);
  return status;
}
