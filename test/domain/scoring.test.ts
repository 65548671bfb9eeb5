import fc from 'fast-check';
import t, { type Test } from 'tap';

import type { Criterion } from '../../src/domain/rules.js';
import {
  rankNominations,
  sortRanking,
  validateScores,
  weightedScore,
  type RankingRow,
  type ScoredReview,
} from '../../src/domain/scoring.js';
import { holds } from '../helpers/domain.js';

const TOLERANCE = 1e-9;

function close(a: number | null | undefined, b: number | null): boolean {
  if (a === undefined) return false;
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

function criterion(id: string, weight: number, min = 1, max = 5): Criterion {
  return { id, label: id, weight, min, max };
}

const RUBRIC = [
  criterion('relevance', 2),
  criterion('record', 1),
  criterion('contribution', 1.5),
];

function review(
  reviewerId: string,
  nominationId: string,
  score: number,
): ScoredReview {
  return { reviewerId, nominationId, score };
}

function rowOf(rows: RankingRow[], nominationId: string): RankingRow {
  const row = rows.find((r) => r.nominationId === nominationId);
  if (row === undefined) throw new Error(`no row for ${nominationId}`);
  return row;
}

/** Compares a ranking row field by field, numbers within the tolerance. */
function checkRow(t: Test, actual: RankingRow, expected: RankingRow): void {
  const id = expected.nominationId;
  t.equal(actual.count, expected.count, `${id} count`);
  for (const field of ['mean', 'stdDev', 'calibrated'] as const) {
    t.ok(
      close(actual[field], expected[field]),
      `${id} ${field}: ${actual[field]} ≈ ${expected[field]}`,
    );
  }
}

// ---------------------------------------------------------------------------
// Generated reviews: weighted scores on a grid of quarters, as a rubric of
// small integer weights would give, so that shifting or scaling them keeps
// distinct scores distinct.

const REVIEWERS = ['r0', 'r1', 'r2', 'r3'];
const NOMINATIONS = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];

const score = fc.integer({ min: 4, max: 20 }).map((quarters) => quarters / 4);
const reviews = fc.uniqueArray(
  fc.record({
    reviewerId: fc.constantFrom(...REVIEWERS),
    nominationId: fc.constantFrom(...NOMINATIONS),
    score,
  }),
  {
    maxLength: 20,
    selector: (r) => `${r.reviewerId}/${r.nominationId}`,
  },
);
// Some reviews fall on nominations that are not ranked, which must not
// change anything.
const nominationIds = fc.shuffledSubarray(NOMINATIONS, { minLength: 1 });
const ranking = fc.record({ nominationIds, reviews });

const rubric = fc
  .uniqueArray(
    fc.record({
      id: fc.constantFrom('relevance', 'record', 'contribution', 'fit'),
      weight: fc.integer({ min: 1, max: 6 }).map((w) => w / 2),
      min: fc.integer({ min: 0, max: 2 }),
      span: fc.integer({ min: 1, max: 9 }),
    }),
    { minLength: 1, maxLength: 4, selector: (c) => c.id },
  )
  .map((rows) =>
    rows.map((c) => criterion(c.id, c.weight, c.min, c.min + c.span)),
  );

/** A rubric together with valid scores for it. */
const scored = rubric.chain((criteria) =>
  fc.tuple(
    fc.constant(criteria),
    fc.tuple(
      ...criteria.map((c) => fc.integer({ min: c.min, max: c.max })),
    ).map((values) =>
      Object.fromEntries(criteria.map((c, i) => [c.id, values[i] ?? 0])),
    ),
  ),
);

// ---------------------------------------------------------------------------
// Weighted scores and validation.

t.test('weighs each criterion by its weight', async (t) => {
  // (2 * 4 + 1 * 5 + 1.5 * 2) / (2 + 1 + 1.5) = 16 / 4.5 = 3.5555…
  const value = weightedScore(
    { relevance: 4, record: 5, contribution: 2 },
    RUBRIC,
  );
  t.ok(close(value, 16 / 4.5), `${value} is 16 / 4.5`);
});

t.test('refuses to weigh a missing score', async (t) => {
  t.throws(() => weightedScore({ relevance: 4, record: 5 }, RUBRIC), {
    name: 'RangeError',
    message: /contribution/,
  });
});

