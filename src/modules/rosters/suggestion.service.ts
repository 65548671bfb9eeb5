/**
 * Suggestions: the best roster the rules allow for a cycle being
 * composed, or, once it is confirmed, the best reserve candidate for a
 * vacated seat. Nothing is saved; the same data gives the same answer.
 */

import type { AppContext, Caller } from '../../context.js';
import {
  suggestReplacement,
  suggestRoster,
  type ScoredCandidate,
} from '../../domain/roster-solver.js';
import { domainRule } from '../../errors.js';
import { requireState } from '../cycles/cycles.service.js';
import {
  loadRanking,
  type RankingEntry,
  type RankingSort,
} from '../reviews/ranking.service.js';
import { loadComposition } from './composition.context.js';
import { planRefill } from './membership.service.js';
import { loadRosterScope, type RosterScope } from './roster.scope.js';
import type { SuggestionAnswer } from './roster.schemas.js';

/**
 * The score a candidate is ranked by. A candidate without one (no review
 * that counts, or, for the calibrated score, no reviewer who calibrates)
 * scores 0. On the calibrated scale 0 is the average reviewer's view, a
 * neutral place; on the raw scale it ranks them below every reviewed
 * candidate. A raw mean is never put in for a missing calibrated score:
 * the two scales cannot be compared.
 */
export function scoreOf(
  entry: RankingEntry | undefined,
  basis: RankingSort,
): number {
  const score = basis === 'calibrated' ? entry?.calibrated : entry?.mean;
  return score ?? 0;
}

/**
 * Ranks candidates once each: a person with two eligible nominations in
 * one cycle (possible only through a data repair) keeps the better one.
 */
function scored(
  entries: { personId: string; score: number }[],
): ScoredCandidate[] {
  const best = new Map<string, number>();
  for (const { personId, score } of entries) {
    best.set(personId, Math.max(score, best.get(personId) ?? -Infinity));
  }
  return [...best].map(([personId, score]) => ({ personId, score }));
}

export async function suggest(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
  basis: RankingSort,
): Promise<SuggestionAnswer> {
  const scope = await loadRosterScope(ctx.db, caller, cycleId,
    'roster.suggest');
  if (scope.cycle.state === 'confirmed') {
    return suggestRefill(ctx, scope, basis);
  }
  requireState(scope.cycle, 'reviewing', 'composing');
  return suggestComposition(ctx, scope, basis);
}

async function suggestComposition(
  ctx: AppContext,
  { cycle, group }: RosterScope,
  basis: RankingSort,
): Promise<SuggestionAnswer> {
  const { chairId, coChairId } = cycle;
  if (chairId === null || coChairId === null) {
    throw domainRule('officers_required',
      'a suggestion needs a chair and a co-chair appointed');
  }
  const { rules } = group;
  const { context } = await loadComposition(ctx.db, cycle, rules);
  const ranking = await loadRanking(ctx.db, cycle.id, rules);

  const result = suggestRoster({
    rules,
    chairId,
    coChairId,
    candidates: scored(ranking.map((e) =>
      ({ personId: e.candidateId, score: scoreOf(e, basis) }))),
    people: context.people,
    otherConfirmedGroups: context.otherConfirmedGroups,
  });
  if (!result.feasible) {
    return { feasible: false, kind: 'roster', reasons: result.reasons,
      basis };
  }
  return { feasible: true, kind: 'roster', roster: result.roster,
    total: result.total, score: basis, basis };
}

async function suggestRefill(
  ctx: AppContext,
  { cycle, group }: RosterScope,
  basis: RankingSort,
): Promise<SuggestionAnswer> {
  const refill = await planRefill(ctx.db, cycle, group);
  const { context, nominations } = await loadComposition(ctx.db, cycle,
    refill.rules);
  const ranking = await loadRanking(ctx.db, cycle.id, group.rules);
  const byNomination = new Map(ranking.map((e) => [e.nominationId, e]));

  const result = suggestReplacement({
    rules: refill.rules,
    roster: refill.roster,
    leavingId: refill.leavingId,
    reserve: scored(nominations.filter((n) => n.status === 'reserve')
      .map((n) => ({
        personId: n.candidateId,
        score: scoreOf(byNomination.get(n.id), basis),
      }))),
    people: context.people,
    otherConfirmedGroups: context.otherConfirmedGroups,
  });
  if (!result.feasible) {
    return { feasible: false, kind: 'replacement', reasons: result.reasons,
      basis };
  }
  return {
    feasible: true,
    kind: 'replacement',
    leavingId: refill.leavingId,
    personId: result.personId,
    score: result.score,
    basis,
    roster: result.roster,
  };
}
