// `pal backup` and `pal restore`: PAL's PostgreSQL database to and from a file in pg_dump's custom format, made and
// read by PostgreSQL's own pg_dump and pg_restore (PAL_PG_BIN_DIR, else PATH), whose major version must be at least
// the server's. Temporal's persistence is not in it: it is backed up with the Temporal service. The file holds
// consumers' data, so it is written for its owner only.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { backupConfig, databaseConfig } from '../platform/config';
import { connectDatabase, migrate, type Sql, type Tx } from '../store/database';

type Env = Record<string, string | undefined>;

/** What a backup holds, or a restored database now holds. */
export interface DatabaseSummary {
  file: string;
  bytes: number;
  /** Tables in schema public. */
  tables: number;
  leads: number;
  /** The newest migration applied (store/migrations). */
  schemaVersion: string;
}

/**
 * How pg_dump and pg_restore reach DATABASE_URL: the URL without its password on their command line (ps shows it),
 * the password and the TLS rules of databaseConfig in their environment. libpq trusts one CA file: with
 * PAL_DATABASE_CA_FILE that one, else the system's.
 */
export function libpqConnection(env: Env): { dbname: string; env: Env } {
  const { url, tls } = databaseConfig(env);
  const afterScheme = url.slice(url.indexOf('://') + 3);
  const authority = afterScheme.split(/[/?]/)[0]!;
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? '' : authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  const [path, query = ''] = afterScheme.slice(authority.length).split(/\?(.*)/s);
  const params = new URLSearchParams(query);
  // postgres.js reads ssl=true|false as well as libpq's sslmode.
  const ssl = params.get('ssl');
  const asked = params.get('sslmode') ?? (ssl === 'true' ? 'require' : ssl === 'false' ? 'disable' : ssl);
  params.delete('ssl');
  params.delete('sslmode');
  // A password given as a parameter goes to the environment too, never to the command line.
  const passwordParam = params.get('password');
  params.delete('password');
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
  const rest = params.toString();
  return {
    dbname: `postgresql://${user ? `${user}@` : ''}${authority.slice(at + 1)}${path ?? ''}${rest ? `?${rest}` : ''}`,
    env: {
      ...env,
      LC_MESSAGES: 'C',
      ...(passwordParam !== null && { PGPASSWORD: passwordParam }),
      ...(colon >= 0 && { PGPASSWORD: decodeURIComponent(userinfo.slice(colon + 1)) }),
      ...(tls ? { PGSSLMODE: 'verify-full', PGSSLROOTCERT: tls.caFile ?? 'system' } : asked && { PGSSLMODE: asked }),
    },
  };
}

