// What a suite needs to use the shared test stack (see global-setup.ts).
import { testWorkflowBundle } from './workflow-bundle';
import { randomUUID } from 'node:crypto';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { connectDatabase, migrate, type Sql } from '../../store/database';
import { createMailer, type Mailer } from '../../activities/mailer';
import { databaseConfig, mailConfig } from '../../platform/config';
import { connectClient, connectionOptions } from '../../platform/temporal';
import { createWorker } from '../../workers/worker';
import type { Client } from '@temporalio/client';

export interface TestStack {
  sql: Sql;
  mailer: Mailer;
  client: Client;
  connection: NativeConnection;
  taskQueue: string;
  worker: Worker;
  close(): Promise<void>;
}

/** A database connection (migrated), a mailer, a client and a running worker on a task queue of the suite's own. */
export async function openTestStack(): Promise<TestStack> {
  const sql = connectDatabase(databaseConfig().url);
  await migrate(sql);
  const mailer = createMailer(mailConfig());
  const client = await connectClient();
  const connection = await NativeConnection.connect(connectionOptions());
  const taskQueue = `test-${randomUUID()}`;
  const worker = await createWorker({ connection, namespace: 'default', taskQueue, sql, mailer, workflowBundle: testWorkflowBundle() });
  const running = worker.run();
  return {
    sql,
    mailer,
    client,
    connection,
    taskQueue,
    worker,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await client.connection.close();
      mailer.close();
      await sql.end();
    },
  };
}
