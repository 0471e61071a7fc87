// Temporal's own CLI reads PAL's encrypted payloads through the codec endpoint: query, show and describe print
// decoded values (without the endpoint they show only binary/encrypted payloads).
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { createCodecServer } from '../../client/codec/server';
import { temporalCliPath } from '../../client/devstack/tools';
import { leadWorkflowId, reportResolutionUpdate, statusQuery } from '../../contracts/lead';
import { EncryptionCodec } from '../../platform/codec';
import { encryptionConfig } from '../../platform/config';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister, sampleLead } from '../support/samples';

const run = promisify(execFile);
let t: LeadTestEnv;
let codecServer: Server;
let endpoint: string;

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('cli-nav-stpaul', '55101')]);
  const { keys, currentKeyId } = encryptionConfig();
  codecServer = createCodecServer({ codec: new EncryptionCodec(keys, currentKeyId), uiOrigin: 'http://127.0.0.1:8233', host: '127.0.0.1' });
  await new Promise<void>((r) => codecServer.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(codecServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t?.close();
  await new Promise((r) => codecServer?.close(r));
});

/** Every payload in the CLI's JSON output, as its encoding and its data as text. */
function payloads(json: string): { encoding: string; text: string }[] {
  const found: { encoding: string; text: string }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as { metadata?: { encoding?: string }; data?: string };
    if (o.metadata?.encoding && typeof o.data === 'string')
      found.push({ encoding: Buffer.from(o.metadata.encoding, 'base64').toString(), text: Buffer.from(o.data, 'base64').toString() });
    Object.values(v).forEach(walk);
  };
  walk(JSON.parse(json));
  return found;
}

const temporalAs = async (output: 'json' | 'text', ...args: string[]) =>
  (await run(temporalCliPath(), [...args, '--address', process.env.TEMPORAL_ADDRESS!, '--namespace', 'default', '--output', output], { encoding: 'utf8' })).stdout;
const temporal = (...args: string[]) => temporalAs('json', ...args);

test('workflow query, show and describe with --codec-endpoint print decoded values', async () => {
  const created = await t.createLead(sampleLead());
  if (!created.ok) throw new Error('refused');
  const { leadId, assisterId } = created.lead;
  const id = leadWorkflowId(leadId);
  const handle = t.env.client.workflow.getHandle(id);
  await eventually(() => handle.query(statusQuery), (v) => v.history.some((h) => h.event === 'referred'));

  const query = JSON.parse(await temporal('workflow', 'query', '--workflow-id', id, '--type', 'status', '--codec-endpoint', endpoint));
  expect(JSON.stringify(query)).toContain('"status":"awaiting-contact"');
  expect(JSON.stringify(query)).toContain(leadId);

  const encrypted = payloads(await temporal('workflow', 'show', '--workflow-id', id)).filter((p) => p.encoding !== 'json/plain');
  expect(encrypted.map((p) => p.encoding)).toContain('binary/encrypted');
  expect(encrypted.some((p) => p.text.includes(leadId))).toBe(false);
  const shown = payloads(await temporal('workflow', 'show', '--workflow-id', id, '--codec-endpoint', endpoint));
  expect(shown.map((p) => p.encoding)).not.toContain('binary/encrypted');
  expect(shown.some((p) => p.text.includes(`"leadId":"${leadId}"`))).toBe(true);

  await handle.executeUpdate(reportResolutionUpdate, { args: [{ assisterId: assisterId!, contactMade: false, resolution: 'Unable to contact' }] });
  await handle.result();
  // describe prints a closed workflow's result in its text form.
  const plain = await temporalAs('text', 'workflow', 'describe', '--workflow-id', id);
  expect(plain).toMatch(/ResultEncoding\s+binary\/encrypted/);
  const described = await temporalAs('text', 'workflow', 'describe', '--workflow-id', id, '--codec-endpoint', endpoint);
  expect(described).toMatch(/ResultEncoding\s+json\/plain/);
  expect(described).toContain('"status":"resolved"');
  expect(described).toContain(`"leadId":"${leadId}"`);
});
