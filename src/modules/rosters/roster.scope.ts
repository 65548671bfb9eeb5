/**
 * What every roster use case starts from: the cycle, its group and the
 * caller's right to act, checked before anything else is read.
 */

import type { Db } from '../../db/schema.js';
import {
  authorize,
  requireActor,
  type Action,
  type Actor,
  type CycleRole,
} from '../../auth/policy.js';
import type { Caller } from '../../context.js';
import { notFound } from '../../errors.js';
import { rolesInCycle, type Cycle } from '../cycles/cycles.repository.js';
import { loadCycle } from '../cycles/cycles.service.js';
import { findGroup, type Group } from '../groups/groups.repository.js';

export interface RosterScope {
  actor: Actor;
  roles: CycleRole[];
  cycle: Cycle;
  group: Group;
}

/**
 * Loads a cycle and its group for a caller allowed to `action` there:
 * 401 when signed out, 404 for an unknown cycle, 403 when not allowed.
 */
export async function loadRosterScope(
  db: Db,
  caller: Caller,
  cycleId: string,
  action: Action,
): Promise<RosterScope> {
  const signedIn = requireActor(caller.actor);
  const cycle = await loadCycle(db, cycleId);
  const roles = await rolesInCycle(db, cycle, signedIn.id);
  const actor = authorize(signedIn, action, { roles });
  const group = await findGroup(db, cycle.groupSlug);
  if (!group) throw notFound('group');
  return { actor, roles, cycle, group };
}
