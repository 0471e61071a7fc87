// Workflow histories kept in test/histories/ for the replay test. Tests call keepHistory(...) at the end of a
// scenario; it writes only when PAL_RECORD_HISTORIES=1 (npm run record:histories). Payloads are stored decrypted
// (the scenarios use made-up people), so the replay needs no key.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { projectRoot } from '../../client/devstack/tools';
import { ENCRYPTED_ENCODING, EncryptionCodec } from '../../platform/codec';
import { encryptionConfig } from '../../platform/config';

export const historiesDir = join(projectRoot, 'test', 'histories');

type Payload = temporal.api.common.v1.IPayload;
const isEncrypted = (v: unknown): v is Payload => {
  const encoding = (v as Payload | null)?.metadata?.encoding;
  return encoding instanceof Uint8Array && Buffer.from(encoding).toString() === ENCRYPTED_ENCODING;
};

/** Every encrypted payload anywhere in the history (or an event), decrypted in place. */
export async function decrypt(node: unknown, codec: Pick<EncryptionCodec, 'decode'>): Promise<void> {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return;
  for (const [key, value] of Object.entries(node)) {
    if (isEncrypted(value)) (node as Record<string, unknown>)[key] = (await codec.decode([value]))[0];
    else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (isEncrypted(value[i])) value[i] = (await codec.decode([value[i]]))[0];
        else await decrypt(value[i], codec);
      }
    } else await decrypt(value, codec);
  }
}

// protobufjs's own object form (enum names, int64 and bytes as strings): the SDK's proto-JSON helpers trip over
// the two protobufjs copies npm installs next to @temporalio/common and @temporalio/proto.
const historyToObject = (h: temporal.api.history.v1.IHistory) =>
  temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(h), { enums: String, longs: String, bytes: String });

export const historyFromObject = (json: unknown) => temporal.api.history.v1.History.fromObject(json as Record<string, unknown>);

export async function keepHistory(client: Client, workflowId: string, name: string): Promise<void> {
  if (process.env.PAL_RECORD_HISTORIES !== '1') return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const { keys, currentKeyId } = encryptionConfig();
  await decrypt(history, new EncryptionCodec(keys, currentKeyId));
  writeFileSync(join(historiesDir, `${name}.json`), JSON.stringify(historyToObject(history), null, 1) + '\n');
}
