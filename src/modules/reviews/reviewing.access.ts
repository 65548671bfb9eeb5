/**
 * What every reviewing use case on one nomination starts from: the
 * nomination, its cycle and the caller's roles there, with the
 * nomination's existence hidden from those who may not read it.
 */

import type { Db } from '../../db/schema.js';
import {
  authorizeOrHide,
  type Actor,
  type CycleRole,
} from '../../auth/policy.js';
import { notFound } from '../../errors.js';
import { rolesInCycle, type Cycle } from '../cycles/cycles.repository.js';
import { loadCycle } from '../cycles/cycles.service.js';
import { findGroup } from '../groups/groups.repository.js';
import type { GroupRules } from '../../domain/rules.js';
import {
  findNomination,
  type Nomination,
} from '../nominations/nominations.repository.js';

export interface NominationAccess {
  nomination: Nomination;
  cycle: Cycle;
  roles: CycleRole[];
}

/**
 * Loads a nomination for the caller, answering 404 both when it does not
 * exist and when the caller may not even know of it (a reviewer of
 * another group's cycle, say).
 */
export async function loadNominationFor(
  db: Db,
  nominationId: string,
  actor: Actor | null,
): Promise<NominationAccess> {
  const nomination = await findNomination(db, nominationId);
  if (!nomination) throw notFound('nomination');
  const cycle = await loadCycle(db, nomination.cycleId);
  const roles = await rolesInCycle(db, cycle, actor?.id);
  authorizeOrHide(actor, 'nomination.read', 'nomination', {
    roles,
    isNominator: nomination.nominatorId === actor?.id,
    isCandidate: nomination.candidateId === actor?.id,
  });
  return { nomination, cycle, roles };
}

/** The rules of a cycle's group. */
export async function loadRules(db: Db, cycle: Cycle): Promise<GroupRules> {
  const group = await findGroup(db, cycle.groupSlug);
  if (!group) throw notFound('group');
  return group.rules;
}
