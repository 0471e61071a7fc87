import { sleep } from '@temporalio/workflow';

/** Returns how much workflow time passed across a two-day sleep. */
export async function twoDayTimerWorkflow(): Promise<number> {
  const start = Date.now();
  await sleep('2 days');
  return Date.now() - start;
}
