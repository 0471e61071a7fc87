// Sends a no-PII check message to an assister's contact point and records it: the smallest complete
// PAL workflow (PostgreSQL write + TLS email), used to prove a deployment end to end.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ContactPointCheck } from '../contracts/directory';

const { recordContactPointCheck, sendContactPointCheck } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

export async function contactPointCheckWorkflow(check: ContactPointCheck): Promise<{ messageId: string }> {
  await recordContactPointCheck(check);
  return sendContactPointCheck(check.checkId);
}
