import fc from 'fast-check';
import t from 'tap';

import {
  RULE_CODES,
  validateRoster,
  type CompositionContext,
} from '../../src/domain/composition.js';
import {
  SearchLimitError,
  suggestReplacement,
  suggestRoster,
  type ReplacementInput,
  type ScoredCandidate,
  type Suggestion,
  type SuggestionInput,
} from '../../src/domain/roster-solver.js';
import type {
  GroupRules,
  PersonAttributes,
  Quota,
} from '../../src/domain/rules.js';
import { holds, rulesWith as partnershipRules } from '../helpers/domain.js';

const rulesWith = (overrides: Partial<GroupRules> = {}) =>
  partnershipRules({ quotas: [], ...overrides });

function person(
  id: string,
  gender: string | null,
  region: string | null,
  affiliation: string | null,
  country: string | null = null,
): PersonAttributes {
  return { id, gender, region, affiliation, country };
}

function peopleOf(...list: PersonAttributes[]): Map<string, PersonAttributes> {
  return new Map(list.map((p) => [p.id, p]));
}

/* ------------------------------------------------------------------ */
/* Brute force: every subset of the candidates, checked by             */
/* validateRoster, best total first and the documented tie rule next   */
/* ------------------------------------------------------------------ */

const units = (score: number): number => Math.round(score * 1e9);

interface Best {
  expertIds: Set<string>;
  units: number;
}

/**
 * Among equal totals, the set holding the best-ranked candidate (score
 * descending, then id) on which two sets differ is preferred.
 */
function preferred(a: Set<string>, b: Set<string>, ranked: string[]): boolean {
  for (const id of ranked) {
    if (a.has(id) !== b.has(id)) return a.has(id);
  }
  return false;
}

function bruteForce(input: SuggestionInput, maxSize = Infinity): Best | null {
  const { candidates, chairId, coChairId } = input;
  const fixed = input.fixedExpertIds ?? [];
  const context: CompositionContext = {
    rules: input.rules,
    people: input.people,
    eligibleIds: new Set(candidates.map((c) => c.personId)),
    otherConfirmedGroups: input.otherConfirmedGroups,
  };
  const ranked = [...candidates]
    .sort((a, b) => units(b.score) - units(a.score)
      || (a.personId < b.personId ? -1 : 1))
    .map((c) => c.personId);
  const scoreOf = new Map(candidates.map((c) => [c.personId, c.score]));
  let best: Best | null = null;

  const consider = (chosen: string[]): void => {
    const expertIds = [...new Set([...fixed, ...chosen])];
    const roster = { chairId, coChairId, expertIds };
    if (validateRoster(roster, context).length > 0) return;
    const total = expertIds
      .reduce((sum, id) => sum + units(scoreOf.get(id) ?? 0), 0);
    const set = new Set(expertIds);
    if (best === null || total > best.units
      || (total === best.units && preferred(set, best.expertIds, ranked))) {
      best = { expertIds: set, units: total };
    }
  };
  const visit = (from: number, chosen: string[]): void => {
    consider(chosen);
    if (chosen.length >= maxSize) return;
    for (let i = from; i < ranked.length; i += 1) {
      visit(i + 1, [...chosen, ranked[i] ?? '']);
    }
  };
  visit(0, []);
  return best;
}

/* ------------------------------------------------------------------ */
/* Generators                                                          */
/* ------------------------------------------------------------------ */

const value = (...values: string[]): fc.Arbitrary<string | null> =>
  fc.constantFrom<string | null>(null, ...values);

const attributesArb = fc.record({
  gender: value('f', 'm', 'x'),
  region: value('A', 'B', 'C', 'D'),
  affiliation: value('u1', 'u2', 'u3', 'U1 ', 'u4'),
  country: value('DE', 'FR', 'NG', 'de'),
});

const quotaArb: fc.Arbitrary<Quota> = fc.record(
  {
    attribute: fc.constantFrom(
      'gender' as const,
      'region' as const,
      'affiliation' as const,
      'country' as const,
    ),
    maxShare: fc.constantFrom(0.25, 0.34, 0.4, 0.5, 0.6, 0.75),
    minDistinct: fc.integer({ min: 1, max: 4 }),
    maxCount: fc.integer({ min: 1, max: 3 }),
  },
  { requiredKeys: ['attribute'] },
);

