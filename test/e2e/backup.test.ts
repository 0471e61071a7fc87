// pal backup and pal restore on the shared stack: a backup of a database with leads, restored into a fresh database
// on the same server, holds every lead, and pal check's comparison finds each lead's workflow; a database that is not
// empty, a file that is not a backup and a pg_dump older than the server are refused, changing nothing.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { backupDatabase, libpqConnection, restoreDatabase } from '../../client/backup';
import { checkLeads } from '../../client/check';
import { projectRoot } from '../../client/devstack/tools';
import { databaseConfig } from '../../platform/config';
import { connectDatabase, type Sql } from '../../store/database';
import { testDatabaseUrl } from '../support/database';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister, sampleLead } from '../support/samples';
import { testDir } from '../support/temp';

let t: LeadTestEnv;
let dir: string;
const fresh: string[] = [];
beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('bk-nav-stpaul', '55101')]);
  dir = testDir('backup-');
});
afterAll(async () => {
  await t?.close();
  const admin = connectDatabase(databaseConfig().url, { max: 1 });
  for (const name of fresh) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

/** A new empty database on the shared server: its URL. */
async function freshDatabase(): Promise<string> {
  const name = `pal_restore_${randomBytes(6).toString('hex')}`;
  const admin = connectDatabase(databaseConfig().url, { max: 1 });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  fresh.push(name);
  const url = new URL(databaseConfig().url);
  url.pathname = `/${name}`;
  return url.toString();
}

const envWith = (url: string, more: Record<string, string> = {}) => ({ ...process.env, DATABASE_URL: url, ...more });
const leadRows = (sql: Sql) => sql`select id, reference_number, intake, assister_id from leads order by id`;
const tableCount = async (sql: Sql) => (await sql<{ n: number }[]>`select count(*)::int as n from pg_tables where schemaname = 'public'`)[0]!.n;

test('a backup restored into a fresh database holds every lead, and each lead there has its workflow', async () => {
  for (const lastName of ['Uno', 'Dos', 'Tres']) if (!(await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, lastName } }))).ok) throw new Error('refused');
  const source = testDatabaseUrl(t.sql);
  const file = join(dir, 'pal.dump');

  // The real command once: its summary, a file for its owner only, and never the database's password.
  const run = await promisify(execFile)(join(projectRoot, 'bin', 'pal.js'), ['backup', '--file', file], { cwd: projectRoot, env: envWith(source) });
  expect(run.stdout).toMatch(/^Wrote .*pal\.dump \(\d+ bytes, readable by its owner only\): \d+ tables, 3 leads, schema version \d{3}\n$/);
  expect(run.stdout + run.stderr).not.toContain(new URL(source).password);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(existsSync(`${file}.partial`)).toBe(false);

  // An existing file is replaced only when asked to.
  await expect(backupDatabase({ file, env: envWith(source) })).rejects.toThrow(/pal\.dump already exists; pal backup replaces a file only with --force/);
  const backup = await backupDatabase({ file, force: true, env: envWith(source) });
  expect(backup).toMatchObject({ leads: 3, tables: await tableCount(t.sql) });

  const target = await freshDatabase();
  const restored = await restoreDatabase({ file, env: envWith(target) });
  expect(restored).toEqual({ ...backup, migrated: [] });
  const sql = connectDatabase(target, { max: 2 });
  try {
    expect(await leadRows(sql)).toEqual(await leadRows(t.sql));
    // pal check against the restored database: every lead's workflow is found, nothing is missing either way.
    const check = await eventually(() => checkLeads({ client: t.env.client, sql, taskQueue: t.taskQueue }), (c) => c.workflows === 3);
    expect(check).toEqual({ leads: 3, workflows: 3, leadsWithoutWorkflow: [], workflowsWithoutLead: [] });
  } finally {
    await sql.end();
  }
});

test('a database that is not empty is refused, and nothing in it changes', async () => {
  const source = testDatabaseUrl(t.sql);
  const file = join(dir, 'refused.dump');
  await backupDatabase({ file, env: envWith(source) });
  const before = await leadRows(t.sql);
  await expect(restoreDatabase({ file, env: envWith(source) })).rejects.toThrow(
    /^The database is not empty \(\d+ tables in schema public\): pal restore restores only into an empty database\. Create a new database, point DATABASE_URL at it and run pal restore again\.$/,
  );
  expect(await leadRows(t.sql)).toEqual(before);
});

