// A key rotation on a real lead workflow (the shared Temporal dev server, a real PAL worker): a lead runs under key
// k1; the worker and clients restart with PAL_ENCRYPTION_KEYS="k2:…,k1:…" and k2 current. They read the old
// history (the new worker replays it to answer a query) and act on the lead, and every new payload carries k2. With
// k1 no longer listed, the history cannot be read, and the error says which key is missing.
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { createMailer } from '../../activities/mailer';
import { createLead } from '../../client/api/intake';
import { reportOnLead } from '../../client/lead-actions';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { minnesotaDate } from '../../domain/time';
import { dataConverter, EncryptionCodec } from '../../platform/codec';
import { encryptionConfig, mailConfig, temporalConfig } from '../../platform/config';
import { upsertAssisters } from '../../store/assisters';
import type { Sql } from '../../store/database';
import { ensureReportSchedule } from '../../workers/schedule';
import { createWorker } from '../../workers/worker';
import { createTestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { decrypt } from '../support/histories';
import { assister, sampleLead } from '../support/samples';
import { testWorkflowBundle } from '../support/workflow-bundle';

const [k1, k2] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
const before = { ...process.env, PAL_ENCRYPTION_KEYS: `k1:${k1}` };
const rotated = { ...process.env, PAL_ENCRYPTION_KEYS: `k2:${k2},k1:${k1}`, PAL_ENCRYPTION_KEY_ID: 'k2' };
const k1Dropped = { ...process.env, PAL_ENCRYPTION_KEYS: `k2:${k2}` };
type Env = typeof before;

let sql: Sql;
let connection: NativeConnection;
let clientConnection: Connection;
const mailer = createMailer(mailConfig());
const taskQueue = `key-rotation-${randomUUID()}`;
beforeAll(async () => {
  sql = await createTestDatabase();
  await upsertAssisters(sql, [assister('kr-nav-stpaul', '55101')]);
  connection = await NativeConnection.connect({ address: temporalConfig().address });
  clientConnection = await Connection.connect({ address: temporalConfig().address });
});
afterAll(async () => {
  await clientConnection?.close();
  await connection?.close();
  mailer.close();
  await sql?.end();
});

/** A PAL worker and a client with these keys; the worker runs while `work` does. */
async function withKeys<T>(env: Env, work: (client: Client) => Promise<T>): Promise<T> {
  const worker = await createWorker({ connection, namespace: 'default', taskQueue, sql, mailer, env, workflowBundle: testWorkflowBundle() });
  const client = new Client({ connection: clientConnection, namespace: 'default', dataConverter: dataConverter(env) });
  return worker.runUntil(() => work(client));
}

/** The key id of every encrypted payload in these events, in order. */
async function keyIdsIn(events: unknown[]): Promise<string[]> {
  const ids: string[] = [];
  await decrypt(events, { decode: async (payloads: Payload[]) => (ids.push(...payloads.map((p) => Buffer.from(p.metadata!['encryption-key-id']!).toString())), payloads) });
  return ids;
}

test('after a rotation, old histories are read with the old key still listed, new payloads use the new key, and without it reading fails clearly', async () => {
  const routed = await withKeys(before, async (client) => {
    const created = await createLead({ client, sql, taskQueue, workflowDefaults: {}, updateWithStart: true }, sampleLead());
    if (!created.ok) throw new Error('refused');
    return eventually(() => client.workflow.getHandle(leadWorkflowId(created.lead.leadId)).query(statusQuery), (v) => v.status === 'awaiting-contact');
  });
  expect(routed).toMatchObject({ status: 'awaiting-contact', assisterId: 'kr-nav-stpaul' });
  const workflowId = leadWorkflowId(routed.leadId);
  const { events: old } = await new Client({ connection: clientConnection }).workflow.getHandle(workflowId).fetchHistory();
  expect(new Set(await keyIdsIn(old!))).toEqual(new Set(['k1']));

  const contacted = await withKeys(rotated, async (client) => {
    // A new worker has nothing cached: it replays the k1 history to answer.
    expect(await client.workflow.getHandle(workflowId).query(statusQuery)).toEqual(routed);
    return reportOnLead(client, routed.leadId, 'kr-nav-stpaul', 'contact', { contactDate: minnesotaDate(new Date()) });
  });
  expect(contacted).toMatchObject({ status: 'contacted', assisterId: 'kr-nav-stpaul' });

  const history = await new Client({ connection: clientConnection }).workflow.getHandle(workflowId).fetchHistory();
  const events = history.events!;
  expect(events.length).toBeGreaterThan(old!.length);
  const added = await keyIdsIn(events.slice(old!.length));
  expect(added.length).toBeGreaterThan(0);
  expect(new Set(added)).toEqual(new Set(['k2']));

  // The rotated keys read all of it (as the codec server does for Temporal UI); without k1, the old part is unreadable.
  const { keys, currentKeyId } = encryptionConfig(rotated);
  await expect(decrypt(structuredClone(history), new EncryptionCodec(keys, currentKeyId))).resolves.toBeUndefined();
  const dropped = encryptionConfig(k1Dropped);
  await expect(decrypt(structuredClone(history), new EncryptionCodec(dropped.keys, dropped.currentKeyId))).rejects.toThrow(
    'Cannot decrypt payload: encryption key id "k1" is not configured in PAL_ENCRYPTION_KEYS',
  );
  await expect(decrypt(events.slice(old!.length), new EncryptionCodec(dropped.keys, dropped.currentKeyId))).resolves.toBeUndefined();
});

test('the report schedule made under k1 is written again under k2 when the worker starts after the rotation, so k1 can go', async () => {
  const scheduleId = `kr-schedule-${randomUUID()}`;
  const clientWith = (env: Env) => new Client({ connection: clientConnection, namespace: 'default', dataConverter: dataConverter(env) });
  try {
    expect(await ensureReportSchedule(clientWith(before), taskQueue, scheduleId)).toBe('created');
    await expect(clientWith(k1Dropped).schedule.getHandle(scheduleId).describe()).rejects.toThrow(/encryption key id "k1" is not configured/);
    await clientWith(before).schedule.getHandle(scheduleId).pause('paused by a coordinator');
    expect(await ensureReportSchedule(clientWith(rotated), taskQueue, scheduleId)).toBe('re-encrypted');
    expect(await ensureReportSchedule(clientWith(rotated), taskQueue, scheduleId)).toBe('exists');
    // Readable without k1 now, and otherwise as it was: the same action, and still paused with its note.
    const schedule = await clientWith(k1Dropped).schedule.getHandle(scheduleId).describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'reportCycleWorkflow', taskQueue, args: [{}] });
    expect(schedule.state).toMatchObject({ paused: true, note: 'paused by a coordinator' });
  } finally {
    await clientWith(rotated).schedule.getHandle(scheduleId).delete().catch(() => undefined);
  }
});
