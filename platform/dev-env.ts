// `npm run dev` writes .pal/dev.env (addresses, keys, the dev database's password) so `pal` commands run in the same
// clone reach that stack, and the next `npm run dev` reuses its keys. Values already in the environment win; with no
// such file nothing changes.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseEnv } from 'node:util';

export const devEnvFile = join(__dirname, '..', '.pal', 'dev.env');

/** What `npm run dev` keeps: the addresses it started or was given, and the secrets it generated once per clone. */
const kept = ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_CA_FILE', 'PAL_ENCRYPTION_KEYS', 'PAL_COORDINATOR_TOKEN', 'PAL_CONTACT_CENTER_TOKEN', 'PAL_API_URL', 'PAL_DEV_POSTGRES_PASSWORD', 'PAL_PG_BIN_DIR'];

export function loadDevEnv(file = devEnvFile): void {
  if (!existsSync(file)) return;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (process.env[name] === undefined) process.env[name] = value;
  }
}

/** Writes the kept values of `env` to the file, readable by its owner only. */
export function saveDevEnv(env: NodeJS.ProcessEnv, file = devEnvFile): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, kept.filter((n) => env[n]).map((n) => `${n}=${env[n]}`).join('\n') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
}