t.test('refuses a rubric without weight', async (t) => {
  t.throws(() => weightedScore({}, []), RangeError);
  t.throws(() => weightedScore({ a: 3 }, [criterion('a', 0)]), RangeError);
});

t.test('accepts complete scores within the scale', async (t) => {
  const scores = { relevance: 1, record: 5, contribution: 3 };
  t.same(validateScores(scores, RUBRIC), []);
});

t.test('lists every problem with a set of scores', async (t) => {
  const problems = validateScores(
    { relevance: 6, record: 2.5, zeal: 3, ambition: 4 },
    RUBRIC,
  );
  t.same(
    problems.map((p) => p.criterion),
    ['relevance', 'record', 'contribution', 'ambition', 'zeal'],
  );
  t.match(problems[0]?.message, /between 1 and 5/);
  t.match(problems[1]?.message, /whole number/);
  t.match(problems[2]?.message, /missing/);
  t.match(problems[3]?.message, /not in the rubric/);
});

t.test('reports scores that are not numbers', async (t) => {
  const problems = validateScores(
    { relevance: '4', record: null, contribution: Number.NaN },
    RUBRIC,
  );
  t.same(
    problems.map((p) => p.criterion),
    ['relevance', 'record', 'contribution'],
  );
  for (const problem of problems) t.match(problem.message, /whole number/);
});

t.test('takes no criterion from the object prototype', async (t) => {
  const problems = validateScores({}, [criterion('constructor', 1)]);
  t.same(problems.map((p) => p.criterion), ['constructor']);
  t.throws(() => weightedScore({}, [criterion('toString', 1)]), RangeError);
});

t.test('keeps a weighted score within its scores', async (t) => {
  holds(
    t,
    fc.property(scored, ([criteria, scores]) => {
      const values = Object.values(scores);
      const value = weightedScore(scores, criteria);
      return (
        value >= Math.min(...values) - TOLERANCE &&
        value <= Math.max(...values) + TOLERANCE
      );
    }),
  );
});

t.test('is the plain mean when weights are equal', async (t) => {
  holds(
    t,
    fc.property(scored, fc.integer({ min: 1, max: 9 }), ([c, s], weight) => {
      const equal = c.map((x) => ({ ...x, weight }));
      const values = Object.values(s);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return close(weightedScore(s, equal), mean);
    }),
  );
});

t.test('does not change when every weight is scaled', async (t) => {
  const factor = fc.double({ min: 0.01, max: 100, noNaN: true });
  holds(
    t,
    fc.property(scored, factor, ([criteria, scores], k) => {
      const scaled = criteria.map((c) => ({ ...c, weight: c.weight * k }));
      return close(
        weightedScore(scores, scaled),
        weightedScore(scores, criteria),
      );
    }),
  );
});

t.test('finds no problem with valid scores', async (t) => {
  holds(
    t,
    fc.property(scored, ([criteria, scores]) => {
      return validateScores(scores, criteria).length === 0;
    }),
  );
});

t.test('names exactly the criterion pushed off its scale', async (t) => {
  const broken = scored.chain(([criteria, scores]) =>
    fc.tuple(
      fc.constant(criteria),
      fc.constant(scores),
      fc.constantFrom(...criteria.map((c) => c.id)),
      fc.boolean(),
    ),
  );
  holds(
    t,
    fc.property(broken, ([criteria, scores, id, above]) => {
      const target = criteria.find((c) => c.id === id);
      if (target === undefined) return false;
      const wrong = above ? target.max + 1 : target.min - 1;
      const problems = validateScores({ ...scores, [id]: wrong }, criteria);
      return problems.length === 1 && problems[0]?.criterion === id;
    }),
  );
});

// ---------------------------------------------------------------------------
// Ranking, worked by hand.

