/**
 * A group's published membership, for anyone: the current members of
 * its latest confirmed roster, with nothing that would let a stranger
 * contact them.
 */

import type { AppContext } from '../../context.js';
import { compareIds } from '../../domain/composition.js';
import { notFound } from '../../errors.js';
import { findGroup } from '../groups/groups.repository.js';
import {
  findLatestConfirmedCycle,
  listCurrentMembers,
  type MemberRole,
} from './roster.repository.js';
import type { PublicMembers } from './roster.schemas.js';

const ROLE_ORDER: Record<MemberRole, number> = {
  chair: 0,
  co_chair: 1,
  expert: 2,
};

// Names sort as a reader expects, case and accents aside, and alike on
// SQLite and PostgreSQL whatever the database's collation.
const byName = new Intl.Collator('en', { sensitivity: 'base' });

/** The chair, the co-chair, then the experts by name. */
export async function getGroupMembers(
  ctx: AppContext,
  slug: string,
): Promise<PublicMembers> {
  const group = await findGroup(ctx.db, slug);
  if (!group) throw notFound('group');
  const cycle = await findLatestConfirmedCycle(ctx.db, slug);
  if (!cycle) {
    return { groupSlug: slug, cycleId: null, term: null, members: [] };
  }

  const members = (await listCurrentMembers(ctx.db, cycle.id))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]
      || byName.compare(a.name, b.name)
      || compareIds(a.personId, b.personId));
  return {
    groupSlug: slug,
    cycleId: cycle.id,
    term: { start: cycle.termStart, end: cycle.termEnd },
    members,
  };
}
