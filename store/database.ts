// PostgreSQL through postgres.js, and the versioned SQL migrations in ./migrations, applied at start-up.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { databaseConfig } from '../platform/config';

export type Sql = postgres.Sql;
/** The handle inside sql.begin(): queries on it run in the transaction. */
export type Tx = postgres.TransactionSql;

/**
 * A pool of connections to `url`. A database beyond loopback (or any, with PAL_DATABASE_TLS=true in `env`) is
 * reached over TLS with its certificate and name checked against the system's CAs and PAL_DATABASE_CA_FILE.
 */
export function connectDatabase(url: string, options: { max?: number; env?: Record<string, string | undefined> } = {}): Sql {
  const { tls } = databaseConfig({ ...(options.env ?? process.env), DATABASE_URL: url });
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // host: the name or address the certificate must be for (postgres.js names only a DNS name to Node).
    ...(tls && { ssl: { rejectUnauthorized: true, host: tls.host, ...(tls.caFile && { ca: readCaFile(tls.caFile) }) } }),
  });
}

function readCaFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`PAL_DATABASE_CA_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

const migrationsDir = join(__dirname, 'migrations');

/** Applies every migration not yet applied, all in one transaction. Safe to run twice, and concurrently. */
export async function migrate(sql: Sql): Promise<string[]> {
  const files = readdirSync(migrationsDir).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    // One starter at a time: a worker and an API starting together must not race on the same migration.
    await tx`select pg_advisory_xact_lock(hashtext('pal.migrations'))`;
    await tx`create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())`;
    const done = new Set((await tx<{ version: string }[]>`select version from schema_migrations`).map((r) => r.version));
    for (const file of files) {
      const version = file.slice(0, 3);
      if (done.has(version)) continue;
      await tx.unsafe(readFileSync(join(migrationsDir, file), 'utf8'));
      await tx`insert into schema_migrations (version) values (${version})`;
      applied.push(file);
    }
  });
  return applied;
}
