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
  /** What kind of refusal: the assister exists (add), is unknown, or the requester may not do it. */
  refusal?: 'exists' | 'unknown' | 'not-allowed';
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

/**
 * awaiting-confirmation: the new address has not confirmed yet; awaiting-approval: it has, the approval is missing;
 * confirmed: the change took effect.
 */
export type ContactPointChangeState = 'awaiting-confirmation' | 'awaiting-approval' | 'confirmed' | 'cancelled' | 'expired';

export interface ContactPointChangeStatus {
  changeId: string;
  assisterId: string;
  state: ContactPointChangeState;
  escalated: boolean;
  /**
   * A change asked for with an assister's own credentials also needs the current contact point's or a coordinator's
   * approval (domain.md). Absent in changes started before approval existed.
   */
  approval?: 'not-needed' | 'awaiting' | 'approved';
}

export interface ContactPointChangeInput {
  changeId: string;
  assisterId: string;
  /** The code the new address receives. */
  code: string;
  /** The code the current address receives to approve the change; present when approval is needed. */
  approvalCode?: string;
}

/** Sent by the API after it checked the confirmation code against PostgreSQL. */
export const confirmContactPointUpdate = defineUpdate<ContactPointChangeStatus, [{ confirmedBy: string }]>('confirmContactPoint');
/** Sent by the API for a coordinator, or for the assister after it checked the approval code. */
export const approveContactPointUpdate = defineUpdate<ContactPointChangeStatus, [{ approvedBy: string }]>('approveContactPoint');
export const cancelContactPointUpdate = defineUpdate<ContactPointChangeStatus, []>('cancelContactPoint');
export const contactPointChangeQuery = defineQuery<ContactPointChangeStatus>('contactPointChange');
