// AES-256-GCM payload codec. Each encrypted payload names its key in metadata, so keys can rotate:
// new payloads use the current key, old histories decode with the old keys still configured.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { encryptionConfig } from './config';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = (s: string) => new TextEncoder().encode(s);

export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    /** The key new payloads are encrypted with. */
    readonly currentKeyId: string,
  ) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.currentKeyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: utf8(ENCRYPTED_ENCODING), 'encryption-key-id': utf8(this.currentKeyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
      const keyIdBytes = payload.metadata?.['encryption-key-id'];
      const keyId = keyIdBytes ? Buffer.from(keyIdBytes).toString() : '';
      const key = this.keys.get(keyId);
      if (!key) throw new Error(`Cannot decrypt payload: encryption key id "${keyId}" is not configured in PAL_ENCRYPTION_KEYS`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

let memo: { source: string; converter: DataConverter } | undefined;

/** The one data converter every client and worker uses (memoised per key configuration). */
export function dataConverter(env: Record<string, string | undefined> = process.env): DataConverter {
  const source = `${env.PAL_ENCRYPTION_KEYS}|${env.PAL_ENCRYPTION_KEY_ID}`;
  if (memo?.source !== source) {
    const { keys, currentKeyId } = encryptionConfig(env);
    memo = {
      source,
      converter: {
        payloadCodecs: [new EncryptionCodec(keys, currentKeyId)],
        failureConverterPath: require.resolve('./failure-converter'),
      },
    };
  }
  return memo.converter;
}
