// The bare baseline for bench:leads: one workflow, one no-op activity.
import { proxyActivities } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(startedAt: number): Promise<number> }>({ startToCloseTimeout: '1 minute' });

export async function bareWorkflow(startedAt: number): Promise<number> {
  return noop(startedAt);
}
