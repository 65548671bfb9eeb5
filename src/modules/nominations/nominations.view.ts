/**
 * How a nomination is shown: its stored state plus what follows from the
 * rules — referrals, eligibility and referral-integrity flags. Flags look
 * at the whole cycle, so views are built a cycle at a time.
 */

import type { Db } from '../../db/schema.js';
import { countReferrals, isEligible } from '../../domain/eligibility.js';
import { flagNominations, type FlagCode } from '../../domain/flags.js';
import type { GroupRules } from '../../domain/rules.js';
import { findPeopleByIds } from '../people/people.repository.js';
import {
  listNominationsOfCycle,
  type Nomination,
} from './nominations.repository.js';

export interface NominationView extends Nomination {
  referrals: number;
  eligible: boolean;
  flags: FlagCode[];
}

const GONE = new Set(['withdrawn', 'declined', 'expired']);

/** Every nomination of a cycle as shown, in creation order. */
export async function loadNominationViews(
  db: Db,
  cycleId: string,
  rules: GroupRules,
): Promise<NominationView[]> {
  const nominations = await listNominationsOfCycle(db, cycleId);
  const people = await findPeopleByIds(db, nominations.flatMap(
    (n) => [n.candidateId, n.nominatorId, ...n.endorserIds]));
  const flags = flagNominations(
    nominations.map((n) => ({ ...n, withdrawn: GONE.has(n.status) })),
    (id) => people.get(id)?.affiliation ?? null,
  );
  return nominations.map((n) => describe(n, rules, flags.get(n.id) ?? []));
}

export function describe(
  nomination: Nomination,
  rules: GroupRules,
  flags: FlagCode[],
): NominationView {
  const referrals = countReferrals(
    nomination.nominatorId, nomination.endorserIds);
  return {
    ...nomination,
    referrals,
    eligible: isEligible({
      status: nomination.status,
      referrals,
      minReferrals: rules.minReferrals,
    }),
    flags,
  };
}

/** One nomination as shown, flags computed against its whole cycle. */
export async function loadNominationView(
  db: Db,
  nomination: Nomination,
  rules: GroupRules,
): Promise<NominationView> {
  const views = await loadNominationViews(db, nomination.cycleId, rules);
  return views.find((v) => v.id === nomination.id)
    ?? describe(nomination, rules, []);
}
