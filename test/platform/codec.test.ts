import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec, dataConverter } from '../../platform/codec';
import { encryptionConfig } from '../../platform/config';
import { createCodecServer } from '../../client/codec/server';
import { failureConverter } from '../../platform/failure-converter';

const key = () => randomBytes(32);
const payload = defaultPayloadConverter.toPayload({ firstName: 'Ana', phone: '651-555-0134' })!;

describe('EncryptionCodec', () => {
  const keys = new Map([['k1', key()], ['k2', key()]]);

  test('round-trips a payload and hides its content', async () => {
    const codec = new EncryptionCodec(keys, 'k1');
    const [encrypted] = await codec.encode([payload]);
    expect(Buffer.from(encrypted!.data!).includes('Ana')).toBe(false);
    expect(Buffer.from(encrypted!.metadata!['encryption-key-id']!).toString()).toBe('k1');
    const [decoded] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ firstName: 'Ana', phone: '651-555-0134' });
  });

  test('after a key rotation, payloads written with the old key still decode', async () => {
    const [old] = await new EncryptionCodec(keys, 'k1').encode([payload]);
    const rotated = new EncryptionCodec(keys, 'k2');
    const [fresh] = await rotated.encode([payload]);
    expect(Buffer.from(fresh!.metadata!['encryption-key-id']!).toString()).toBe('k2');
    await expect(rotated.decode([old!])).resolves.toHaveLength(1);
  });

  test('an unknown key id and a tampered payload are refused', async () => {
    const [encrypted] = await new EncryptionCodec(keys, 'k1').encode([payload]);
    await expect(new EncryptionCodec(new Map([['other', key()]]), 'other').decode([encrypted!])).rejects.toThrow(/key id "k1" is not configured/);
    const tampered = Buffer.from(encrypted!.data!);
    tampered[20] = tampered[20]! ^ 0xff;
    await expect(new EncryptionCodec(keys, 'k1').decode([{ ...encrypted!, data: tampered }])).rejects.toThrow();
  });

  test('payloads that are not encrypted pass through decode unchanged', async () => {
    await expect(new EncryptionCodec(keys, 'k1').decode([payload])).resolves.toEqual([payload]);
  });
});

describe('encryption configuration', () => {
  test('reads several keys and picks the current one', () => {
    const env = { PAL_ENCRYPTION_KEYS: `a:${key().toString('base64')},b:${key().toString('base64')}`, PAL_ENCRYPTION_KEY_ID: 'b' };
    expect(encryptionConfig(env).currentKeyId).toBe('b');
    expect(encryptionConfig({ PAL_ENCRYPTION_KEYS: env.PAL_ENCRYPTION_KEYS }).currentKeyId).toBe('a');
  });

  test('says clearly what is wrong', () => {
    expect(() => encryptionConfig({})).toThrow(/PAL_ENCRYPTION_KEYS: is required/);
    expect(() => encryptionConfig({ PAL_ENCRYPTION_KEYS: 'a:c2hvcnQ=' })).toThrow(/entry 1 of 1 must be keyId:base64key/);
    expect(() => encryptionConfig({ PAL_ENCRYPTION_KEYS: `a:${key().toString('base64')}`, PAL_ENCRYPTION_KEY_ID: 'z' })).toThrow(/PAL_ENCRYPTION_KEY_ID: names no key id/);
  });

  test('the data converter encodes failure messages too', () => {
    const converter = dataConverter({ PAL_ENCRYPTION_KEYS: `a:${key().toString('base64')}` });
    expect(converter.payloadCodecs).toHaveLength(1);
    expect(converter.failureConverterPath).toMatch(/failure-converter/);
    expect(converter.failureConverterPath).toBe(require.resolve('../../platform/failure-converter'));
    expect(failureConverter.options.encodeCommonAttributes).toBe(true);
  });
});

describe('codec server', () => {
  const uiOrigin = 'http://127.0.0.1:8233';
  const codec = new EncryptionCodec(new Map([['k1', key()]]), 'k1');
  let server: Server;
  let url: string;
  const toJson = (p: typeof payload) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data!).toString('base64'),
  });

  async function start(token?: string) {
    server = createCodecServer({ codec, uiOrigin, host: '127.0.0.1', token });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  afterEach(() => new Promise((r) => server.close(r)));

  test('decodes for the UI origin and answers its preflight', async () => {
    await start();
    const [encrypted] = await codec.encode([payload]);
    const res = await fetch(`${url}/decode`, {
      method: 'POST',
      headers: { origin: uiOrigin, 'content-type': 'application/json', 'x-namespace': 'default' },
      body: JSON.stringify({ payloads: [toJson(encrypted!)] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    const body = (await res.json()) as { payloads: { data: string }[] };
    expect(Buffer.from(body.payloads[0]!.data, 'base64').toString()).toContain('Ana');
    const preflight = await fetch(`${url}/decode`, { method: 'OPTIONS', headers: { origin: uiOrigin } });
    expect(preflight.status).toBe(204);
  });

  test('refuses other origins, bad bodies and missing tokens', async () => {
    await start('a-long-enough-secret-token');
    const post = (headers: Record<string, string>, body: string) => fetch(`${url}/decode`, { method: 'POST', headers, body });
    const good = JSON.stringify({ payloads: [] });
    expect((await post({ origin: 'http://evil.example' }, good)).status).toBe(403);
    expect((await fetch(`${url}/decode`, { method: 'OPTIONS', headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await post({}, good)).status).toBe(401);
    expect((await post({ authorization: 'Bearer wrong' }, good)).status).toBe(401);
    expect((await post({ authorization: 'Bearer a-long-enough-secret-token' }, good)).status).toBe(200);
    expect((await post({ authorization: 'Bearer a-long-enough-secret-token' }, '{nope')).status).toBe(400);
    expect((await post({ authorization: 'Bearer a-long-enough-secret-token' }, '{"payloads": {}}')).status).toBe(400);
    expect((await post({ authorization: 'Bearer a-long-enough-secret-token' }, '[]')).status).toBe(400);
    // Protobuf's JSON form writes an empty payload list as {}.
    const empty = await post({ authorization: 'Bearer a-long-enough-secret-token' }, '{}');
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ payloads: [] });
  });

  test('will not listen beyond loopback without a token', () => {
    expect(() => createCodecServer({ codec, uiOrigin, host: '0.0.0.0' })).toThrow(/PAL_CODEC_TOKEN is required/);
    server = createCodecServer({ codec, uiOrigin, host: '127.0.0.1' }); // for afterEach
    server.listen(0, '127.0.0.1');
  });
});
