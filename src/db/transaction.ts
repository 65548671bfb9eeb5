import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs one use case in one transaction: its rows, its audit events and
 * its outbox mail commit together or not at all.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(work);
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
