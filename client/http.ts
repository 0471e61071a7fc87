// Small helpers of PAL's HTTP endpoints: the typed error both the API and the codec server answer with, bearer
// tokens compared in constant time; bounded JSON bodies and JSON replies for the codec server (node:http).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Fastify's name for the status. */
  get statusCode(): number {
    return this.status;
  }
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new HttpError(413, `Request body is larger than ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The JSON body; an empty body reads as `empty` when one is given (optional bodies), else it is an error. */
export async function readJson(req: IncomingMessage, limitBytes: number, empty?: unknown): Promise<unknown> {
  const body = await readBody(req, limitBytes);
  if (empty !== undefined && body.length === 0) return empty;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): void {
  // The rest of an oversized body is never read: the connection closes, so it cannot be reused mid-body.
  if (err instanceof HttpError) sendJson(res, err.status, { error: err.message, details: err.details }, err.status === 413 ? { ...headers, connection: 'close' } : headers);
  else {
    // Unexpected errors may carry anything: the reply and the log say only that something failed.
    console.error(`http: unexpected ${err instanceof Error ? err.name : 'error'}`);
    sendJson(res, 500, { error: 'Internal error' }, headers);
  }
}

/** Compares a presented token with the expected one in constant time. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export { isLoopback } from '../platform/config';

export function bearerToken(req: { headers: { authorization?: string } }): string | undefined {
  const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}
