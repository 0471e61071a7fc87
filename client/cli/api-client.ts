// The CLI reaches PAL through its HTTP API, with the caller's token (PAL_TOKEN), like any other client.
import { CliError } from './args';

export type TokenRole = 'contact-center' | 'coordinator' | 'assister';

/** PAL_TOKEN, or in a dev clone the role's token that `npm run dev` wrote to .pal/dev.env. */
function tokenFor(role: TokenRole): string {
  const fallback = role === 'coordinator' ? process.env.PAL_COORDINATOR_TOKEN : role === 'contact-center' ? process.env.PAL_CONTACT_CENTER_TOKEN : undefined;
  const token = process.env.PAL_TOKEN ?? fallback;
  if (!token) throw new CliError(`Set PAL_TOKEN to your ${role} token`);
  return token;
}

export async function callApi<T>(role: TokenRole, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const base = process.env.PAL_API_URL ?? 'http://127.0.0.1:3000';
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method,
      headers: { authorization: `Bearer ${tokenFor(role)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new CliError(`Cannot reach the PAL API at ${base} (is it running? set PAL_API_URL)`);
  }
  const parsed = (await res.json().catch(() => ({}))) as T & { error?: string; details?: { field?: string; record?: number; message: string }[] };
  if (!res.ok) {
    const details = (parsed.details ?? []).map((d) => `  ${d.record ? `record ${d.record}, ` : ''}${d.field ?? ''}: ${d.message}`);
    throw new CliError([`${parsed.error ?? `HTTP ${res.status}`}`, ...details].join('\n'));
  }
  return { status: res.status, body: parsed };
}
