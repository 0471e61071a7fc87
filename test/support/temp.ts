// A folder for files a suite writes, inside the run's own temporary folder (removed by the global teardown).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const testDir = (prefix: string) => mkdtempSync(join(process.env.PAL_TEST_TMP ?? tmpdir(), prefix));
