import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const stopped = await Promise.allSettled([globalThis.palTestStack?.stop(), globalThis.palTestBrowser?.close()]);
  if (process.env.PAL_TEST_TMP) rmSync(process.env.PAL_TEST_TMP, { recursive: true, force: true });
  const failed = stopped.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}
