// The CLI reaches PAL through its HTTP API, with the caller's token (PAL_TOKEN), like any other client.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CliError } from './args';

export type TokenRole = 'contact-center' | 'coordinator' | 'assister';

/** PAL_TOKEN, or in a dev clone the role's token that `npm run dev` wrote to .pal/dev.env. */
function tokenFor(role: TokenRole): string {
  const fallback = role === 'coordinator' ? process.env.PAL_COORDINATOR_TOKEN : role === 'contact-center' ? process.env.PAL_CONTACT_CENTER_TOKEN : undefined;
  const token = process.env.PAL_TOKEN ?? fallback;
  if (!token) throw new CliError(`Set PAL_TOKEN to your ${role} token`);
  return token;
}

async function request(role: TokenRole, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body: Buffer | string | undefined, contentType: string): Promise<Response> {
  const base = process.env.PAL_API_URL ?? 'http://127.0.0.1:3000';
  try {
    return await fetch(new URL(path, base), { method, headers: { authorization: `Bearer ${tokenFor(role)}`, 'content-type': contentType }, body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body) });
  } catch {
    throw new CliError(`Cannot reach the PAL API at ${base} (is it running? set PAL_API_URL)`);
  }
}

async function failure(res: Response): Promise<never> {
  const parsed = (await res.json().catch(() => ({}))) as { error?: string; details?: { field?: string; record?: number; message: string }[] };
  const details = (parsed.details ?? []).map((d) => `  ${d.record ? `record ${d.record}, ` : ''}${d.field ?? ''}: ${d.message}`);
  throw new CliError([`${parsed.error ?? `HTTP ${res.status}`}`, ...details].join('\n'));
}

export async function callApi<T>(role: TokenRole, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await request(role, method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  if (!res.ok) await failure(res);
  return { status: res.status, body: (await res.json()) as T };
}

/** A file from the API (a workbook), or the API's error as a CliError. */
export async function downloadFromApi(role: TokenRole, path: string): Promise<Buffer> {
  const res = await request(role, 'GET', path, undefined, 'application/json');
  if (!res.ok) await failure(res);
  return Buffer.from(await res.arrayBuffer());
}

/** A file from the API written to `file` as it arrives (an export may be larger than memory should hold); its size in bytes. */
export async function downloadFromApiToFile(role: TokenRole, path: string, file: string): Promise<number> {
  const res = await request(role, 'GET', path, undefined, 'application/json');
  if (!res.ok || !res.body) await failure(res);
  const out = createWriteStream(file);
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), out);
  return out.bytesWritten;
}

/** Uploads bytes (a workbook); the JSON answer is returned also when the API refused the file as a whole (422). */
export async function uploadToApi<T>(role: TokenRole, path: string, bytes: Buffer, contentType: string): Promise<{ status: number; body: T }> {
  const res = await request(role, 'POST', path, bytes, contentType);
  if (!res.ok && res.status !== 422) await failure(res);
  return { status: res.status, body: (await res.json()) as T };
}
