// Builds the PAL worker: every workflow in workflows/, the activities from createActivities, the
// encrypting data converter, and a graceful shutdown that lets in-flight activities finish.
import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { dataConverter } from '../platform/codec';
import { workerTuningConfig } from '../platform/config';

export interface PalWorkerOptions extends Omit<ActivityDeps, 'client'> {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  env?: Record<string, string | undefined>;
  /** A prebuilt bundle (npm run build:workflows) skips bundling at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createWorker(options: PalWorkerOptions): Promise<Worker> {
  // Activities that act on other workflows share the worker's connection.
  const client = new Client({ connection: options.connection, namespace: options.namespace, dataConverter: dataConverter(options.env) });
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities({ ...options, client }),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
    dataConverter: dataConverter(options.env),
    shutdownGraceTime: '30 seconds',
    ...workerTuningConfig(options.env),
  });
}
