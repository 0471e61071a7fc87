// The HTTP API on a free port over a test environment, with fixed coordinator and contact-center tokens.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../client/devstack/tools';
import { createApiServer, type ApiDeps } from '../../client/api/server';
import type { LeadTestEnv } from './lead-env';

export const testTokens = { coordinatorToken: 'coordinator-token-for-tests', contactCenterToken: 'contact-center-token-for-tests' };

export async function startTestApi(t: LeadTestEnv, more: Partial<ApiDeps> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const api = createApiServer({ client: t.env.client, sql: t.sql, taskQueue: t.taskQueue, tokens: testTokens, ...more });
  return { url: await api.listen({ port: 0, host: '127.0.0.1' }), close: () => api.close() };
}

/** Runs the `pal` bin as a person would, against the API at apiUrl with PAL_TOKEN set to the given token. */
export async function runPal(apiUrl: string, token: string | undefined, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, PAL_API_URL: apiUrl, PAL_TOKEN: token, PAL_COORDINATOR_TOKEN: undefined, PAL_CONTACT_CENTER_TOKEN: undefined };
  return promisify(execFile)(join(projectRoot, 'bin', 'pal.js'), args, { cwd: projectRoot, env }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}
