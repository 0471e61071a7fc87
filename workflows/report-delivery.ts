// One per accepted report submission: applies the recorded outcomes to their lead workflows and tells the
// period's report workflow what is still outstanding. A workflow, so the delivery of a large report survives
// worker restarts, shows its progress (heartbeats) in Temporal UI, and is retried until it is done.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ReportDelivery } from '../contracts/report';

const acts = wf.proxyActivities<Activities>({
  // A 10,000-row report takes minutes; the heartbeat, not the overall timeout, detects a lost worker.
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function reportDeliveryWorkflow(delivery: ReportDelivery): Promise<{ delivered: number; refused: number; outstanding: number }> {
  return acts.deliverReportOutcomes(delivery);
}
