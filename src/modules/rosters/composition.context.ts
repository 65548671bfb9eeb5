/**
 * What a cycle's roster is checked against, built in one place for every
 * roster use case (drafts, suggestions, confirmation, replacements and
 * the report), so that they can never disagree about who may sit.
 */

import type { Db } from '../../db/schema.js';
import {
  compareIds,
  validateRoster,
  type CompositionContext,
  type Roster,
  type Violation,
} from '../../domain/composition.js';
import type { GroupRules, PersonAttributes } from '../../domain/rules.js';
import type { Cycle } from '../cycles/cycles.repository.js';
import {
  loadNominationViews,
  type NominationView,
} from '../nominations/nominations.view.js';
import { findPeopleByIds } from '../people/people.repository.js';
import { countOverlappingMemberships } from './roster.repository.js';

export interface Composition {
  context: CompositionContext;
  /** Every nomination of the cycle as shown, eligibility included. */
  nominations: NominationView[];
}

/**
 * Builds the composition context of a cycle: the attributes of its
 * candidates, its officers and anyone in `alsoIds` (the ids of a roster
 * being checked); the candidates of its eligible nominations; and each
 * person's current memberships of other cycles whose terms overlap.
 *
 * Eligibility is the nominations view's: a consented nomination with
 * enough referrals, and, once a roster is confirmed, the selected,
 * reserve and not-selected ones that came from such a nomination.
 */
export async function loadComposition(
  db: Db,
  cycle: Cycle,
  rules: GroupRules,
  alsoIds: readonly (string | null)[] = [],
): Promise<Composition> {
  const nominations = await loadNominationViews(db, cycle.id, rules);
  const eligibleIds = new Set(nominations
    .filter((n) => n.eligible).map((n) => n.candidateId));
  const ids = [
    ...nominations.map((n) => n.candidateId),
    cycle.chairId,
    cycle.coChairId,
    ...alsoIds,
  ].filter((id): id is string => id !== null);
  const found = await findPeopleByIds(db, ids);
  const people = new Map<string, PersonAttributes>();
  for (const person of found.values()) {
    const { id, gender, region, affiliation, country } = person;
    people.set(id, { id, gender, region, affiliation, country });
  }

  return {
    nominations,
    context: {
      rules,
      people,
      eligibleIds,
      otherConfirmedGroups: await countOverlappingMemberships(db, cycle),
    },
  };
}

/** A broken rule of a roster: a composition rule or an appointment. */
export type RosterViolation = Omit<Violation, 'rule'> & { rule: string };

/**
 * Every violation of a roster: the composition rules, plus the
 * appointment rule that its chair and co-chair are the officers the
 * secretariat appointed (the roster proposes experts; officers are
 * appointed, and confirmation publishes them as they are).
 *
 * A person named both chair and co-chair is one mistake, which
 * officers_distinct reports; the co-chair seat is then not checked
 * against the appointment as well.
 */
export function rosterViolations(
  roster: Roster,
  cycle: Cycle,
  context: CompositionContext,
): RosterViolation[] {
  const found: RosterViolation[] = validateRoster(roster, context);
  const repeated = roster.chairId === roster.coChairId;
  const strangers = [
    ['chair', roster.chairId, cycle.chairId],
    ['co-chair', repeated ? null : roster.coChairId, cycle.coChairId],
  ].filter(([, proposed, appointed]) => proposed && appointed
    && proposed !== appointed);
  if (strangers.length > 0) {
    found.push({
      rule: 'officers_not_appointed',
      message: `the roster's ${strangers.map(([seat]) => seat).join(' and ')}`
        + ` ${strangers.length === 1 ? 'is' : 'are'} not the cycle's`
        + ' appointed officer; the secretariat appoints officers',
      personIds: strangers.map(([, proposed]) => proposed as string)
        .sort(compareIds),
    });
  }
  return found.sort((a, b) => compareIds(a.rule, b.rule)
    || compareIds(a.message, b.message));
}
