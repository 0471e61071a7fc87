// Starts the real services the suites share, on free ports: a Temporal dev server (search attributes
// registered), PostgreSQL and the STARTTLS SMTP catcher. Suites read their addresses from process.env.
import { randomBytes } from 'node:crypto';
import { startLocalStack, type LocalStack } from '../../client/devstack/stack';
import { timeSkippingServerPath } from '../../client/devstack/tools';

declare global {
  var palTestStack: LocalStack | undefined;
}

export default async function globalSetup(): Promise<void> {
  const timeSkippingServer = timeSkippingServerPath();
  const stack = await startLocalStack();
  globalThis.palTestStack = stack;
  Object.assign(process.env, stack.env, {
    PAL_TEST_MAIL_DIR: stack.smtp!.mailDir,
    PAL_TIME_SKIPPING_SERVER: timeSkippingServer,
    PAL_ENCRYPTION_KEYS: `test-1:${randomBytes(32).toString('base64')}`,
  });
}