test('a file that is not a backup, or is missing, is refused and the database stays empty', async () => {
  const target = await freshDatabase();
  const notADump = join(dir, 'notes.txt');
  writeFileSync(notADump, 'PGDM, almost\n');
  await expect(restoreDatabase({ file: notADump, env: envWith(target) })).rejects.toThrow(`${notADump} is not a backup made by pal backup (a pg_dump custom-format file)`);
  await expect(restoreDatabase({ file: join(dir, 'missing.dump'), env: envWith(target) })).rejects.toThrow(/^Cannot read .*missing\.dump \(ENOENT\)$/);
  // A dump cut short: pg_restore's own words, in one transaction that leaves nothing behind.
  const whole = join(dir, 'whole.dump');
  await backupDatabase({ file: whole, env: envWith(testDatabaseUrl(t.sql)) });
  const cut = join(dir, 'cut.dump');
  writeFileSync(cut, readFileSync(whole).subarray(0, 4000));
  await expect(restoreDatabase({ file: cut, env: envWith(target) })).rejects.toThrow(/^pg_restore failed \(exit 1\): pg_restore: error: /);
  const sql = connectDatabase(target, { max: 1 });
  expect(await tableCount(sql)).toBe(0);
  await sql.end();
});

test('pg_dump missing from PAL_PG_BIN_DIR, or older than the server, is named with what to set', async () => {
  const source = testDatabaseUrl(t.sql);
  const file = join(dir, 'never.dump');
  await expect(backupDatabase({ file, env: envWith(source, { PAL_PG_BIN_DIR: dir }) })).rejects.toThrow(
    `pg_dump is not in PAL_PG_BIN_DIR (${dir}): install PostgreSQL's client programs (pg_dump and pg_restore) and set PAL_PG_BIN_DIR to their folder`,
  );
  // Debian bookworm's client programs are PostgreSQL 15, older than the stack's 17 (where that package is installed).
  const debian = '/usr/lib/postgresql/15/bin';
  if (existsSync(join(debian, 'pg_dump'))) {
    await expect(backupDatabase({ file, env: envWith(source, { PAL_PG_BIN_DIR: debian }) })).rejects.toThrow(
      /^pg_dump 15\.\d+ in PAL_PG_BIN_DIR \(\/usr\/lib\/postgresql\/15\/bin\) is older than the PostgreSQL server \(17\.\d+\): set PAL_PG_BIN_DIR to the folder of pg_dump and pg_restore 17 or newer/,
    );
  }
  expect(existsSync(file)).toBe(false);
});

test('pg_dump and pg_restore get the URL without its password, and PAL\'s TLS rules, through their environment', () => {
  const libpq = (env: Record<string, string>) => {
    const { dbname, env: e } = libpqConnection(env);
    return { dbname, PGPASSWORD: e.PGPASSWORD, PGSSLMODE: e.PGSSLMODE, PGSSLROOTCERT: e.PGSSLROOTCERT };
  };
  expect(libpq({ DATABASE_URL: 'postgres://pal:p%40ss:w@db.example.org:5432/pal?sslmode=require&application_name=pal' })).toEqual({
    dbname: 'postgresql://pal@db.example.org:5432/pal?application_name=pal',
    PGPASSWORD: 'p@ss:w',
    PGSSLMODE: 'verify-full',
    PGSSLROOTCERT: 'system',
  });
  expect(libpq({ DATABASE_URL: 'postgresql://pal@a.example.org,b.example.org/pal', PAL_DATABASE_CA_FILE: '/etc/pal/ca.pem' })).toEqual({
    dbname: 'postgresql://pal@a.example.org,b.example.org/pal',
    PGPASSWORD: undefined,
    PGSSLMODE: 'verify-full',
    PGSSLROOTCERT: '/etc/pal/ca.pem',
  });
  // TLS switched off: the URL's own choice applies, in libpq's words.
  expect(libpq({ DATABASE_URL: 'postgres://pal:secret@10.0.0.5/pal?ssl=true', PAL_DATABASE_TLS: 'false' })).toEqual({ dbname: 'postgresql://pal@10.0.0.5/pal', PGPASSWORD: 'secret', PGSSLMODE: 'require', PGSSLROOTCERT: undefined });
  expect(libpq({ DATABASE_URL: 'postgres://pal:secret@127.0.0.1:5433/pal' })).toEqual({ dbname: 'postgresql://pal@127.0.0.1:5433/pal', PGPASSWORD: 'secret', PGSSLMODE: undefined, PGSSLROOTCERT: undefined });
  expect(libpq({ DATABASE_URL: 'postgres://pal@127.0.0.1:5433/pal?password=s%26cret' })).toEqual({ dbname: 'postgresql://pal@127.0.0.1:5433/pal', PGPASSWORD: 's&cret', PGSSLMODE: undefined, PGSSLROOTCERT: undefined });
});
