// Starts the real services the suites share, on free ports: a Temporal dev server (search attributes
// registered), PostgreSQL, Mailpit (STARTTLS required; suites read mail through its API, ./mail.ts), and the browser
// suites' Chromium (./browser.ts). Suites read their addresses from process.env.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';
import type { BrowserServer } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../client/devstack/stack';
import { timeSkippingServerPath } from '../../client/devstack/tools';
import { launchSharedBrowser } from './browser';

declare global {
  var palTestStack: LocalStack | undefined;
  var palTestBrowser: BrowserServer | undefined;
}

const quiet = () => undefined;
const quietBundleLogger: Logger = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };

export default async function globalSetup(): Promise<void> {
  const timeSkippingServer = timeSkippingServerPath();
  const [stackStart, browserStart] = await Promise.allSettled([startLocalStack({ smtp: { kind: 'mailpit' } }), launchSharedBrowser()]);
  globalThis.palTestStack = stackStart.status === 'fulfilled' ? stackStart.value : undefined;
  globalThis.palTestBrowser = browserStart.status === 'fulfilled' ? browserStart.value : undefined;
  if (stackStart.status === 'rejected' || browserStart.status === 'rejected') {
    await Promise.allSettled([globalThis.palTestStack?.stop(), globalThis.palTestBrowser?.close()]);
    throw stackStart.status === 'rejected' ? stackStart.reason : (browserStart as PromiseRejectedResult).reason;
  }
  const stack = stackStart.value;
  const tmp = mkdtempSync(join(tmpdir(), 'pal-test-'));
  // The workflows bundled once for every suite's worker (./workflow-bundle.ts), instead of once per suite.
  const bundlePath = join(tmp, 'workflow-bundle.js');
  writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietBundleLogger })).code);
  Object.assign(process.env, stack.env, {
    PAL_TEST_MAILPIT_URL: stack.mailpit!.url,
    PAL_TIME_SKIPPING_SERVER: timeSkippingServer,
    // Files the suites write (workbooks, documents) go here; the teardown removes it.
    PAL_TEST_TMP: tmp,
    PAL_TEST_WORKFLOW_BUNDLE: bundlePath,
    PAL_ENCRYPTION_KEYS: `test-1:${randomBytes(32).toString('base64')}`,
  });
}