const scoreArb = fc.oneof(
  fc.integer({ min: -3, max: 4 }),
  fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }),
);

interface Shape {
  size: number;
  /** Scores to draw from; by default integers and doubles, some negative. */
  scores?: fc.Arbitrary<number>;
  maxExperts: number;
  /** Whether officers and candidates may be at their group limit. */
  busy?: boolean;
  minPool?: number;
  minQuotas?: number;
  maxQuotas?: number;
}

/** A random suggestion problem over `size` candidates at most. */
function inputArb(shape: Shape): fc.Arbitrary<SuggestionInput> {
  const { size, maxExperts } = shape;
  return fc.record({
    pool: fc.array(fc.tuple(attributesArb, shape.scores ?? scoreArb), {
      minLength: shape.minPool ?? 0,
      maxLength: size,
    }),
    officers: fc.tuple(attributesArb, attributesArb),
    minExperts: fc.integer({ min: 0, max: 4 }),
    extra: fc.oneof(
      { arbitrary: fc.constant(-1), weight: 1 },
      { arbitrary: fc.integer({ min: 0, max: maxExperts }), weight: 4 },
    ),
    maxGroupsPerPerson: fc.integer({ min: 1, max: 2 }),
    quotas: fc.array(quotaArb, {
      minLength: shape.minQuotas ?? 0,
      maxLength: shape.maxQuotas ?? 3,
    }),
    busy: fc.array(fc.nat({ max: size + 1 }), {
      maxLength: shape.busy === false ? 0 : 2,
    }),
    fixed: fc.array(fc.nat({ max: size - 1 }), { maxLength: 2 }),
    chairAmongCandidates: fc.boolean(),
    ghost: fc.boolean(),
  }).map((g) => {
    const ids = g.pool.map((_, i) => `p${i}`);
    const people = peopleOf(
      { id: 'chair', ...g.officers[0] },
      { id: 'cochair', ...g.officers[1] },
      ...g.pool.map(([attrs], i) => ({ id: `p${i}`, ...attrs })),
    );
    const candidates: ScoredCandidate[] = g.pool
      .map(([, score], i) => ({ personId: `p${i}`, score }));
    if (g.chairAmongCandidates) {
      candidates.push({ personId: 'chair', score: 5 });
    }
    if (g.ghost) candidates.push({ personId: 'ghost', score: 6 });
    const everyone = ['chair', 'cochair', ...ids];
    return {
      rules: rulesWith({
        minExperts: g.minExperts,
        maxExperts: Math.min(maxExperts, g.minExperts + g.extra),
        maxGroupsPerPerson: g.maxGroupsPerPerson,
        quotas: g.quotas,
      }),
      chairId: 'chair',
      coChairId: 'cochair',
      candidates,
      people,
      otherConfirmedGroups: new Map(g.busy
        .filter((i) => i < everyone.length)
        .map((i) => [everyone[i] ?? '', 2])),
      fixedExpertIds: [...new Set(g.fixed)]
        .filter((i) => i < ids.length).map((i) => `p${i}`),
    };
  });
}

/* ------------------------------------------------------------------ */
/* Checks shared by the properties                                     */
/* ------------------------------------------------------------------ */

function contextOf(input: SuggestionInput): CompositionContext {
  return {
    rules: input.rules,
    people: input.people,
    eligibleIds: new Set(input.candidates.map((c) => c.personId)),
    otherConfirmedGroups: input.otherConfirmedGroups,
  };
}

