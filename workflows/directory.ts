// Directory operations as workflows, so each request is visible in Temporal UI and carried out even across
// outages: assisterRequestWorkflow (add, update, suspend, resume, move leads) and contactPointChangeWorkflow.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AssisterRequestKind, AssisterRequestResult } from '../contracts/directory';
import { longStep, shortStep } from './activity-options';
import { cancelContactPointUpdate, confirmContactPointUpdate, contactPointChangeQuery, type ContactPointChangeStatus } from '../contracts/directory';

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

export async function contactPointChangeWorkflow(change: { changeId: string; assisterId: string; code: string }): Promise<ContactPointChangeStatus> {
  const status: ContactPointChangeStatus = { changeId: change.changeId, assisterId: change.assisterId, state: 'awaiting-confirmation', escalated: false };
  const open = () => status.state === 'awaiting-confirmation';
  wf.setHandler(contactPointChangeQuery, () => status);
  const refuseUnlessOpen = () => {
    if (!open()) throw new wf.ApplicationFailure(`This contact point change is ${status.state}`, 'ChangeClosed', true);
  };
  wf.setHandler(
    confirmContactPointUpdate,
    async ({ confirmedBy }) => {
      await acts.applyContactPointChange({ changeId: change.changeId, confirmedBy });
      status.state = 'confirmed';
      return status;
    },
    { validator: (_: { confirmedBy: string }) => refuseUnlessOpen() },
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

  const { escalateAt, expireAt } = await acts.sendContactPointConfirmation({ changeId: change.changeId, code: change.code });
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
