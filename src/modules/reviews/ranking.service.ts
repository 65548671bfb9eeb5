/**
 * The ranking of a cycle's eligible nominations: raw figures, the
 * calibrated score, flags and conflicts. `loadRanking` is the figures
 * alone, for other features (the roster) to build on; `getRanking` is
 * what a caller of the API may see of them.
 */

import type { AppContext, Caller } from '../../context.js';
import type { Db } from '../../db/schema.js';
import type { ConflictReason } from '../../domain/conflicts.js';
import type { FlagCode } from '../../domain/flags.js';
import type { GroupRules } from '../../domain/rules.js';
import {
  rankNominations,
  sortRanking,
  type CalibrationExclusion,
} from '../../domain/scoring.js';
import { authorize, type Actor } from '../../auth/policy.js';
import { reviewerExcluded } from '../../errors.js';
import { rolesInCycle, type Cycle } from '../cycles/cycles.repository.js';
import { loadCycle } from '../cycles/cycles.service.js';
import { loadNominationViews } from '../nominations/nominations.view.js';
import { findPeopleByIds } from '../people/people.repository.js';
import { findDeclaration } from './declarations.repository.js';
import { loadRules } from './reviewing.access.js';
import { listReviewsOf } from './reviews.repository.js';
import { loadReviewStanding, reviewCounts } from './reviews.service.js';

export type RankingSort = 'raw' | 'calibrated';

/** A reviewer kept from a nomination, and why. */
export interface RankingConflict {
  reviewerId: string;
  reasons: ConflictReason[];
}

/** One eligible nomination's line in the ranking. */
export interface RankingEntry {
  nominationId: string;
  candidateId: string;
  candidateName: string;
  /** Mean of the weighted scores of the reviews that count. */
  mean: number | null;
  count: number;
  /** Population standard deviation of those weighted scores. */
  stdDev: number | null;
  /** Mean of the reviewers' z-scores; null when no reviewer calibrates. */
  calibrated: number | null;
  flags: FlagCode[];
  /** Only the reviewers who have a conflict with this nomination. */
  conflicts: RankingConflict[];
}

export interface Ranking {
  /** Best first, in the order asked for. */
  entries: RankingEntry[];
  excludedFromCalibration: CalibrationExclusion[];
}

/**
 * Ranks the eligible nominations of a cycle, best first by `sort`.
 * Only reviews that count enter the figures (see `reviewCounts`). No
 * access check: callers check first.
 */
export async function computeRanking(
  db: Db,
  cycleId: string,
  rules: GroupRules,
  sort: RankingSort = 'calibrated',
): Promise<Ranking> {
  const cycle = await loadCycle(db, cycleId);
  const eligible = (await loadNominationViews(db, cycleId, rules))
    .filter((n) => n.eligible);
  const standing = await loadReviewStanding(db, cycle, eligible);
  const reviews = (await listReviewsOf(db, eligible.map((n) => n.id)))
    .filter((r) => reviewCounts(r, standing));
  const names = await findPeopleByIds(db, eligible.map((n) => n.candidateId));

  const result = rankNominations({
    nominationIds: eligible.map((n) => n.id),
    reviews: reviews.map((r) => ({
      reviewerId: r.reviewerId,
      nominationId: r.nominationId,
      score: r.weightedScore,
    })),
  });
  const byId = new Map(eligible.map((n) => [n.id, n]));
  const entries = sortRanking(result.rows, sort).map((row) => {
    const nomination = byId.get(row.nominationId)!;
    return {
      ...row,
      candidateId: nomination.candidateId,
      candidateName: names.get(nomination.candidateId)?.name ?? '',
      flags: nomination.flags,
      conflicts: (standing.conflicts.get(row.nominationId) ?? [])
        .filter((c) => c.reasons.length > 0)
        .map((c) => ({ reviewerId: c.reviewerId, reasons: c.reasons })),
    };
  });
  return {
    entries,
    excludedFromCalibration: result.excludedFromCalibration,
  };
}

