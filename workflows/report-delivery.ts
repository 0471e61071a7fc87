// One per accepted report submission: applies the recorded outcomes to their lead workflows and tells the
// period's report workflow what is still outstanding. A workflow, so the delivery of a large report survives
// worker restarts, shows its progress (heartbeats) in Temporal UI, and is retried until it is done.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ReportDelivery } from '../contracts/report';
import { longStep } from './activity-options';

// A 10,000-row report takes minutes to deliver.
const acts = wf.proxyActivities<Activities>(longStep('2 hours', '2 minutes'));

export async function reportDeliveryWorkflow(delivery: ReportDelivery): Promise<{ delivered: number; refused: number; outstanding: number }> {
  return acts.deliverReportOutcomes(delivery);
}