/** Writes a consistent dump of the configured database to `file` (replacing one only with `force`). */
export async function backupDatabase(options: { file: string; force?: boolean; env?: Env }): Promise<DatabaseSummary> {
  const { file, env = process.env } = options;
  if (!options.force && existsSync(file)) throw new Error(`${file} already exists; pal backup replaces a file only with --force`);
  const connection = libpqConnection(env);
  const sql = connectDatabase(databaseConfig(env).url, { max: 1, env });
  const partial = `${file}.partial`;
  try {
    const pgDump = await pgProgram('pg_dump', sql, env);
    if (!(await palTables(sql))) throw new Error('The database has no PAL tables (no schema_migrations): nothing to back up');
    // pg_dump reads the snapshot this transaction exports, so the summary counts exactly what the file holds.
    return await sql.begin('isolation level repeatable read read only', async (tx) => {
      const snapshot = (await tx<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`)[0]!.snapshot;
      const counts = await contents(tx);
      rmSync(partial, { force: true });
      closeSync(openSync(partial, 'wx', 0o600)); // pg_dump writes into it and keeps its mode
      await runProgram(pgDump, ['--format=custom', `--snapshot=${snapshot}`, `--file=${partial}`, `--dbname=${connection.dbname}`], connection.env);
      renameSync(partial, file);
      return { file, bytes: statSync(file).size, ...counts };
    });
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    await sql.end();
  }
}

/** Restores a backup into the configured database, which must be empty, then applies any newer migrations. */
export async function restoreDatabase(options: { file: string; env?: Env }): Promise<DatabaseSummary & { migrated: string[] }> {
  const { file, env = process.env } = options;
  checkDumpFile(file);
  const connection = libpqConnection(env);
  const sql = connectDatabase(databaseConfig(env).url, { max: 1, env });
  try {
    const pgRestore = await pgProgram('pg_restore', sql, env);
    const { tables } = (await sql<{ tables: number }[]>`select count(*)::int as tables from pg_tables where schemaname = 'public'`)[0]!;
    if (tables) throw new Error(`The database is not empty (${tables} tables in schema public): pal restore restores only into an empty database. Create a new database, point DATABASE_URL at it and run pal restore again.`);
    // One transaction: a restore that fails part-way leaves the database empty. Roles and grants are the target's.
    await runProgram(pgRestore, ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', `--dbname=${connection.dbname}`, file], connection.env);
    const migrated = await migrate(sql); // a backup made before newer migrations is brought up to date
    return { file, bytes: statSync(file).size, ...(await contents(sql)), migrated };
  } finally {
    await sql.end();
  }
}

/** A file of pg_dump's custom format starts with PGDMP. */
function checkDumpFile(file: string): void {
  let head = Buffer.alloc(5);
  try {
    const fd = openSync(file, 'r');
    try {
      head = head.subarray(0, readSync(fd, head, 0, 5, 0));
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw new Error(`Cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (head.toString('latin1') !== 'PGDMP') throw new Error(`${file} is not a backup made by pal backup (a pg_dump custom-format file)`);
}

const palTables = async (sql: Sql) => (await sql`select to_regclass('public.schema_migrations') as t`)[0]!.t !== null;

async function contents(sql: Sql | Tx): Promise<Omit<DatabaseSummary, 'file' | 'bytes'>> {
  const [row] = await sql<{ tables: number; leads: number; schemaVersion: string }[]>`
    select (select count(*)::int from pg_tables where schemaname = 'public') as tables, (select count(*)::int from leads) as leads,
           (select max(version) from schema_migrations) as "schemaVersion"`;
  return row!;
}

/**
 * The path of pg_dump or pg_restore, checked to be of the server's major version or newer: an older pg_dump refuses
 * to dump a newer server, and an older pg_restore cannot read a newer pg_dump's file.
 */
async function pgProgram(name: 'pg_dump' | 'pg_restore', sql: Sql, env: Env): Promise<string> {
  const { pgBinDir } = backupConfig(env);
  const program = pgBinDir ? join(pgBinDir, name) : name;
  const where = pgBinDir ? `in PAL_PG_BIN_DIR (${pgBinDir})` : 'on PATH';
  let version: string;
  try {
    version = (await runProgram(program, ['--version'], env)).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new Error(`${name} is not ${where}: install PostgreSQL's client programs (pg_dump and pg_restore) and set PAL_PG_BIN_DIR to their folder`);
  }
  const { server } = (await sql<{ server: string }[]>`select current_setting('server_version') as server`)[0]!;
  const major = (text: string) => Number(/(\d+)(?:\.\d+)?/.exec(text)?.[1]);
  const own = /\)\s*(\S+)/.exec(version)?.[1] ?? version; // "pg_dump (PostgreSQL) 17.11", perhaps a packager's note after
  if (!(major(own) >= major(server)))
    throw new Error(
      `${name} ${own} ${where} is older than the PostgreSQL server (${server.split(' ')[0]}): set PAL_PG_BIN_DIR to the folder of pg_dump and pg_restore ${major(server)} or newer (for the local stack, scripts/build-pg-tools.sh fetches them)`,
    );
  return program;
}

/** Runs a program to its end; standard output is returned, and on failure its own words (less the details, which may quote data) are the error. */
function runProgram(program: string, args: string[], env: Env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) return resolve(stdout);
      const words = stderr
        .split('\n')
        .filter((line) => line.trim() && !/^(\S+: )?(detail|DETAIL|LINE \d+|HINT|hint|CONTEXT|context|Command was):?/.test(line.trim()))
        .join('\n')
        .slice(-2000);
      reject(new Error(`${program.split('/').pop()} failed (${signal ?? `exit ${code}`}): ${words}`));
    });
  });
}