/**
 * The ranking of a cycle's eligible nominations, best calibrated score
 * first; those without one come last, and ties go to the lower
 * nomination id. No access check: callers check first.
 */
export async function loadRanking(
  db: Db,
  cycleId: string,
  rules: GroupRules,
): Promise<RankingEntry[]> {
  return (await computeRanking(db, cycleId, rules, 'calibrated')).entries;
}

export type Withheld = 'review_first' | 'conflict_of_interest';

export interface RankingItem extends RankingEntry {
  /** Position among the lines shown with figures; null when withheld. */
  rank: number | null;
  /** Why the figures are left out for this caller, if they are. */
  withheld: Withheld | null;
}

export interface RankingView {
  cycleId: string;
  sort: RankingSort;
  items: RankingItem[];
  excludedFromCalibration: CalibrationExclusion[];
}

function withhold(entry: RankingEntry, why: Withheld): RankingItem {
  return { ...entry, mean: null, stdDev: null, calibrated: null,
    rank: null, withheld: why };
}

/**
 * Tells, for each line of a cycle's ranking, why the actor may not see
 * its figures, if they may not: the rule the ranking, the report and
 * anything else showing figures to a reviewer follow. The secretariat
 * sees every figure. A reviewer (officers included) sees a nomination's
 * figures as they would its reviews: never when they have a conflict
 * with it, and, while reviews are open, only once they have reviewed it;
 * once reviews close, the figures no longer sway a review. Nobody sees
 * the figures of their own nomination.
 */
export async function figuresWithheld(
  db: Db,
  cycle: Cycle,
  actor: Actor,
  entries: readonly RankingEntry[],
): Promise<(entry: RankingEntry) => Withheld | null> {
  const open = cycle.state === 'reviewing' || cycle.state === 'composing';
  const reviewed = actor.secretariat || !open ? new Set<string>() : new Set(
    (await listReviewsOf(db, entries.map((e) => e.nominationId)))
      .filter((r) => r.reviewerId === actor.id)
      .map((r) => r.nominationId));
  return (entry) => {
    if (entry.candidateId === actor.id) return 'conflict_of_interest';
    if (actor.secretariat) return null;
    if (entry.conflicts.some((c) => c.reviewerId === actor.id)) {
      return 'conflict_of_interest';
    }
    return !open || reviewed.has(entry.nominationId) ? null
      : 'review_first';
  };
}

/**
 * The ranking as the caller may see it (see `figuresWithheld`). Withheld
 * lines come last, by nomination id, so that their place in the order
 * gives nothing away either.
 */
export async function getRanking(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
  sort: RankingSort,
): Promise<RankingView> {
  const cycle = await loadCycle(ctx.db, cycleId);
  const roles = await rolesInCycle(ctx.db, cycle, caller.actor?.id);
  const actor = authorize(caller.actor, 'ranking.read', { roles });
  if (!actor.secretariat) {
    const declaration = await findDeclaration(ctx.db, cycleId, actor.id);
    if (declaration?.ruling === 'excluded') throw reviewerExcluded();
  }

  const rules = await loadRules(ctx.db, cycle);
  const ranking = await computeRanking(ctx.db, cycleId, rules, sort);
  const why = await figuresWithheld(ctx.db, cycle, actor, ranking.entries);

  const shown: RankingItem[] = [];
  const withheld: RankingItem[] = [];
  for (const entry of ranking.entries) {
    const reason = why(entry);
    if (reason === null) {
      shown.push({ ...entry, rank: shown.length + 1, withheld: null });
    } else {
      withheld.push(withhold(entry, reason));
    }
  }
  withheld.sort((a, b) => (a.nominationId < b.nominationId ? -1 : 1));
  return {
    cycleId,
    sort,
    items: [...shown, ...withheld],
    excludedFromCalibration: ranking.excludedFromCalibration,
  };
}