t.test('ranks and calibrates a small cycle as worked by hand', async (t) => {
  // harsh:   n1 = 3, n3 = 1 (and n9 = 5, not ranked, so ignored)
  //          mean 2, population SD sqrt((1 + 1) / 2) = 1
  //          z: n1 = (3 - 2) / 1 = +1, n3 = (1 - 2) / 1 = -1
  // lenient: n2 = 4, n3 = 5
  //          mean 4.5, population SD sqrt((0.25 + 0.25) / 2) = 0.5
  //          z: n2 = (4 - 4.5) / 0.5 = -1, n3 = (5 - 4.5) / 0.5 = +1
  // flat:    n2 = 4, n5 = 4: no spread, not calibrated
  // single:  n1 = 5: one review, not calibrated
  //
  // n1: scores 3, 5: mean 4, SD 1; calibrated +1 (harsh only)
  // n2: scores 4, 4: mean 4, SD 0; calibrated -1 (lenient only)
  // n3: scores 1, 5: mean 3, SD 2; calibrated (-1 + 1) / 2 = 0
  // n4: no reviews
  // n5: score 4: mean 4, SD 0; calibrated null (flat only)
  const result = rankNominations({
    nominationIds: ['n1', 'n2', 'n3', 'n4', 'n5'],
    reviews: [
      review('harsh', 'n1', 3),
      review('harsh', 'n3', 1),
      review('harsh', 'n9', 5),
      review('lenient', 'n2', 4),
      review('lenient', 'n3', 5),
      review('flat', 'n2', 4),
      review('flat', 'n5', 4),
      review('single', 'n1', 5),
    ],
  });

  const expected: RankingRow[] = [
    { nominationId: 'n1', mean: 4, count: 2, stdDev: 1, calibrated: 1 },
    { nominationId: 'n2', mean: 4, count: 2, stdDev: 0, calibrated: -1 },
    { nominationId: 'n3', mean: 3, count: 2, stdDev: 2, calibrated: 0 },
    {
      nominationId: 'n4',
      mean: null,
      count: 0,
      stdDev: null,
      calibrated: null,
    },
    { nominationId: 'n5', mean: 4, count: 1, stdDev: 0, calibrated: null },
  ];
  t.same(
    result.rows.map((r) => r.nominationId),
    expected.map((r) => r.nominationId),
  );
  for (const row of expected) {
    checkRow(t, rowOf(result.rows, row.nominationId), row);
  }
  t.same(result.excludedFromCalibration, [
    { reviewerId: 'flat', reason: 'no_spread' },
    { reviewerId: 'single', reason: 'fewer_than_two_reviews' },
  ]);

  // Raw: three nominations tie on 4 and go by id; n4 has no score.
  const raw = sortRanking(result.rows, 'raw').map((r) => r.nominationId);
  t.same(raw, ['n1', 'n2', 'n5', 'n3', 'n4']);
  // Calibrated: n3 overtakes n2, whose 4 was the lenient reviewer's worst.
  const calibrated = sortRanking(result.rows, 'calibrated');
  t.same(
    calibrated.map((r) => r.nominationId),
    ['n1', 'n3', 'n2', 'n4', 'n5'],
  );
});

t.test('calibrates with irrational spreads as worked by hand', async (t) => {
  // r: a = 2, b = 3, c = 4: mean 3, SD sqrt((1 + 0 + 1) / 3) = sqrt(2/3)
  //    z: a = -1 / sqrt(2/3) = -sqrt(3/2) ≈ -1.2247, b = 0, c ≈ +1.2247
  // s: a = 5, c = 1: mean 3, SD 2; z: a = +1, c = -1
  //
  // a: scores 2, 5: mean 3.5, SD 1.5; calibrated (-1.2247 + 1) / 2
  // b: score 3:     mean 3,   SD 0;   calibrated 0
  // c: scores 4, 1: mean 2.5, SD 1.5; calibrated (1.2247 - 1) / 2
  const result = rankNominations({
    nominationIds: ['a', 'b', 'c'],
    reviews: [
      review('r', 'a', 2),
      review('r', 'b', 3),
      review('r', 'c', 4),
      review('s', 'a', 5),
      review('s', 'c', 1),
    ],
  });
  const root = Math.sqrt(1.5);
  checkRow(t, rowOf(result.rows, 'a'), {
    nominationId: 'a',
    mean: 3.5,
    count: 2,
    stdDev: 1.5,
    calibrated: (1 - root) / 2,
  });
  checkRow(t, rowOf(result.rows, 'b'), {
    nominationId: 'b',
    mean: 3,
    count: 1,
    stdDev: 0,
    calibrated: 0,
  });
  checkRow(t, rowOf(result.rows, 'c'), {
    nominationId: 'c',
    mean: 2.5,
    count: 2,
    stdDev: 1.5,
    calibrated: (root - 1) / 2,
  });
  t.same(result.excludedFromCalibration, []);

  const by = (mode: 'raw' | 'calibrated'): string[] =>
    sortRanking(result.rows, mode).map((r) => r.nominationId);
  t.same(by('raw'), ['a', 'b', 'c']);
  t.same(by('calibrated'), ['c', 'b', 'a']);
});

