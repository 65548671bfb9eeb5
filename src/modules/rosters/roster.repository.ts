import type {
  Db,
  MembershipsTable,
  RostersTable,
} from '../../db/schema.js';
import { parseJson } from '../../db/transaction.js';

export type RosterStatus = RostersTable['status'];
export type MemberRole = MembershipsTable['role'];

/** A cycle's working roster as stored, expert ids in the chair's order. */
export interface RosterRecord {
  cycleId: string;
  chairId: string | null;
  coChairId: string | null;
  expertIds: string[];
  status: RosterStatus;
  returnReason: string | null;
  submittedAt: string | null;
  confirmedAt: string | null;
  confirmedBy: string | null;
  updatedAt: string;
}

export type Membership = MembershipsTable;

export async function findRoster(
  db: Db,
  cycleId: string,
): Promise<RosterRecord | undefined> {
  const row = await db.selectFrom('rosters').selectAll()
    .where('cycleId', '=', cycleId).executeTakeFirst();
  if (!row) return undefined;
  return { ...row, expertIds: parseJson<string[]>(row.expertIds, []) };
}

/** Writes the whole roster row, creating it on the first save. */
export async function saveRoster(db: Db, roster: RosterRecord)
  : Promise<void> {
  const values = { ...roster, expertIds: JSON.stringify(roster.expertIds) };
  const { cycleId: _key, ...change } = values;
  await db.insertInto('rosters').values(values)
    .onConflict((oc) => oc.column('cycleId').doUpdateSet(change))
    .execute();
}

export async function insertMembership(db: Db, row: Membership)
  : Promise<void> {
  await db.insertInto('memberships').values(row).execute();
}

/** Every membership of a cycle, ended ones included. */
export async function listMemberships(
  db: Db,
  cycleId: string,
): Promise<Membership[]> {
  return db.selectFrom('memberships').selectAll()
    .where('cycleId', '=', cycleId)
    .orderBy('createdAt').orderBy('personId')
    .execute();
}

export async function endMembership(
  db: Db,
  cycleId: string,
  personId: string,
  at: string,
): Promise<void> {
  await db.updateTable('memberships').set({ endedAt: at })
    .where('cycleId', '=', cycleId).where('personId', '=', personId)
    .execute();
}

/**
 * For each person, the number of current memberships in cycles other
 * than `cycle` whose terms overlap its term. Terms are half-open
 * [start, end), so a term that ends as another begins does not overlap.
 */
export async function countOverlappingMemberships(
  db: Db,
  cycle: { id: string; termStart: string; termEnd: string },
): Promise<Map<string, number>> {
  const rows = await db.selectFrom('memberships')
    .select(['personId', (eb) => eb.fn.count('cycleId')
      .distinct().as('groups')])
    .where('cycleId', '<>', cycle.id)
    .where('endedAt', 'is', null)
    .where('termStart', '<', cycle.termEnd)
    .where('termEnd', '>', cycle.termStart)
    .groupBy('personId')
    .execute();
  return new Map(rows.map((r) => [r.personId, Number(r.groups)]));
}

/** The latest confirmed cycle of a group: the one whose term began last. */
export async function findLatestConfirmedCycle(
  db: Db,
  groupSlug: string,
): Promise<{ id: string; termStart: string; termEnd: string } | undefined> {
  return db.selectFrom('cycles')
    .select(['id', 'termStart', 'termEnd'])
    .where('groupSlug', '=', groupSlug)
    .where('state', '=', 'confirmed')
    .orderBy('termStart', 'desc').orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A member as the public may see them: no contact data. */
export interface PublicMember {
  personId: string;
  name: string;
  affiliation: string | null;
  country: string | null;
  region: string | null;
  role: MemberRole;
}

/** The current members of a cycle (memberships not ended), by id. */
export async function listCurrentMembers(
  db: Db,
  cycleId: string,
): Promise<PublicMember[]> {
  return db.selectFrom('memberships')
    .innerJoin('people', 'people.id', 'memberships.personId')
    .select(['memberships.personId', 'people.name', 'people.affiliation',
      'people.country', 'people.region', 'memberships.role'])
    .where('memberships.cycleId', '=', cycleId)
    .where('memberships.endedAt', 'is', null)
    .orderBy('memberships.personId')
    .execute();
}

/** The secretariat's accounts, who are told of each submitted roster. */
export async function listSecretariatAccounts(
  db: Db,
): Promise<{ id: string; name: string; email: string }[]> {
  return db.selectFrom('people').select(['id', 'name', 'email'])
    .where('isSecretariat', '=', 1)
    .orderBy('createdAt').orderBy('id')
    .execute();
}