/** Throws, for fast-check to shrink, unless the suggestion is the best. */
function agreesWithBruteForce(
  input: SuggestionInput,
  suggestion: Suggestion,
  best: Best | null,
): void {
  if (best === null) {
    if (suggestion.feasible) {
      throw new Error('suggested a roster where brute force found none');
    }
    if (suggestion.reasons.length === 0) throw new Error('no reason given');
    const codes: readonly string[] = RULE_CODES;
    for (const reason of suggestion.reasons) {
      if (!codes.includes(reason.rule) || reason.message === '') {
        throw new Error(`bad reason ${JSON.stringify(reason)}`);
      }
    }
    return;
  }
  if (!suggestion.feasible) {
    throw new Error(`no roster suggested, brute force found one: ${
      JSON.stringify(suggestion.reasons)}`);
  }

  const { roster, total } = suggestion;
  const violations = validateRoster(roster, contextOf(input));
  if (violations.length > 0) {
    throw new Error(`suggestion breaks ${JSON.stringify(violations)}`);
  }
  const expected = [...best.expertIds].sort().join();
  if ([...roster.expertIds].sort().join() !== expected) {
    throw new Error(`suggested ${roster.expertIds.join()}, best ${expected}`);
  }
  if (Math.abs(total - best.units / 1e9) > 1e-6) {
    throw new Error(`total ${total}, best ${best.units / 1e9}`);
  }

  const scoreOf = new Map(input.candidates.map((c) => [c.personId, c.score]));
  const order = [...roster.expertIds].sort((a, b) =>
    (scoreOf.get(b) ?? 0) - (scoreOf.get(a) ?? 0) || (a < b ? -1 : 1));
  if (order.join() !== roster.expertIds.join()) {
    throw new Error('experts not sorted by score, then id');
  }
}

/* ------------------------------------------------------------------ */
/* Properties                                                          */
/* ------------------------------------------------------------------ */

t.test('matches brute force over every subset of small pools', (t) => {
  let feasible = 0;
  let infeasible = 0;
  holds(t, fc.property(inputArb({ size: 9, maxExperts: 6 }), (input) => {
    const suggestion = suggestRoster(input);
    if (suggestion.feasible) feasible += 1;
    else infeasible += 1;
    agreesWithBruteForce(input, suggestion, bruteForce(input));
  }), 400);
  // Both outcomes must be exercised for the property to mean anything.
  t.ok(feasible > 40, `${feasible} feasible cases`);
  t.ok(infeasible > 40, `${infeasible} infeasible cases`);
  t.end();
});

t.test('settles ties as brute force does, within and across sizes', (t) => {
  const shape = {
    size: 7,
    maxExperts: 5,
    busy: false,
    scores: fc.constantFrom(0, 0, 1, 1, 2, -1),
  };
  holds(t, fc.property(inputArb(shape), (input) => {
    agreesWithBruteForce(input, suggestRoster(input), bruteForce(input));
  }), 1500);
  t.end();
});

t.test('matches brute force on larger pools with few seats', (t) => {
  holds(t, fc.property(inputArb({ size: 18, maxExperts: 4 }), (input) => {
    const best = bruteForce(input, input.rules.maxExperts);
    agreesWithBruteForce(input, suggestRoster(input), best);
  }), 100);
  t.end();
});

t.test('names a smallest set of quotas that conflict', (t) => {
  const shape = {
    size: 9,
    maxExperts: 6,
    busy: false,
    minPool: 5,
    minQuotas: 2,
    maxQuotas: 4,
  };
  holds(t, fc.property(inputArb(shape), (input) => {
    const suggestion = suggestRoster(input);
    const named = suggestion.feasible ? []
      : suggestion.reasons.filter((r) => 'conflictsWith' in r.figures);
    fc.pre(named.length > 0);

    // Each reason names one quota limit; together they are the conflict.
    const conflict: Quota[] = named.map((r) => {
      const { attribute, maxShare, minDistinct, maxCount } = r.figures;
      return {
        attribute: attribute as Quota['attribute'],
        ...(maxShare === undefined ? {} : { maxShare: Number(maxShare) }),
        ...(minDistinct === undefined ? {}
          : { minDistinct: Number(minDistinct) }),
        ...(maxCount === undefined ? {} : { maxCount: Number(maxCount) }),
      };
    });
    const withQuotas = (quotas: Quota[]): SuggestionInput =>
      ({ ...input, rules: { ...input.rules, quotas } });
    if (bruteForce(withQuotas(conflict)) !== null) {
      throw new Error('the named quotas alone can be met');
    }
    conflict.forEach((_, i) => {
      const rest = conflict.filter((__, j) => j !== i);
      if (bruteForce(withQuotas(rest)) === null) {
        throw new Error(`the conflict holds without quota ${i}`);
      }
    });
  }), 60);
  t.end();
});

