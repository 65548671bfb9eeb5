import type { ConflictsTable, Db } from '../../db/schema.js';

export type ConflictKind = ConflictsTable['kind'];

/** A declared conflict, or the lifting of a derived affiliation one. */
export type ConflictRow = ConflictsTable;

/** The conflict rows of the given nominations, oldest first. */
export async function listConflictRows(
  db: Db,
  nominationIds: readonly string[],
): Promise<ConflictRow[]> {
  if (nominationIds.length === 0) return [];
  const rows = await db.selectFrom('conflicts').selectAll()
    .where('nominationId', 'in', [...new Set(nominationIds)])
    .orderBy('createdAt').orderBy('id').execute();
  return rows as ConflictRow[];
}

export async function findConflictRow(
  db: Db,
  nominationId: string,
  personId: string,
  kind: ConflictKind,
): Promise<ConflictRow | undefined> {
  const row = await db.selectFrom('conflicts').selectAll()
    .where('nominationId', '=', nominationId)
    .where('personId', '=', personId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row as ConflictRow | undefined;
}

export async function insertConflictRow(
  db: Db,
  row: ConflictRow,
): Promise<void> {
  await db.insertInto('conflicts').values(row).execute();
}
