// The activity options every workflow uses, named once. Each step is retried until it succeeds: an SMTP or
// database outage delays a lead or a report, it never loses it (every activity is idempotent).
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

export const retryUntilDone = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' } as const;

/** A short step: one email, one record. */
export const shortStep: ActivityOptions = { startToCloseTimeout: '1 minute', retry: retryUntilDone };

/** A short step run in the worker within the workflow task; after a first failure, retries wait on durable timers. */
export const localStep: LocalActivityOptions = { ...shortStep, localRetryThreshold: '1 second' };

/** A step that builds a workbook or reads a period's leads. */
export const reportStep: ActivityOptions = { startToCloseTimeout: '2 minutes', retry: retryUntilDone };

/** A long step that heartbeats its progress: the heartbeat, not the overall timeout, detects a lost worker. */
export const longStep = (startToCloseTimeout: ActivityOptions['startToCloseTimeout'], heartbeatTimeout: ActivityOptions['heartbeatTimeout']): ActivityOptions => ({
  startToCloseTimeout,
  heartbeatTimeout,
  retry: retryUntilDone,
});
