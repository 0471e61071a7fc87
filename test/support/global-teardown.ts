import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.palTestStack?.stop();
  if (process.env.PAL_TEST_DIR) rmSync(process.env.PAL_TEST_DIR, { recursive: true, force: true });
}
