import type { Db } from '../../db/schema.js';
import { parseJson } from '../../db/transaction.js';
import type { GroupDefinition } from '../../config/catalogue.js';

export interface Group extends GroupDefinition {
  position: number;
  updatedAt: string;
}

type GroupRow = {
  slug: string; position: number; name: string; description: string;
  focusAreas: string; rules: string; updatedAt: string;
};

function toGroup(row: GroupRow): Group {
  return {
    ...row,
    focusAreas: parseJson(row.focusAreas, []),
    rules: parseJson(row.rules, {} as Group['rules']),
  };
}

export async function listGroups(db: Db): Promise<Group[]> {
  const rows = await db.selectFrom('groups').selectAll()
    .orderBy('position').execute();
  return rows.map(toGroup);
}

export async function findGroup(
  db: Db,
  slug: string,
): Promise<Group | undefined> {
  const row = await db.selectFrom('groups').selectAll()
    .where('slug', '=', slug).executeTakeFirst();
  return row ? toGroup(row) : undefined;
}

export async function upsertGroup(db: Db, group: Group): Promise<void> {
  const values = {
    slug: group.slug,
    position: group.position,
    name: group.name,
    description: group.description,
    focusAreas: JSON.stringify(group.focusAreas),
    rules: JSON.stringify(group.rules),
    updatedAt: group.updatedAt,
  };
  await db.insertInto('groups').values(values)
    .onConflict((oc) => oc.column('slug').doUpdateSet(values))
    .execute();
}