t.test('the same input, in any candidate order, gives the same answer',
  (t) => {
    const shape = { size: 12, maxExperts: 8 };
    const shuffled = inputArb(shape).chain((input) => fc.tuple(
      fc.constant(input),
      fc.shuffledSubarray(input.candidates, {
        minLength: input.candidates.length,
      }),
    ));
    holds(t, fc.property(shuffled, ([input, order]) => {
      const first = JSON.stringify(suggestRoster(input));
      const again = JSON.stringify(suggestRoster(input));
      const reordered = JSON.stringify(
        suggestRoster({ ...input, candidates: order }),
      );
      return first === again && first === reordered;
    }), 200);
    t.end();
  });

/* ------------------------------------------------------------------ */
/* Examples                                                            */
/* ------------------------------------------------------------------ */

const OFFICERS = [
  person('chair', 'f', 'Europe', 'IOM', 'DE'),
  person('cochair', 'm', 'Africa', 'AU', 'NG'),
];

function problem(
  pool: [PersonAttributes, number][],
  overrides: Partial<SuggestionInput> = {},
): SuggestionInput {
  return {
    rules: rulesWith(),
    chairId: 'chair',
    coChairId: 'cochair',
    candidates: pool.map(([p, score]) => ({ personId: p.id, score })),
    people: peopleOf(...OFFICERS, ...pool.map(([p]) => p)),
    otherConfirmedGroups: new Map(),
    ...overrides,
  };
}

function reasonsOf(suggestion: Suggestion): { rule: string;
  figures: unknown; message: string }[] {
  if (suggestion.feasible) throw new Error('expected no roster');
  return suggestion.reasons.map(({ rule, figures, message }) =>
    ({ rule, figures, message }));
}

t.test('takes only as many negative scores as the minimum needs', (t) => {
  const pool: [PersonAttributes, number][] = [-0.2, -1.5, 0.7, -0.1, -3]
    .map((score, i) => [person(`p${i}`, null, null, null), score]);
  const suggestion = suggestRoster(problem(pool));
  t.same(suggestion, {
    feasible: true,
    roster: {
      chairId: 'chair',
      coChairId: 'cochair',
      expertIds: ['p2', 'p3', 'p0'],
    },
    total: 0.7 - 0.1 - 0.2,
  });
  t.end();
});

t.test('settles equal totals by the best-ranked differing candidate',
  (t) => {
    // Four pairs total 6; one X at most, and p1 and p3 rank first.
    const pool: [PersonAttributes, number][] = [
      [person('p1', 'f', 'Asia', 'X'), 4],
      [person('p2', 'f', 'Asia', 'X'), 4],
      [person('p3', 'm', 'Asia', 'Y'), 2],
      [person('p4', 'm', 'Asia', 'Z'), 2],
      [person('p5', 'm', 'Asia', 'W'), -5],
    ];
    const rules = rulesWith({
      minExperts: 1,
      maxExperts: 2,
      quotas: [{ attribute: 'affiliation', maxCount: 1 }],
    });
    const suggestion = suggestRoster(problem(pool, { rules }));
    t.same(suggestion.feasible && suggestion.roster.expertIds,
      ['p1', 'p3'], 'p1 and p3 beat p1 and p4, and p2 and p3');

    const zeros = pool.map(([p]): [PersonAttributes, number] => [p, 0]);
    const flat = suggestRoster(problem(zeros, { rules: rulesWith({
      minExperts: 1,
      maxExperts: 3,
    }) }));
    t.same(flat.feasible && flat.roster.expertIds, ['p1', 'p2', 'p3'],
      'with all scores equal, the roster with the best-ranked ids');
    t.end();
  });

