// `npm run dev` writes .pal/dev.env (addresses, keys) so `pal` commands run in the same clone reach that stack.
// Values already in the environment win; with no such file nothing changes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

export const devEnvFile = join(__dirname, '..', '.pal', 'dev.env');

export function loadDevEnv(file = devEnvFile): void {
  if (!existsSync(file)) return;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (process.env[name] === undefined) process.env[name] = value;
  }
}
