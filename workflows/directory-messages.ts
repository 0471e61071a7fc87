// Messages and ids of the directory workflows, shared by the workflows, the API and the CLI. Ids name the assister
// and the request, nothing else.
import { defineQuery, defineUpdate } from '@temporalio/workflow';

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
