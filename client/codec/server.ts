// The codec endpoint Temporal UI calls to show decrypted payloads (POST /encode, /decode). CORS admits only
// the UI's origin; a bearer token is required whenever it listens beyond loopback. Decoded data is never logged.
import { createServer, type Server } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { HttpError, bearerToken, isLoopback, readJson, sendError, sendJson, tokenMatches } from '../http';

export interface CodecServerOptions {
  codec: PayloadCodec;
  uiOrigin: string;
  host: string;
  token?: string;
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export function createCodecServer({ codec, uiOrigin, host, token }: CodecServerOptions): Server {
  if (!isLoopback(host) && !token) throw new Error(`PAL_CODEC_TOKEN is required when the codec server listens on ${host} (beyond loopback)`);
  return createServer(async (req, res) => {
    const cors: Record<string, string> =
      req.headers.origin === uiOrigin
        ? {
            'access-control-allow-origin': uiOrigin,
            'access-control-allow-methods': 'POST, OPTIONS',
            'access-control-allow-headers': 'content-type, x-namespace, authorization',
            'access-control-allow-credentials': 'true',
            vary: 'origin',
          }
        : {};
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(req.headers.origin === uiOrigin ? 204 : 403, cors);
        return void res.end();
      }
      if (req.method !== 'POST' || (req.url !== '/encode' && req.url !== '/decode')) throw new HttpError(404, 'Not found');
      if (req.headers.origin && req.headers.origin !== uiOrigin) throw new HttpError(403, 'Origin not allowed');
      if (token && !tokenMatches(bearerToken(req), token)) throw new HttpError(401, 'A valid bearer token is required');
      const body = (await readJson(req, 8 * 1024 * 1024)) as { payloads?: JsonPayload[] } | null;
      // The canonical JSON of a Payloads message leaves an empty list out: `{}` (Temporal's CLI sends that).
      if (typeof body !== 'object' || body === null || Array.isArray(body) || (body.payloads !== undefined && !Array.isArray(body.payloads)))
        throw new HttpError(400, 'Body must be the JSON of a Payloads message: {"payloads": [...]}');
      const payloads = (body.payloads ?? []).map(fromJson);
      const result = req.url === '/encode' ? await codec.encode(payloads) : await codec.decode(payloads);
      sendJson(res, 200, { payloads: result.map(toJson) }, cors);
    } catch (err) {
      sendError(res, err instanceof HttpError ? err : new HttpError(400, 'Payloads could not be processed'), cors);
    }
  });
}
