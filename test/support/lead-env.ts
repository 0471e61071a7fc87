// A time-skipping Temporal environment with a real PAL worker (real PostgreSQL, real TLS SMTP) for lead tests.
import { randomUUID } from 'node:crypto';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Sql } from '../../store/database';
import { upsertAssisters } from '../../store/assisters';
import { createMailer, type Mailer } from '../../activities/mailer';
import type { Assister } from '../../domain/assister';
import { dataConverter } from '../../platform/codec';
import { mailConfig, temporalConfig } from '../../platform/config';
import { createWorker } from '../../workers/worker';
import { createLead, type IntakeDeps } from '../../client/api/intake';
import { palSearchAttributes } from '../../contracts/search-attributes';
import { createTestDatabase } from './database';
import { noteLeadReference } from './mail';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { eventually } from './eventually';
import { sampleLead } from './samples';
import { testWorkflowBundle } from './workflow-bundle';

export interface LeadTestEnv {
  env: TestWorkflowEnvironment;
  sql: Sql;
  mailer: Mailer;
  taskQueue: string;
  /** The instant the next referral is made at (the activities' clock). */
  clock: { now: Date };
  createLead(input: unknown, options?: IntakeDeps['workflowDefaults']): ReturnType<typeof createLead>;
  addAssisters(assisters: Assister[]): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * 'time-skipping' for deadlines; 'dev-server' (the suite's shared Temporal dev server) for what needs a real
 * server: search attributes, visibility, and update rejections (the Java test server mishandles those).
 */
export async function openLeadTestEnv(options: { server: 'time-skipping' | 'dev-server'; smtpPort?: number }): Promise<LeadTestEnv> {
  const sql = await createTestDatabase();
  const mailer = createMailer({ ...mailConfig(), ...(options.smtpPort && { port: options.smtpPort }) });
  const client = { dataConverter: dataConverter() };
  let env: TestWorkflowEnvironment;
  if (options.server === 'dev-server') env = await TestWorkflowEnvironment.createFromExistingServer({ address: temporalConfig().address, client });
  else {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: process.env.PAL_TIME_SKIPPING_SERVER! } },
      client,
    });
    // The time-skipping server knows no custom search attributes until they are added, like any real server.
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(palSearchAttributes.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
    });
  }
  const taskQueue = `leads-${randomUUID()}`;
  const clock = { now: new Date() };
  const worker: Worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, sql, mailer, clock: () => clock.now, workflowBundle: testWorkflowBundle() });
  const running = worker.run();
  return {
    env,
    sql,
    mailer,
    taskQueue,
    clock,
    createLead: async (input, o = {}) => {
      const created = await createLead({ client: env.client, sql, taskQueue, workflowDefaults: o, updateWithStart: options.server === 'dev-server' }, input);
      if (created.ok) noteLeadReference(created.lead);
      return created;
    },
    addAssisters: (assisters) => upsertAssisters(sql, assisters),
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
      mailer.close();
      await sql.end();
    },
  };
}

/** A lead created now from `sampleLead(overrides)`; once routed, after its referral email has gone out (intake answers before that). */
export async function referredLead(t: LeadTestEnv, overrides: Record<string, unknown> = {}) {
  t.clock.now = new Date();
  const result = await t.createLead(sampleLead(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const handle = t.env.client.workflow.getHandle(leadWorkflowId(result.lead.leadId));
  if (result.lead.status === 'awaiting-contact') await eventually(() => handle.query(statusQuery), (v) => v.history.some((h) => h.event === 'referred'));
  return result.lead;
}