t.test('a smaller roster wins a tie when it holds the better-ranked',
  (t) => {
    // a and b share an organisation, a and c a country: the best pair is
    // b and c (1 + 0), which ties a alone; a ranks first, so a wins.
    const pool: [PersonAttributes, number][] = [
      [person('a', null, null, 'X', 'FR'), 1],
      [person('b', null, null, 'X', 'MX'), 1],
      [person('c', null, null, 'Y', 'FR'), 0],
    ];
    const rules = rulesWith({
      minExperts: 1,
      maxExperts: 2,
      quotas: [
        { attribute: 'affiliation', maxCount: 1 },
        { attribute: 'country', maxCount: 1 },
      ],
    });
    const suggestion = suggestRoster(problem(pool, { rules }));
    t.same(suggestion.feasible && suggestion.roster.expertIds, ['a']);
    t.end();
  });

t.test('leaves out officers and people at their group limit', (t) => {
  const pool: [PersonAttributes, number][] = [
    [person('p1', null, null, null), 9],
    [person('p2', null, null, null), 8],
    [person('p3', null, null, null), 1],
    [person('p4', null, null, null), 0.5],
  ];
  const input = problem(pool, {
    otherConfirmedGroups: new Map([['p1', 2]]),
  });
  input.candidates.push({ personId: 'chair', score: 10 });
  const suggestion = suggestRoster(input);
  t.same(suggestion.feasible && suggestion.roster.expertIds,
    ['p2', 'p3', 'p4']);
  t.end();
});

t.test('keeps fixed experts on the roster', (t) => {
  const pool: [PersonAttributes, number][] = [
    [person('p1', null, 'A', 'X'), 9],
    [person('p2', null, 'B', 'X'), 8],
    [person('p3', null, 'C', 'Y'), 1],
    [person('p4', null, 'D', 'Z'), -1],
  ];
  const rules = rulesWith({
    maxExperts: 3,
    quotas: [{ attribute: 'affiliation', maxCount: 1 }],
  });
  const suggestion = suggestRoster(problem(pool, {
    rules,
    fixedExpertIds: ['p2'],
  }));
  t.same(suggestion, {
    feasible: true,
    roster: {
      chairId: 'chair',
      coChairId: 'cochair',
      expertIds: ['p2', 'p3', 'p4'],
    },
    total: 8,
  });
  t.end();
});

t.test('explains a pool too small for the minimum', (t) => {
  const pool: [PersonAttributes, number][] = [
    [person('p1', null, null, null), 1],
    [person('p2', null, null, null), 1],
    [person('p3', null, null, null), 1],
  ];
  const suggestion = suggestRoster(problem(pool, {
    otherConfirmedGroups: new Map([['p3', 3]]),
  }));
  t.same(reasonsOf(suggestion), [{
    rule: 'min_experts',
    message: 'only 2 eligible candidates can serve (1 more is at the limit'
      + ' of 2 other groups), at least 3 experts required',
    figures: { available: 2, minExperts: 3, atGroupLimit: 1 },
  }]);
  t.end();
});

t.test('explains each quota that fails on its own', (t) => {
  const pool: [PersonAttributes, number][] = [1, 2, 3, 4].map((i) =>
    [person(`p${i}`, 'f', i % 2 === 0 ? 'Europe' : 'Africa', 'IOM'), i]);
  const rules = rulesWith({
    quotas: [
      { attribute: 'gender', maxShare: 0.5 },
      { attribute: 'region', minDistinct: 3 },
      { attribute: 'affiliation', maxCount: 1 },
    ],
  });
  const reasons = reasonsOf(suggestRoster(problem(pool, { rules })));

  t.same(reasons.map((r) => r.rule), [
    'quota_max_count',
    'quota_max_share',
    'quota_min_distinct',
  ]);
  t.match(reasons[0], {
    message: 'affiliation maxCount 1 leaves only 0 of the 4 eligible'
      + ' candidates usable; 3 more experts required',
    figures: { attribute: 'affiliation', maxCount: 1, usable: 0 },
  });
  t.match(reasons[1], {
    message: /^maxShare 0\.5 on gender cannot be met: no roster of 5 to 6/,
    figures: { attribute: 'gender', maxShare: 0.5, value: 'f', count: 5 },
  });
  t.same(reasons[2], {
    rule: 'quota_min_distinct',
    message: 'only 2 regions among the officers and eligible candidates;'
      + ' 3 distinct required',
    figures: { attribute: 'region', minDistinct: 3, distinctAvailable: 2 },
  });
  t.end();
});

