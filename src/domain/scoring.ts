/**
 * Review scores: a review's weighted score on the group's rubric, and the
 * ranking of a cycle's eligible nominations, raw and calibrated.
 */

import type { Criterion } from './rules.js';

/** One thing wrong with a set of scores, tied to the criterion it is on. */
export interface ScoreProblem {
  criterion: string;
  message: string;
}

/** A submitted review, reduced to its weighted score. */
export interface ScoredReview {
  reviewerId: string;
  nominationId: string;
  score: number;
}

/** One nomination's line in the ranking. */
export interface RankingRow {
  nominationId: string;
  /** Mean of the weighted scores; null without reviews. */
  mean: number | null;
  count: number;
  /** Population standard deviation: 0 for one review, null for none. */
  stdDev: number | null;
  /** Mean of the z-scores from calibrating reviewers; null if none. */
  calibrated: number | null;
}

export type CalibrationExclusionReason =
  | 'fewer_than_two_reviews'
  | 'no_spread';

/** A reviewer whose scores cannot be put on a common scale. */
export interface CalibrationExclusion {
  reviewerId: string;
  reason: CalibrationExclusionReason;
}

export interface RankingResult {
  /** One row per nomination, in the order the nominations were given. */
  rows: RankingRow[];
  /** Sorted by reviewer id. */
  excludedFromCalibration: CalibrationExclusion[];
}

/**
 * Computes a review's weighted score: the mean of its criterion scores,
 * each counted as many times as its weight says. The scores are expected
 * to have passed `validateScores`; a missing one, or a rubric without
 * positive total weight, throws a RangeError rather than yield NaN.
 */
export function weightedScore(
  scores: Readonly<Record<string, number>>,
  rubric: readonly Criterion[],
): number {
  let weighted = 0;
  let totalWeight = 0;
  for (const criterion of rubric) {
    const score = Object.hasOwn(scores, criterion.id)
      ? scores[criterion.id]
      : undefined;
    if (score === undefined) {
      throw new RangeError(`no score for criterion ${criterion.id}`);
    }
    weighted += criterion.weight * score;
    totalWeight += criterion.weight;
  }

  if (!(totalWeight > 0)) {
    throw new RangeError('the rubric has no positive total weight');
  }
  return weighted / totalWeight;
}

/**
 * Checks submitted scores against the rubric and lists every problem:
 * first those of the rubric's criteria, in rubric order, then the scores
 * given for criteria the rubric does not have, in id order. An empty list
 * means the scores may be stored.
 */
export function validateScores(
  scores: Readonly<Record<string, unknown>>,
  rubric: readonly Criterion[],
): ScoreProblem[] {
  const problems: ScoreProblem[] = [];
  for (const { id, min, max } of rubric) {
    const score = Object.hasOwn(scores, id) ? scores[id] : undefined;
    if (score === undefined) {
      problems.push({ criterion: id, message: `a score for ${id} is missing` });
    } else if (typeof score !== 'number' || !Number.isInteger(score)) {
      problems.push({
        criterion: id,
        message: `the score for ${id} must be a whole number`,
      });
    } else if (score < min || score > max) {
      problems.push({
        criterion: id,
        message: `the score for ${id} must be between ${min} and ${max}`,
      });
    }
  }

  const known = new Set(rubric.map((criterion) => criterion.id));
  const unknown = Object.keys(scores).filter((id) => !known.has(id));
  for (const id of unknown.sort(compareIds)) {
    problems.push({ criterion: id, message: `${id} is not in the rubric` });
  }
  return problems;
}

/**
 * Ranks the given nominations from their reviews. Besides the raw figures,
 * each nomination gets a calibrated score that evens out harsh and lenient
 * reviewers: every reviewer's scores are turned into z-scores against that
 * reviewer's own mean and spread, and the nomination's z-scores averaged.
 *
 * A reviewer with fewer than two reviews, or who gave every nomination the
 * same score, has no scale to correct against; their reviews still count
 * in the raw figures, and they are listed as excluded from calibration.
 * Reviews of nominations not given are ignored entirely. Throws a
 * RangeError when a reviewer has two reviews of one nomination.
 */
