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
  return sql;
}

/** The URL of a suite's database, for processes the suite starts (the pal CLI). */
export function testDatabaseUrl(sql: Sql): string {
  const url = new URL(databaseConfig().url);
  url.pathname = `/${sql.options.database}`;
  return url.toString();
}
