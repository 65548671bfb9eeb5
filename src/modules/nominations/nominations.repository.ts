import type { Db, NominationsTable } from '../../db/schema.js';
import { parseJson } from '../../db/transaction.js';
import {
  LIVE_STATUSES,
  type NominationStatus,
} from '../../domain/eligibility.js';

export interface Nomination {
  id: string;
  cycleId: string;
  candidateId: string;
  nominatorId: string;
  statement: string;
  focusAreas: string[];
  status: NominationStatus;
  endorserIds: string[];
  createdAt: string;
  updatedAt: string;
}

type Row = NominationsTable;

async function withEndorsers(db: Db, rows: Row[]): Promise<Nomination[]> {
  if (rows.length === 0) return [];
  const endorsements = await db.selectFrom('endorsements')
    .select(['nominationId', 'endorserId'])
    .where('nominationId', 'in', rows.map((r) => r.id))
    .orderBy('createdAt').orderBy('id')
    .execute();
  const byNomination = new Map<string, string[]>();
  for (const e of endorsements) {
    const list = byNomination.get(e.nominationId) ?? [];
    list.push(e.endorserId);
    byNomination.set(e.nominationId, list);
  }
  return rows.map((row) => ({
    ...row,
    status: row.status as NominationStatus,
    focusAreas: parseJson<string[]>(row.focusAreas, []),
    endorserIds: byNomination.get(row.id) ?? [],
  }));
}

export async function findNomination(
  db: Db,
  id: string,
): Promise<Nomination | undefined> {
  const row = await db.selectFrom('nominations').selectAll()
    .where('id', '=', id).executeTakeFirst();
  return row ? (await withEndorsers(db, [row]))[0] : undefined;
}

/** Every nomination of a cycle, oldest first, with its endorsers. */
export async function listNominationsOfCycle(
  db: Db,
  cycleId: string,
): Promise<Nomination[]> {
  const rows = await db.selectFrom('nominations').selectAll()
    .where('cycleId', '=', cycleId)
    .orderBy('createdAt').orderBy('id')
    .execute();
  return withEndorsers(db, rows);
}

/** The nomination that blocks a second one for the same candidate. */
export async function findBlockingNomination(
  db: Db,
  cycleId: string,
  candidateId: string,
): Promise<Nomination | undefined> {
  const row = await db.selectFrom('nominations').selectAll()
    .where('cycleId', '=', cycleId)
    .where('candidateId', '=', candidateId)
    .where('status', 'not in', ['withdrawn', 'expired'])
    .executeTakeFirst();
  return row ? (await withEndorsers(db, [row]))[0] : undefined;
}

export async function countLiveNominationsBy(
  db: Db,
  cycleId: string,
  nominatorId: string,
): Promise<number> {
  // A count is a bigint in PostgreSQL, which pg returns as a string.
  const row = await db.selectFrom('nominations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('cycleId', '=', cycleId)
    .where('nominatorId', '=', nominatorId)
    .where('status', 'in', [...LIVE_STATUSES])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertNomination(
  db: Db,
  nomination: Omit<Nomination, 'endorserIds'>,
): Promise<void> {
  await db.insertInto('nominations').values({
    ...nomination,
    focusAreas: JSON.stringify(nomination.focusAreas),
  }).execute();
}

export async function setNominationStatus(
  db: Db,
  id: string,
  status: NominationStatus,
  now: string,
): Promise<void> {
  await db.updateTable('nominations')
    .set({ status, updatedAt: now })
    .where('id', '=', id).execute();
}

export async function insertEndorsement(
  db: Db,
  row: { id: string; nominationId: string; endorserId: string;
    statement: string; createdAt: string },
): Promise<void> {
  await db.insertInto('endorsements').values(row).execute();
}

export async function hasEndorsed(
  db: Db,
  nominationId: string,
  endorserId: string,
): Promise<boolean> {
  const row = await db.selectFrom('endorsements').select('id')
    .where('nominationId', '=', nominationId)
    .where('endorserId', '=', endorserId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Moves a nomination from one status to another, only if it is still in
 * the first: of two changes racing on one nomination, one wins. Returns
 * whether this one did.
 */
export async function moveNominationStatus(
  db: Db,
  id: string,
  from: NominationStatus,
  to: NominationStatus,
  now: string,
): Promise<boolean> {
  const result = await db.updateTable('nominations')
    .set({ status: to, updatedAt: now })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