export function rankNominations(input: {
  nominationIds: readonly string[];
  reviews: readonly ScoredReview[];
}): RankingResult {
  const nominationIds = [...new Set(input.nominationIds)];
  const wanted = new Set(nominationIds);

  // Sorting first makes every sum run in the same order, so the figures
  // are identical to the last bit whatever order the reviews came in.
  const reviews = input.reviews
    .filter((review) => wanted.has(review.nominationId))
    .sort(
      (a, b) =>
        compareIds(a.nominationId, b.nominationId) ||
        compareIds(a.reviewerId, b.reviewerId),
    );
  assertOneReviewEach(reviews);

  const byReviewer = groupBy(reviews, (review) => review.reviewerId);
  const scales = new Map<string, { mean: number; stdDev: number }>();
  const excludedFromCalibration: CalibrationExclusion[] = [];
  for (const reviewerId of [...byReviewer.keys()].sort(compareIds)) {
    const scores = (byReviewer.get(reviewerId) ?? []).map((r) => r.score);
    const spread = describe(scores);
    if (scores.length < 2) {
      excludedFromCalibration.push({
        reviewerId,
        reason: 'fewer_than_two_reviews',
      });
    } else if (spread === null || spread.stdDev === 0) {
      excludedFromCalibration.push({ reviewerId, reason: 'no_spread' });
    } else {
      scales.set(reviewerId, spread);
    }
  }

  const byNomination = groupBy(reviews, (review) => review.nominationId);
  const rows = nominationIds.map((nominationId): RankingRow => {
    const received = byNomination.get(nominationId) ?? [];
    const raw = describe(received.map((review) => review.score));

    const zScores: number[] = [];
    for (const { reviewerId, score } of received) {
      const scale = scales.get(reviewerId);
      if (scale !== undefined) {
        zScores.push((score - scale.mean) / scale.stdDev);
      }
    }

    return {
      nominationId,
      mean: raw?.mean ?? null,
      count: received.length,
      stdDev: raw?.stdDev ?? null,
      calibrated: describe(zScores)?.mean ?? null,
    };
  });

  return { rows, excludedFromCalibration };
}

/**
 * Sorts ranking rows best first by the raw mean or the calibrated score.
 * Rows without that score come last, and ties go to the lower nomination
 * id, so that the order never depends on the order of the input.
 */
export function sortRanking(
  rows: readonly RankingRow[],
  by: 'raw' | 'calibrated',
): RankingRow[] {
  const key = (row: RankingRow): number | null =>
    by === 'raw' ? row.mean : row.calibrated;

  return [...rows].sort((a, b) => {
    const left = key(a);
    const right = key(b);
    if (left !== right) {
      if (left === null) return 1;
      if (right === null) return -1;
      return right - left;
    }
    return compareIds(a.nominationId, b.nominationId);
  });
}

/**
 * Mean and population standard deviation, or null for no values. The mean
 * is kept within the values' range, which rounding in the sum could break:
 * for equal values it is then the value itself, so their spread is exactly
 * 0 rather than a trace of rounding that would pass for a real spread.
 */
function describe(
  values: readonly number[],
): { mean: number; stdDev: number } | null {
  if (values.length === 0) return null;
  let lowest = Infinity;
  let highest = -Infinity;
  let sum = 0;
  for (const value of values) {
    lowest = Math.min(lowest, value);
    highest = Math.max(highest, value);
    sum += value;
  }

  const mean = Math.min(highest, Math.max(lowest, sum / values.length));
  const squares = values.reduce(
    (total, value) => total + (value - mean) ** 2,
    0,
  );
  return { mean, stdDev: Math.sqrt(squares / values.length) };
}

function assertOneReviewEach(sorted: readonly ScoredReview[]): void {
  sorted.forEach((review, position) => {
    const previous = sorted[position - 1];
    if (
      previous !== undefined &&
      previous.nominationId === review.nominationId &&
      previous.reviewerId === review.reviewerId
    ) {
      throw new RangeError(
        `reviewer ${review.reviewerId} reviewed ` +
          `nomination ${review.nominationId} twice`,
      );
    }
  });
}

function groupBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

// Code-unit order, independent of the locale the server runs in.
function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
