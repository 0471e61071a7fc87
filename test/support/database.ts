// Each suite gets a database of its own in the shared PostgreSQL, so directories and leads never mix.
import { randomBytes } from 'node:crypto';
import { connectDatabase, migrate, type Sql } from '../../store/database';
import { databaseConfig } from '../../platform/config';

export async function createTestDatabase(): Promise<Sql> {
  const base = databaseConfig().url;
  const name = `pal_test_${randomBytes(6).toString('hex')}`;
  const admin = connectDatabase(base, { max: 1 });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const sql = connectDatabase(url.toString());
  await migrate(sql);
  // The suites share one mail catcher and find a lead's emails by its reference: each database numbers its leads
  // from a random start, so two suites' leads do not share references (as they never do in one database).
  await sql.unsafe(`alter table leads alter column reference_number restart with ${1 + randomBytes(4).readUInt32BE() * 4}`);
  return sql;
}

/** The URL of a suite's database, for processes the suite starts (the pal CLI). */
export function testDatabaseUrl(sql: Sql): string {
  const url = new URL(databaseConfig().url);
  url.pathname = `/${sql.options.database}`;
  return url.toString();
}
