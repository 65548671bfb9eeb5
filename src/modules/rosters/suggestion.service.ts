/**
 * Suggestions: the best roster the rules allow for a cycle being
 * composed, or, once it is confirmed, the best reserve candidate for a
 * vacated expert seat (a vacated officer seat is answered with how the
 * secretariat fills it). Nothing is saved; the same data gives the same
 * answer.
 */

import type { AppContext, Caller } from '../../context.js';
import {
  suggestReplacement,
  suggestRoster,
  SearchLimitError,
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
import { officerSeatNote, planRefill } from './membership.service.js';
import { loadRosterScope, type RosterScope } from './roster.scope.js';
import type { SuggestionAnswer } from './roster.schemas.js';

/**
 * The score a candidate is ranked by, or null when they have none: no
 * review that counts, or, for the calibrated score, no reviewer who
 * calibrates. A raw mean is never put in for a missing calibrated score:
 * the two scales cannot be compared.
 */
export function scoreOf(
  entry: RankingEntry | undefined,
  basis: RankingSort,
): number | null {
  const score = basis === 'calibrated' ? entry?.calibrated : entry?.mean;
  return score ?? null;
}

/** Candidates ready for the solver, and those who have no score. */
interface Pool {
  candidates: ScoredCandidate[];
  unscored: Set<string>;
}

/**
 * Ranks candidates once each (a person with two eligible nominations in
 * one cycle, possible only through a data repair, keeps the better one),
 * those without a score after every scored one: nobody has judged them,
 * so they are not average (0 on the calibrated scale) but unknown. They
 * stand at a floor below the widest gap the scored experts of two
 * rosters can make, so the solver takes as few of them as the rules
 * allow, and among rosters with as many, the best-scored one.
 */
function poolOf(
  entries: { personId: string; score: number | null }[],
  maxExperts: number,
): Pool {
  const best = new Map<string, number | null>();
  for (const { personId, score } of entries) {
    const known = best.get(personId);
    if (known === undefined || (score !== null
      && (known === null || score > known))) {
      best.set(personId, score);
    }
  }
  const largest = Math.max(0, ...[...best.values()]
    .map((score) => Math.abs(score ?? 0)));
  const floor = -(2 * Math.max(1, maxExperts) * largest + 1);
  const unscored = new Set([...best].filter(([, score]) => score === null)
    .map(([personId]) => personId));
  const candidates = [...best].map(([personId, score]) =>
    ({ personId, score: score ?? floor }));
  return { candidates, unscored };
}

/** The sum of the scored experts' scores: the unscored add nothing. */
function totalOf(expertIds: string[], pool: Pool): number {
  const scores = new Map(pool.candidates.map((c) => [c.personId, c.score]));
  return expertIds.filter((id) => !pool.unscored.has(id))
    .reduce((sum, id) => sum + (scores.get(id) ?? 0), 0);
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

  const pool = poolOf(ranking.map((e) =>
    ({ personId: e.candidateId, score: scoreOf(e, basis) })),
  rules.maxExperts);

  const result = solveWithinLimit(() => suggestRoster({
    rules,
    chairId,
    coChairId,
    candidates: pool.candidates,
    people: context.people,
    otherConfirmedGroups: context.otherConfirmedGroups,
  }));
  if (!result.feasible) {
    return { feasible: false, kind: 'roster', reasons: result.reasons,
      basis };
  }
  const { expertIds } = result.roster;
  return { feasible: true, kind: 'roster', roster: result.roster,
    total: totalOf(expertIds, pool), score: basis, basis,
    unscoredIds: expertIds.filter((id) => pool.unscored.has(id)) };
}

/**
 * Runs the exact search. A pool and rule set so intricate that the
 * search cannot settle the optimum within its step limit is answered as a
 * refusal the chair can act on, never as a server error.
 */
function solveWithinLimit<T>(solve: () => T): T {
  try {
    return solve();
  } catch (err) {
    if (err instanceof SearchLimitError) {
      throw domainRule('suggestion_search_limit',
        'the rules and the pool are too intricate for an exact suggestion;'
        + ' draft the roster by hand', { limit: err.limit });
    }
    throw err;
  }
}

async function suggestRefill(
  ctx: AppContext,
  { cycle, group }: RosterScope,
  basis: RankingSort,
): Promise<SuggestionAnswer> {
  const refill = await planRefill(ctx.db, cycle, group);
  const { leavingId, roster } = refill;
  if (leavingId === roster.chairId || leavingId === roster.coChairId) {
    const chair = leavingId === roster.chairId;
    return { feasible: false, kind: 'replacement', basis, reasons: [{
      rule: chair ? 'chair_required' : 'co_chair_required',
      message: officerSeatNote(cycle.id, chair ? 'chair' : 'co-chair'),
      figures: {},
      personIds: [leavingId],
    }] };
  }
  const { context, nominations } = await loadComposition(ctx.db, cycle,
    refill.rules);
  const ranking = await loadRanking(ctx.db, cycle.id, group.rules);
  const byNomination = new Map(ranking.map((e) => [e.nominationId, e]));

  const pool = poolOf(nominations.filter((n) => n.status === 'reserve')
    .map((n) => ({
      personId: n.candidateId,
      score: scoreOf(byNomination.get(n.id), basis),
    })), refill.rules.maxExperts);

  const result = suggestReplacement({
    rules: refill.rules,
    roster: refill.roster,
    leavingId: refill.leavingId,
    reserve: pool.candidates,
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
    score: pool.unscored.has(result.personId) ? null : result.score,
    basis,
    roster: result.roster,
  };
}
