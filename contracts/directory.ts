// The directory area's contract: ids, inputs, results and messages of the directory workflows (assister requests,
// contact-point changes and checks), shared by the workflows, the activities, the API and the CLI. Ids name the
// assister and the request, nothing else.
import { defineQuery, defineUpdate } from '@temporalio/workflow';

export type AssisterRequestKind = 'add' | 'update' | 'suspend' | 'resume' | 'move-leads';

/** Who asked: the coordinator, or an assister for itself ("assister:<id>"). */
export type Requester = string;

export interface AssisterRequestResult {
  ok: boolean;
  /** Why the request could not be carried out (the assister exists already, is unknown, …). */
  problem?: string;
  changes?: Record<string, [unknown, unknown]>;
  moved?: number;
  refused?: number;
}

/** A no-PII check message to a contact point: proves a deployment's database and mail end to end. */
export interface ContactPointCheck {
  checkId: string;
  email: string;
  requestedBy: string;
}

export const contactPointCheckWorkflowId = (checkId: string) => `contact-point-check-${checkId}`;

export const assisterRequestWorkflowId = (assisterId: string, kind: string, requestId: string) => `assister-${assisterId}-${kind}-${requestId}`;
export const contactPointChangeWorkflowId = (assisterId: string, changeId: string) => `assister-${assisterId}-contact-point-${changeId}`;

export type ContactPointChangeState = 'awaiting-confirmation' | 'confirmed' | 'cancelled' | 'expired';

export interface ContactPointChangeStatus {
  changeId: string;
  assisterId: string;
  state: ContactPointChangeState;
  escalated: boolean;
}

/** Sent by the API after it checked the confirmation code against PostgreSQL. */
export const confirmContactPointUpdate = defineUpdate<ContactPointChangeStatus, [{ confirmedBy: string }]>('confirmContactPoint');
export const cancelContactPointUpdate = defineUpdate<ContactPointChangeStatus, []>('cancelContactPoint');
export const contactPointChangeQuery = defineQuery<ContactPointChangeStatus>('contactPointChange');
