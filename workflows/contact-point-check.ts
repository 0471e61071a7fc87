// Sends a no-PII check message to an assister's contact point and records it: the smallest complete
// PAL workflow (PostgreSQL write + TLS email), used to prove a deployment end to end.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ContactPointCheck } from '../contracts/directory';
import { shortStep } from './activity-options';

const { recordContactPointCheck, sendContactPointCheck } = proxyActivities<Activities>(shortStep);

export async function contactPointCheckWorkflow(check: ContactPointCheck): Promise<{ messageId: string }> {
  await recordContactPointCheck(check);
  return sendContactPointCheck(check.checkId);
}