t.test('ranks each nomination once, even if listed twice', async (t) => {
  const result = rankNominations({
    nominationIds: ['n2', 'n1', 'n2'],
    reviews: [review('r', 'n1', 3)],
  });
  t.same(
    result.rows.map((r) => r.nominationId),
    ['n2', 'n1'],
  );
});

t.test('refuses two reviews by one reviewer of one nomination', async (t) => {
  t.throws(
    () =>
      rankNominations({
        nominationIds: ['n1'],
        reviews: [review('r', 'n1', 3), review('r', 'n1', 4)],
      }),
    RangeError,
  );
});

t.test('sees no spread in equal scores despite rounding', async (t) => {
  // 0.1 cannot be held exactly; its sums must not invent a spread.
  const result = rankNominations({
    nominationIds: ['a', 'b', 'c'],
    reviews: [
      review('r', 'a', 0.1),
      review('r', 'b', 0.1),
      review('r', 'c', 0.1),
    ],
  });
  t.same(result.excludedFromCalibration, [
    { reviewerId: 'r', reason: 'no_spread' },
  ]);
  t.equal(rowOf(result.rows, 'a').stdDev, 0);
  t.equal(rowOf(result.rows, 'a').calibrated, null);
});

t.test('puts missing scores last and breaks ties by id', async (t) => {
  const row = (nominationId: string, score: number | null): RankingRow => ({
    nominationId,
    mean: score,
    count: score === null ? 0 : 1,
    stdDev: score === null ? null : 0,
    calibrated: score,
  });
  const rows = [
    row('d', null),
    row('c', 2),
    row('b', null),
    row('a', 2),
    row('e', 3),
  ];
  for (const mode of ['raw', 'calibrated'] as const) {
    t.same(
      sortRanking(rows, mode).map((r) => r.nominationId),
      ['e', 'a', 'c', 'b', 'd'],
      mode,
    );
  }
  t.same(
    rows.map((r) => r.nominationId),
    ['d', 'c', 'b', 'a', 'e'],
    'the input is left as it was',
  );
});

// ---------------------------------------------------------------------------
// Ranking properties.

const transformed = fc.record({
  input: ranking,
  reviewerId: fc.constantFrom(...REVIEWERS),
  shift: fc.integer({ min: -10, max: 10 }),
  factor: fc.double({ min: 0.01, max: 100, noNaN: true }),
});

function sameCalibration(
  a: ReturnType<typeof rankNominations>,
  b: ReturnType<typeof rankNominations>,
): boolean {
  return (
    a.rows.length === b.rows.length &&
    a.rows.every((row, i) =>
      close(row.calibrated, b.rows[i]?.calibrated ?? null),
    ) &&
    JSON.stringify(a.excludedFromCalibration) ===
      JSON.stringify(b.excludedFromCalibration)
  );
}

t.test('ignores a reviewer shifting all their scores', async (t) => {
  holds(
    t,
    fc.property(transformed, ({ input, reviewerId, shift }) => {
      const shifted = input.reviews.map((r) =>
        r.reviewerId === reviewerId ? { ...r, score: r.score + shift } : r,
      );
      return sameCalibration(
        rankNominations(input),
        rankNominations({ ...input, reviews: shifted }),
      );
    }),
  );
});

t.test('ignores a reviewer scaling all their scores', async (t) => {
  holds(
    t,
    fc.property(transformed, ({ input, reviewerId, factor }) => {
      const scaled = input.reviews.map((r) =>
        r.reviewerId === reviewerId ? { ...r, score: r.score * factor } : r,
      );
      return sameCalibration(
        rankNominations(input),
        rankNominations({ ...input, reviews: scaled }),
      );
    }),
  );
});

t.test('ranks exactly the given nominations', async (t) => {
  holds(
    t,
    fc.property(ranking, fc.constantFrom('raw', 'calibrated'), (input, by) => {
      const sorted = sortRanking(rankNominations(input).rows, by);
      const ids = sorted.map((r) => r.nominationId);
      return (
        JSON.stringify([...ids].sort()) ===
        JSON.stringify([...input.nominationIds].sort())
      );
    }),
  );
});

