import type { CyclesTable, Db } from '../../db/schema.js';
import type { CycleState } from '../../domain/cycle-states.js';
import type { CycleRole } from '../../auth/policy.js';

export interface Cycle extends Omit<CyclesTable, 'state'> {
  state: CycleState;
}

export async function findCycle(
  db: Db,
  id: string,
): Promise<Cycle | undefined> {
  const row = await db.selectFrom('cycles').selectAll()
    .where('id', '=', id).executeTakeFirst();
  return row as Cycle | undefined;
}

export async function findOpenCycle(
  db: Db,
  groupSlug: string,
): Promise<Cycle | undefined> {
  const row = await db.selectFrom('cycles').selectAll()
    .where('groupSlug', '=', groupSlug)
    .where('state', 'not in', ['confirmed', 'cancelled'])
    .executeTakeFirst();
  return row as Cycle | undefined;
}

export async function listCyclesOfGroup(
  db: Db,
  groupSlug: string,
): Promise<Cycle[]> {
  const rows = await db.selectFrom('cycles').selectAll()
    .where('groupSlug', '=', groupSlug)
    .orderBy('createdAt', 'desc').orderBy('id', 'desc').execute();
  return rows as Cycle[];
}

export async function insertCycle(db: Db, cycle: Cycle): Promise<void> {
  await db.insertInto('cycles').values(cycle).execute();
}

export async function updateCycle(
  db: Db,
  id: string,
  change: Partial<Omit<Cycle, 'id'>>,
): Promise<void> {
  await db.updateTable('cycles').set(change).where('id', '=', id).execute();
}

/** People added as reviewers (officers review too, without a row). */
export async function listAddedReviewers(
  db: Db,
  cycleId: string,
): Promise<string[]> {
  const rows = await db.selectFrom('cycleReviewers').select('personId')
    .where('cycleId', '=', cycleId)
    .orderBy('createdAt').orderBy('personId').execute();
  return rows.map((r) => r.personId);
}

export async function insertReviewer(
  db: Db,
  row: { cycleId: string; personId: string; addedBy: string | null;
    createdAt: string },
): Promise<void> {
  await db.insertInto('cycleReviewers').values(row).execute();
}

/** Everyone who reviews in a cycle: chair, co-chair, then those added. */
export async function listReviewerIds(db: Db, cycle: Cycle)
  : Promise<string[]> {
  const ids = [cycle.chairId, cycle.coChairId,
    ...await listAddedReviewers(db, cycle.id)];
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** A person's roles in a cycle, for the authorization policy. */
export async function rolesInCycle(
  db: Db,
  cycle: Cycle,
  personId: string | undefined,
): Promise<CycleRole[]> {
  if (personId === undefined) return [];
  const roles: CycleRole[] = [];
  if (cycle.chairId === personId) roles.push('chair', 'reviewer');
  if (cycle.coChairId === personId) roles.push('co_chair', 'reviewer');
  if (roles.length === 0) {
    const added = await db.selectFrom('cycleReviewers').select('personId')
      .where('cycleId', '=', cycle.id).where('personId', '=', personId)
      .executeTakeFirst();
    if (added) roles.push('reviewer');
  }
  return roles;
}

/** A person's roles in every open cycle (neither confirmed nor cancelled). */
export async function listOpenCycleRoles(
  db: Db,
  personId: string,
): Promise<{ cycleId: string; groupSlug: string; role: CycleRole }[]> {
  const cycles = await db.selectFrom('cycles').selectAll()
    .where('state', 'not in', ['confirmed', 'cancelled'])
    .orderBy('createdAt').orderBy('id').execute() as Cycle[];
  const roles = [];
  for (const cycle of cycles) {
    for (const role of await rolesInCycle(db, cycle, personId)) {
      roles.push({ cycleId: cycle.id, groupSlug: cycle.groupSlug, role });
    }
  }
  return roles;
}
