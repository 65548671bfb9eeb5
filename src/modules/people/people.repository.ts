import type { Db, PeopleTable } from '../../db/schema.js';
import { parseJson } from '../../db/transaction.js';

export interface Person {
  id: string;
  email: string;
  name: string;
  affiliation: string | null;
  country: string | null;
  region: string | null;
  gender: string | null;
  expertise: string[];
  secretariat: boolean;
  expert: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Emails compare case-insensitively and without surrounding space. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

type PersonRow = Omit<PeopleTable, 'expertise' | 'isSecretariat' |
  'isExpert'> & { expertise: string; isSecretariat: number;
  isExpert: number };

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    affiliation: row.affiliation,
    country: row.country,
    region: row.region,
    gender: row.gender,
    expertise: parseJson<string[]>(row.expertise, []),
    secretariat: row.isSecretariat === 1,
    expert: row.isExpert === 1,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The columns of a person as the audit trail compares them. */
export function personRecord(p: Person): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...rest } = p;
  return rest;
}

export async function findPersonById(
  db: Db,
  id: string,
): Promise<Person | undefined> {
  const row = await db.selectFrom('people').selectAll()
    .where('id', '=', id).executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

export async function findPersonByEmail(
  db: Db,
  email: string,
): Promise<Person | undefined> {
  const row = await db.selectFrom('people').selectAll()
    .where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

export async function findPeopleByIds(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, Person>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('people').selectAll()
    .where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, toPerson(r)]));
}

export async function insertPerson(db: Db, person: Person): Promise<void> {
  await db.insertInto('people').values({
    id: person.id,
    email: normaliseEmail(person.email),
    name: person.name,
    affiliation: person.affiliation,
    country: person.country,
    region: person.region,
    gender: person.gender,
    expertise: JSON.stringify(person.expertise),
    isSecretariat: person.secretariat ? 1 : 0,
    isExpert: person.expert ? 1 : 0,
    createdAt: person.createdAt,
    updatedAt: person.updatedAt,
  }).execute();
}

export async function updatePerson(db: Db, person: Person): Promise<void> {
  await db.updateTable('people').set({
    email: normaliseEmail(person.email),
    name: person.name,
    affiliation: person.affiliation,
    country: person.country,
    region: person.region,
    gender: person.gender,
    expertise: JSON.stringify(person.expertise),
    isSecretariat: person.secretariat ? 1 : 0,
    isExpert: person.expert ? 1 : 0,
    updatedAt: person.updatedAt,
  }).where('id', '=', person.id).execute();
}

export interface Service {
  cycleId: string;
  groupSlug: string;
  role: string;
  termStart: string;
  termEnd: string;
  endedAt: string | null;
}

/** The groups a person has served on, from confirmed rosters. */
export async function findServiceHistory(
  db: Db,
  personId: string,
): Promise<Service[]> {
  return db.selectFrom('memberships')
    .innerJoin('cycles', 'cycles.id', 'memberships.cycleId')
    .select(['memberships.cycleId', 'cycles.groupSlug', 'memberships.role',
      'memberships.termStart', 'memberships.termEnd',
      'memberships.endedAt'])
    .where('memberships.personId', '=', personId)
    .orderBy('memberships.termStart').orderBy('memberships.cycleId')
    .execute();
}
