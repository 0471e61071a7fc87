// Temporal's namespace retention: how long a closed workflow (its history, in Temporal UI) is kept. PAL expects
// PAL_TEMPORAL_RETENTION_DAYS; the local stack sets it, and the worker says so when a namespace differs (setting it
// on a shared or managed service is its operator's call: `temporal operator namespace update --retention`).
import type { Connection } from '@temporalio/client';
import { msNumberToTs } from '@temporalio/common/lib/time';
import type { NativeConnection } from '@temporalio/worker';

const DAY_SECONDS = 86_400;

type Service = (Connection | NativeConnection)['workflowService'];

/** The namespace's retention in days (fractions kept), or undefined when the service does not say. */
export async function namespaceRetentionDays(service: Service, namespace: string): Promise<number | undefined> {
  const described = await service.describeNamespace({ namespace });
  const seconds = described.config?.workflowExecutionRetentionTtl?.seconds;
  return seconds === undefined || seconds === null ? undefined : Number(seconds) / DAY_SECONDS;
}

export async function setNamespaceRetention(service: Service, namespace: string, days: number): Promise<void> {
  await service.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: msNumberToTs(days * DAY_SECONDS * 1000) } });
}