t.test('names the quotas that cannot be met together', (t) => {
  // Regions B and C come only from UNDP, and one UNDP expert at most.
  const pool: [PersonAttributes, number][] = [
    [person('p1', 'f', 'Europe', 'ILO'), 5],
    [person('p2', 'm', 'Europe', 'OAS'), 4],
    [person('p3', 'f', 'Europe', 'WHO'), 3],
    [person('p4', 'm', 'Asia', 'UNDP'), 2],
    [person('p5', 'f', 'Americas', 'UNDP'), 1],
  ];
  const rules = rulesWith({
    quotas: [
      { attribute: 'gender', maxShare: 0.9 },
      { attribute: 'region', minDistinct: 4 },
      { attribute: 'affiliation', maxCount: 1 },
    ],
  });
  const reasons = reasonsOf(suggestRoster(problem(pool, { rules })));

  t.same(reasons, [
    {
      rule: 'quota_max_count',
      message: 'affiliation maxCount 1 cannot be met together with region'
        + ' minDistinct 4 by any roster of 3 to 5 experts drawn from the 5'
        + ' eligible candidates',
      figures: {
        attribute: 'affiliation',
        maxCount: 1,
        minExperts: 3,
        maxExperts: 5,
        candidates: 5,
        conflictsWith: 'region minDistinct 4',
      },
    },
    {
      rule: 'quota_min_distinct',
      message: 'region minDistinct 4 cannot be met together with affiliation'
        + ' maxCount 1 by any roster of 3 to 5 experts drawn from the 5'
        + ' eligible candidates',
      figures: {
        attribute: 'region',
        minDistinct: 4,
        minExperts: 3,
        maxExperts: 5,
        candidates: 5,
        conflictsWith: 'affiliation maxCount 1',
      },
    },
  ]);
  t.end();
});

t.test('explains officers and fixed experts who cannot serve', (t) => {
  const pool: [PersonAttributes, number][] = [1, 2, 3].map((i) =>
    [person(`p${i}`, null, null, null), i]);
  const suggestion = suggestRoster(problem(pool, {
    coChairId: 'chair',
    fixedExpertIds: ['outsider'],
    otherConfirmedGroups: new Map([['chair', 2]]),
  }));
  t.same(reasonsOf(suggestion).map((r) => r.rule), [
    'expert_not_eligible',
    'max_groups_per_person',
    'officers_distinct',
    'unknown_person',
  ]);
  t.end();
});

t.test('gives up, rather than guess, past its search limit', (t) => {
  const pool: [PersonAttributes, number][] = Array.from({ length: 30 },
    (_, i) => [person(`p${i}`, i % 2 ? 'f' : 'm', `r${i % 4}`, `u${i % 7}`),
      (i * 7) % 11]);
  const rules = rulesWith({
    quotas: [
      { attribute: 'gender', maxShare: 0.5 },
      { attribute: 'region', minDistinct: 4 },
      { attribute: 'affiliation', maxCount: 1 },
    ],
  });
  t.throws(() => suggestRoster(problem(pool, { rules, searchLimit: 50 })),
    SearchLimitError);
  t.ok(suggestRoster(problem(pool, { rules })).feasible,
    'the default limit is ample here');
  t.end();
});

t.test('refuses duplicate candidates and unusable scores', (t) => {
  const base = problem([[person('p1', null, null, null), 1]]);
  t.throws(() => suggestRoster({
    ...base,
    candidates: [{ personId: 'p1', score: 1 }, { personId: 'p1', score: 2 }],
  }), RangeError);
  t.throws(() => suggestRoster({
    ...base,
    candidates: [{ personId: 'p1', score: Number.NaN }],
  }), RangeError);
  t.throws(() => suggestRoster({
    ...base,
    candidates: [{ personId: 'p1', score: 1e12 }],
  }), RangeError);
  t.end();
});

/* ------------------------------------------------------------------ */
/* Replacement from the reserve                                        */
/* ------------------------------------------------------------------ */

const MEMBERS = [
  ...OFFICERS,
  person('e1', 'f', 'Asia', 'UNDP', 'IN'),
  person('e2', 'm', 'Americas', 'OAS', 'MX'),
  person('e3', 'f', 'Oceania', 'SPC', 'FJ'),
];

