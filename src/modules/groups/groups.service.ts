import { audit, type AppContext, type Caller } from '../../context.js';
import { inTransaction } from '../../db/transaction.js';
import type { GroupDefinition } from '../../config/catalogue.js';
import { notFound } from '../../errors.js';
import {
  findGroup,
  listGroups,
  upsertGroup,
  type Group,
} from './groups.repository.js';

function comparable(g: GroupDefinition & { position: number }) {
  return {
    position: g.position,
    name: g.name,
    description: g.description,
    focusAreas: g.focusAreas,
    rules: g.rules,
  };
}

/**
 * Brings the groups table in line with the catalogue. Unchanged groups
 * are left alone, so running it on every start writes nothing; a changed
 * or new group is written with its audit event. Groups that left the
 * catalogue are kept, since cycles may point at them.
 */
export async function syncCatalogue(
  ctx: AppContext,
  caller: Caller,
  catalogue: GroupDefinition[],
): Promise<{ created: string[]; updated: string[] }> {
  return inTransaction(ctx.db, async (trx) => {
    const created: string[] = [];
    const updated: string[] = [];
    const now = ctx.clock().toISOString();

    for (const [position, definition] of catalogue.entries()) {
      const current = await findGroup(trx, definition.slug);
      const next = { ...definition, position };
      const before = current ? comparable(current) : null;
      const after = comparable(next);
      if (JSON.stringify(before) === JSON.stringify(after)) continue;

      await upsertGroup(trx, { ...next, updatedAt: now });
      await audit(trx, ctx, caller, {
        action: current ? 'group.updated' : 'group.created',
        entity: 'group',
        entityId: definition.slug,
        before,
        after,
        impersonal: true,
      });
      (current ? updated : created).push(definition.slug);
    }
    return { created, updated };
  });
}

export function getGroups(ctx: AppContext): Promise<Group[]> {
  return listGroups(ctx.db);
}

export async function getGroup(ctx: AppContext, slug: string)
  : Promise<Group> {
  const group = await findGroup(ctx.db, slug);
  if (!group) throw notFound('group');
  return group;
}
