import {
  PostgresAdapter,
  sql,
  type Kysely,
  type Transaction,
} from 'kysely';
import type { Database, Db } from './schema.js';

/** Whether the database, or the transaction, is on PostgreSQL. */
export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

// The key of peerpanel's one advisory lock; nothing else in the database
// uses it (Kysely's migration lock has a key of its own).
const WRITE_LOCK_KEY = 730_144_401;

/**
 * Makes this transaction wait for any other writer of the database, and
 * keep the others waiting until it commits or rolls back. Idempotent.
 *
 * Use cases read, check a rule, then write: the next audit sequence
 * number, one open cycle per group, a nominator's limit, one nomination
 * per candidate. SQLite runs one writer at a time (BEGIN IMMEDIATE), so
 * the check still holds at the write. PostgreSQL, at READ COMMITTED,
 * would let two transactions pass the same check and both write; this
 * lock makes its writers take turns too. Serial writes are ample at
 * this service's scale (a few writes a second), and reads never wait.
 */
export async function lockForWriting(db: Db): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`select pg_advisory_xact_lock(${sql.lit(WRITE_LOCK_KEY)})`
    .execute(db);
}

/**
 * Runs one use case in one transaction: its rows, its audit events and
 * its outbox mail commit together or not at all, and no other writer
 * runs in between (see `lockForWriting`).
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await lockForWriting(trx);
    return work(trx);
  });
}

/** The current instant as stored: an ISO-8601 string in UTC. */
export function isoNow(clock: () => Date): string {
  return clock().toISOString();
}

/** Parses a JSON column, never throwing on a damaged value. */
export function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
