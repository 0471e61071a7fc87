// Starts the tests' OpenID Connect provider (test/support/oidc-provider-server.ts) as a child process on a free
// port, and signs a test user in at its own login and consent pages, as a person would in a browser.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createApiServer } from '../../client/api/server';
import { freePort } from '../../client/devstack/ports';
import { projectRoot } from '../../client/devstack/tools';
import { oidcConfig, webConfig, type OidcSettings } from '../../platform/config';
import { testTokens } from './api';
import type { Visitor } from './browserless';
import type { LeadTestEnv } from './lead-env';

export interface TestProvider {
  issuer: string;
  close(): Promise<void>;
}

export async function startTestProvider(settings: {
  client: { clientId: string; clientSecret: string; redirectUri: string };
  accounts: Record<string, Record<string, unknown>>;
  roleClaim: string;
}): Promise<TestProvider> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test', 'support', 'oidc-provider-server.ts')], {
    cwd: projectRoot,
    env: { ...process.env, OIDC_TEST_SETTINGS: JSON.stringify({ port, ...settings }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its warnings (development keys and pages, an in-memory store: meant for tests like these) are shown only if it fails.
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the test OpenID Connect provider did not start in 20 s\n${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`the test OpenID Connect provider exited (${code})\n${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    issuer: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const formOf = (html: string) => {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the provider's page: ${html.slice(0, 300)}`);
  return action.replace(/&amp;/g, '&');
};

/**
 * Follows the provider's pages from PAL's redirect to the provider, signing in as `login` and consenting; returns
 * the URL the provider sends the browser back to (PAL's callback, with the code and state).
 */
export async function signInAtProvider(browser: Visitor, authorizationUrl: string, login: string): Promise<URL> {
  let url = new URL(authorizationUrl);
  for (let step = 0; step < 10; step++) {
    const page = await browser.request(url.href);
    if (page.location) {
      const next = new URL(page.location, url);
      if (next.origin !== url.origin || next.pathname.endsWith('/staff/oidc/callback')) return next;
      url = next;
      continue;
    }
    const action = new URL(formOf(page.html), url);
    const form: Record<string, string> = page.html.includes('name="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' };
    const posted = await browser.request(action.href, { form });
    if (!posted.location) throw new Error(`the provider answered ${posted.status} without a redirect`);
    url = new URL(posted.location, action);
    if (url.pathname.endsWith('/staff/oidc/callback')) return url;
  }
  throw new Error('the provider did not send the browser back');
}

/**
 * The test provider with these accounts (role claim pal_role), and PAL's API and pages with staff sign-in through it,
 * listening at its public URL (`base`: where the provider sends the browser back).
 */
export async function startPalWithProvider(
  t: LeadTestEnv,
  accounts: Record<string, Record<string, unknown>>,
  clientSecret: string,
): Promise<{ base: string; provider: TestProvider; oidc: OidcSettings; close(): Promise<void> }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const provider = await startTestProvider({ client: { clientId: 'pal', clientSecret, redirectUri: `${base}/staff/oidc/callback` }, accounts, roleClaim: 'pal_role' });
  const oidc = oidcConfig({ PAL_OIDC_ISSUER: provider.issuer, PAL_OIDC_CLIENT_ID: 'pal', PAL_OIDC_CLIENT_SECRET: clientSecret })!;
  const api = createApiServer({ client: t.env.client, sql: t.sql, taskQueue: t.taskQueue, tokens: testTokens, mailer: t.mailer, web: webConfig({ PAL_PUBLIC_URL: base }), oidc });
  try {
    await api.listen({ port, host: '127.0.0.1' });
  } catch (err) {
    await provider.close();
    throw err;
  }
  return {
    base,
    provider,
    oidc,
    close: async () => {
      await api.close();
      await provider.close();
    },
  };
}