t.test('sorts best first, missing last, ties by id', async (t) => {
  holds(
    t,
    fc.property(ranking, fc.constantFrom('raw', 'calibrated'), (input, by) => {
      const sorted = sortRanking(rankNominations(input).rows, by);
      const key = (r: RankingRow): number | null =>
        by === 'raw' ? r.mean : r.calibrated;
      return sorted.every((row, i) => {
        const previous = sorted[i - 1];
        if (previous === undefined) return true;
        const [a, b] = [key(previous), key(row)];
        const ordered = previous.nominationId < row.nominationId;
        if (a === null) return b === null && ordered;
        if (b === null) return true;
        return a > b || (a === b && ordered);
      });
    }),
  );
});

t.test('keeps raw figures consistent with the reviews', async (t) => {
  holds(
    t,
    fc.property(ranking, (input) => {
      const { rows } = rankNominations(input);
      return rows.every((row) => {
        const scores = input.reviews
          .filter((r) => r.nominationId === row.nominationId)
          .map((r) => r.score);
        if (row.count !== scores.length) return false;
        if (scores.length === 0) {
          return row.mean === null && row.stdDev === null;
        }
        const low = Math.min(...scores);
        const high = Math.max(...scores);
        // Popoviciu: a population SD is at most half the range.
        return (
          row.mean !== null &&
          row.stdDev !== null &&
          row.mean >= low &&
          row.mean <= high &&
          row.stdDev >= 0 &&
          row.stdDev <= (high - low) / 2 + TOLERANCE &&
          (scores.length > 1 || row.stdDev === 0)
        );
      });
    }),
  );
});

t.test('gives the same result whatever the order of reviews', async (t) => {
  const reordered = ranking.chain((input) =>
    fc.tuple(
      fc.constant(input),
      fc.shuffledSubarray(input.reviews, {
        minLength: input.reviews.length,
        maxLength: input.reviews.length,
      }),
    ),
  );
  holds(
    t,
    fc.property(reordered, ([input, shuffled]) => {
      const a = rankNominations(input);
      const b = rankNominations({ ...input, reviews: shuffled });
      return JSON.stringify(a) === JSON.stringify(b);
    }),
  );
});

t.test('excludes exactly the reviewers without a scale', async (t) => {
  holds(
    t,
    fc.property(ranking, (input) => {
      const result = rankNominations(input);
      const ranked = input.reviews.filter((r) =>
        input.nominationIds.includes(r.nominationId),
      );
      const expected = REVIEWERS.flatMap((reviewerId) => {
        const scores = ranked
          .filter((r) => r.reviewerId === reviewerId)
          .map((r) => r.score);
        if (scores.length === 0) return [];
        if (scores.length < 2) {
          return [{ reviewerId, reason: 'fewer_than_two_reviews' }];
        }
        return scores.every((s) => s === scores[0])
          ? [{ reviewerId, reason: 'no_spread' }]
          : [];
      });
      const excluded = new Set(expected.map((e) => e.reviewerId));

      const calibratedWhereExpected = result.rows.every((row) => {
        const calibrating = ranked.some(
          (r) =>
            r.nominationId === row.nominationId && !excluded.has(r.reviewerId),
        );
        return calibrating === (row.calibrated !== null);
      });
      return (
        calibratedWhereExpected &&
        JSON.stringify(result.excludedFromCalibration) ===
          JSON.stringify(expected)
      );
    }),
  );
});

t.test('puts a lone reviewer’s scores on a unit scale', async (t) => {
  // With one reviewer, the calibrated scores are that reviewer's z-scores,
  // which have mean 0 and population SD 1 by construction.
  const lone = fc
    .uniqueArray(fc.constantFrom(...NOMINATIONS), { minLength: 2 })
    .chain((ids) =>
      fc.tuple(
        fc.constant(ids),
        fc.array(score, { minLength: ids.length, maxLength: ids.length }),
      ),
    );
  holds(
    t,
    fc.property(lone, ([ids, scores]) => {
      fc.pre(new Set(scores).size > 1);
      const { rows } = rankNominations({
        nominationIds: ids,
        reviews: ids.map((id, i) => review('r', id, scores[i] ?? 0)),
      });
      const z = rows.map((row) => row.calibrated ?? Number.NaN);
      const mean = z.reduce((a, b) => a + b, 0) / z.length;
      const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
      return close(mean, 0) && close(variance, 1);
    }),
  );
});
