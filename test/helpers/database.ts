/**
 * Where a test's database lives. By default each test app has a SQLite
 * file in its data folder; with TEST_DATABASE_URL set to a PostgreSQL
 * server's admin URL, each gets a database of its own there instead,
 * created for it and dropped after it.
 */

import { randomBytes } from 'node:crypto';
import type { Tap } from './app.js';

/** The admin URL of the PostgreSQL server the tests use, if any. */
export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL || undefined;

/** Runs `work` on a connection to the admin database. */
export async function withAdmin<T>(
  work: (client: import('pg').Client) => Promise<T>,
): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Drops a test's database. A closed pool has asked its connections to
 * end but not waited for the server to see them go, so give them a
 * moment first; FORCE then ends any a failed test left open.
 */
async function dropDatabase(name: string): Promise<void> {
  await withAdmin(async (client) => {
    for (let i = 0; i < 50; i += 1) {
      const { rows } = await client.query(
        'select count(*)::int as n from pg_stat_activity where datname = $1',
        [name]);
      if (rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.query(`drop database if exists ${name} with (force)`);
  });
}

/**
 * A fresh PostgreSQL database for one test, as the URL to pass in
 * DATABASE_URL; or undefined when the tests run on SQLite. The test's
 * teardown drops it; tap runs teardowns last-registered first, so an app
 * built on it afterwards is closed before the drop.
 */
export async function freshDatabaseUrl(t: Tap)
  : Promise<string | undefined> {
  if (POSTGRES_ADMIN_URL === undefined) return undefined;

  const name = `peerpanel_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`create database ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  t.teardown(() => dropDatabase(name));
  return url.href;
}

/** The env that points an app at a fresh database (empty on SQLite). */
export async function databaseEnv(t: Tap): Promise<Record<string, string>> {
  const url = await freshDatabaseUrl(t);
  return url === undefined ? {} : { DATABASE_URL: url };
}