function replacement(
  reserve: [PersonAttributes, number][],
  overrides: Partial<ReplacementInput> = {},
): ReplacementInput {
  return {
    rules: rulesWith({
      quotas: [
        { attribute: 'gender', maxShare: 0.6 },
        { attribute: 'region', minDistinct: 4 },
        { attribute: 'affiliation', maxCount: 1 },
      ],
    }),
    roster: {
      chairId: 'chair',
      coChairId: 'cochair',
      expertIds: ['e1', 'e2', 'e3'],
    },
    leavingId: 'e2',
    reserve: reserve.map(([p, score]) => ({ personId: p.id, score })),
    people: peopleOf(...MEMBERS, ...reserve.map(([p]) => p)),
    otherConfirmedGroups: new Map(),
    ...overrides,
  };
}

t.test('proposes the best reserve candidate who keeps the rules', (t) => {
  const reserve: [PersonAttributes, number][] = [
    [person('r1', 'm', 'Europe', 'IOM'), 9],
    [person('r2', 'f', 'Europe', 'ILO'), 8],
    [person('r3', 'm', 'Europe', 'WHO'), 7],
    [person('r4', 'm', 'Americas', 'WB'), 6],
  ];
  t.same(suggestReplacement(replacement(reserve)), {
    feasible: true,
    personId: 'r3',
    score: 7,
    roster: {
      chairId: 'chair',
      coChairId: 'cochair',
      expertIds: ['e1', 'r3', 'e3'],
    },
  }, 'r1 shares IOM with the chair; r2 makes 4 of 5 women');
  t.end();
});

t.test('explains why no reserve candidate fits', (t) => {
  const reserve: [PersonAttributes, number][] = [
    [person('r1', 'm', 'Europe', 'IOM'), 9],
    [person('r2', 'f', 'Europe', 'ILO'), 8],
  ];
  const answer = suggestReplacement(replacement(reserve));
  t.same(answer.feasible ? [] : answer.reasons.map((r) =>
    [r.rule, r.figures, r.personIds]), [
    ['quota_max_count', { candidates: 1, reserve: 2 }, ['r1']],
    ['quota_max_share', { candidates: 1, reserve: 2 }, ['r2']],
  ]);

  const empty = suggestReplacement(replacement([]));
  t.same(!empty.feasible && empty.reasons.map((r) => r.rule),
    ['reserve_empty']);

  const chair = suggestReplacement(replacement(reserve, {
    leavingId: 'chair',
  }));
  t.same(!chair.feasible && chair.reasons.map((r) => r.rule),
    ['chair_required']);
  t.throws(() => suggestReplacement(replacement(reserve, {
    leavingId: 'nobody',
  })), RangeError);
  t.end();
});

t.test('a replacement is what the solver picks with the rest fixed', (t) => {
  holds(t, fc.property(inputArb({ size: 8, maxExperts: 6 }), (input) => {
    const staying = input.candidates.map((c) => c.personId)
      .filter((id) => id.startsWith('p')).slice(0, 3);
    if (staying.length < 3) return;
    const roster = {
      chairId: input.chairId,
      coChairId: input.coChairId,
      expertIds: [...staying, 'leaver'],
    };
    const reserve = input.candidates
      .filter((c) => !staying.includes(c.personId));
    const answer = suggestReplacement({
      rules: input.rules,
      roster,
      leavingId: 'leaver',
      reserve,
      people: input.people,
      otherConfirmedGroups: input.otherConfirmedGroups,
    });

    const size = staying.length + 1;
    const solved = suggestRoster({
      ...input,
      rules: { ...input.rules, minExperts: size, maxExperts: size },
      candidates: [
        ...staying.map((personId) => ({ personId, score: 0 })),
        ...reserve,
      ],
      fixedExpertIds: staying,
    });
    const ruleFits = input.rules.minExperts <= size
      && size <= input.rules.maxExperts;
    if (!ruleFits) return answer.feasible === false;
    if (!answer.feasible) return !solved.feasible;
    return solved.feasible
      && solved.roster.expertIds.includes(answer.personId);
  }), 200);
  t.end();
});
