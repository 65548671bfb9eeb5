import fc from 'fast-check';
import t, { type Test } from 'tap';

import {
  RULE_CODES,
  maxShareCount,
  validateRoster,
  type CompositionContext,
  type Roster,
  type Violation,
} from '../../src/domain/composition.js';
import type { PersonAttributes, Quota } from '../../src/domain/rules.js';
import { holds as holdsFor, rulesWith } from '../helpers/domain.js';

const holds = <Ts>(t: Test, property: fc.IProperty<Ts>, numRuns = 300) =>
  holdsFor(t, property, numRuns);

function person(
  id: string,
  gender: string | null,
  region: string | null,
  affiliation: string | null,
  country: string | null,
): PersonAttributes {
  return { id, gender, region, affiliation, country };
}

/* ------------------------------------------------------------------ */
/* An independent, deliberately naive reading of each rule             */
/* ------------------------------------------------------------------ */

function keyOf(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const key = value.trim().toLowerCase();
  return key === '' ? null : key;
}

/** The rule codes a roster breaks, each rule checked on its own. */
function brokenRules(roster: Roster, context: CompositionContext): string[] {
  const { rules, people } = context;
  const broken: string[] = [];
  const chair = roster.chairId ? roster.chairId : null;
  const coChair = roster.coChairId ? roster.coChairId : null;

  if (chair === null) broken.push('chair_required');
  if (coChair === null) broken.push('co_chair_required');
  if (chair !== null && chair === coChair) broken.push('officers_distinct');

  const officers: string[] = [];
  if (chair !== null) officers.push(chair);
  if (coChair !== null && coChair !== chair) officers.push(coChair);
  const listed = [...officers, ...roster.expertIds];
  if (listed.some((id, i) => listed.indexOf(id) !== i)) {
    broken.push('duplicate_member');
  }

  const seats: string[] = [];
  for (const id of roster.expertIds) {
    if (!officers.includes(id) && !seats.includes(id)) seats.push(id);
  }
  if (seats.length < rules.minExperts) broken.push('min_experts');
  if (seats.length > rules.maxExperts) broken.push('max_experts');
  if (seats.some((id) => !context.eligibleIds.has(id))) {
    broken.push('expert_not_eligible');
  }

  const members = [...new Set(listed)];
  if (members.some((id) => !people.has(id))) broken.push('unknown_person');
  const busy = (id: string): boolean =>
    (context.otherConfirmedGroups.get(id) ?? 0) >= rules.maxGroupsPerPerson;
  if (members.some(busy)) broken.push('max_groups_per_person');

  for (const quota of rules.quotas) {
    const known = members
      .map((id) => keyOf(people.get(id)?.[quota.attribute]))
      .filter((key): key is string => key !== null);
    const countOf = (key: string): number =>
      known.filter((k) => k === key).length;
    if (quota.maxShare !== undefined) {
      // Whole percentages keep this comparison in integers.
      const percent = Math.round(quota.maxShare * 100);
      if (known.some((k) => countOf(k) * 100 > percent * members.length)) {
        broken.push('quota_max_share');
      }
    }
    if (quota.maxCount !== undefined) {
      const most = quota.maxCount;
      if (known.some((k) => countOf(k) > most)) broken.push('quota_max_count');
    }
    if (quota.minDistinct !== undefined
      && new Set(known).size < quota.minDistinct) {
      broken.push('quota_min_distinct');
    }
  }
  return [...new Set(broken)].sort();
}

function codes(violations: Violation[]): string[] {
  return [...new Set(violations.map((v) => v.rule))].sort();
}

/* ------------------------------------------------------------------ */
/* Generators                                                          */
/* ------------------------------------------------------------------ */

const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const id = fc.constantFrom(...IDS, 'ghost');
const value = (...values: string[]): fc.Arbitrary<string | null> =>
  fc.constantFrom<string | null>(null, '', '  ', ...values);

const peopleArb = fc.tuple(...IDS.map((pid) => fc.record({
  gender: value('female', 'male', 'Female', 'non-binary'),
  region: value('Africa', 'Asia', 'Europe', ' europe'),
  affiliation: value('IOM', 'iom ', 'UNDP', 'ILO'),
  country: value('DE', 'de', 'NG', 'IN'),
}).map((attrs) => ({ id: pid, ...attrs })))).map(
  (list) => new Map(list.map((p) => [p.id, p] as const)),
);

const quotaArb: fc.Arbitrary<Quota> = fc.record(
  {
    attribute: fc.constantFrom(
      'gender' as const,
      'region' as const,
      'affiliation' as const,
      'country' as const,
    ),
    maxShare: fc.constantFrom(0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 1),
    minDistinct: fc.integer({ min: 0, max: 4 }),
    maxCount: fc.integer({ min: 0, max: 3 }),
  },
  { requiredKeys: ['attribute'] },
);

const rulesArb = fc.record({
  minExperts: fc.integer({ min: 0, max: 4 }),
  maxExperts: fc.integer({ min: 0, max: 8 }),
  maxGroupsPerPerson: fc.integer({ min: 1, max: 3 }),
  quotas: fc.oneof(
    fc.constant<Quota[]>([]),
    fc.array(quotaArb, { maxLength: 4 }),
  ),
}).map((r) => rulesWith(r));

const contextArb: fc.Arbitrary<CompositionContext> = fc.record({
  rules: rulesArb,
  people: peopleArb,
  eligibleIds: fc.oneof(
    fc.constant(IDS),
    fc.subarray([...IDS, 'ghost']),
  ).map((ids) => new Set(ids)),
  otherConfirmedGroups: fc.array(fc.tuple(id, fc.nat({ max: 3 })), {
    maxLength: 4,
  }).map((pairs) => new Map(pairs)),
});

/** Any ids at all: mostly broken rosters. */
const anyRosterArb: fc.Arbitrary<Roster> = fc.record({
  chairId: fc.option(fc.oneof(id, fc.constant(''))),
  coChairId: fc.option(fc.oneof(id, fc.constant(''))),
  expertIds: fc.array(id, { maxLength: 10 }),
});

/** Distinct known people in every seat: often valid rosters. */
const plausibleRosterArb: fc.Arbitrary<Roster> = fc
  .shuffledSubarray(IDS, { minLength: 2 })
  .map(([chairId = null, coChairId = null, ...expertIds]) => ({
    chairId,
    coChairId,
    expertIds,
  }));

const rosterArb = fc.oneof(anyRosterArb, plausibleRosterArb);

/* ------------------------------------------------------------------ */
/* Properties                                                          */
/* ------------------------------------------------------------------ */

t.test('reports exactly the rules a naive reading finds broken', (t) => {
  holds(t, fc.property(rosterArb, contextArb, (roster, context) => {
    const found = codes(validateRoster(roster, context));
    const expected = brokenRules(roster, context);
    if (found.join() !== expected.join()) {
      throw new Error(`found ${found.join()}; expected ${expected.join()}`);
    }
  }), 1000);
  t.end();
});

t.test('a roster with no violation passes every rule alone', (t) => {
  let valid = 0;
  holds(t, fc.property(rosterArb, contextArb, (roster, context) => {
    if (validateRoster(roster, context).length > 0) return;
    valid += 1;
    const broken = brokenRules(roster, context);
    if (broken.length > 0) throw new Error(`breaks ${broken.join()}`);
  }), 1000);
  // The property is vacuous unless some generated rosters are valid.
  t.ok(valid > 0, `${valid} valid rosters were generated`);
  t.end();
});

t.test('gives the same list for any order of the experts', (t) => {
  const shuffled = rosterArb.chain((roster) => fc.tuple(
    fc.constant(roster),
    fc.shuffledSubarray(roster.expertIds, {
      minLength: roster.expertIds.length,
    }),
  ));
  holds(t, fc.property(shuffled, contextArb, ([roster, order], context) => {
    const a = validateRoster(roster, context);
    const b = validateRoster({ ...roster, expertIds: order }, context);
    return JSON.stringify(a) === JSON.stringify(b);
  }), 300);
  t.end();
});

t.test('sorts violations and the people in each', (t) => {
  holds(t, fc.property(rosterArb, contextArb, (roster, context) => {
    const list = validateRoster(roster, context);
    const keys = list.map((v) => `${v.rule}\u0000${v.message}`);
    const sorted = [...keys].sort();
    if (keys.join('\n') !== sorted.join('\n')) return false;
    return list.every((v) => (RULE_CODES as readonly string[]).includes(v.rule)
      && v.message.length > 0
      && (v.personIds ?? []).join() === [...(v.personIds ?? [])].sort().join());
  }));
  t.end();
});

/* ------------------------------------------------------------------ */
/* Each rule alone                                                     */
/* ------------------------------------------------------------------ */

const PEOPLE = new Map([
  person('c', 'female', 'Europe', 'IOM', 'DE'),
  person('d', 'male', 'Africa', 'AU', 'NG'),
  person('e1', 'female', 'Asia', 'UNDP', 'IN'),
  person('e2', 'male', 'Americas', 'OAS', 'MX'),
  person('e3', null, 'Europe', 'ILO', 'FR'),
].map((p) => [p.id, p]));

const VALID: Roster = {
  chairId: 'c',
  coChairId: 'd',
  expertIds: ['e1', 'e2', 'e3'],
};

function context(
  overrides: Partial<CompositionContext> = {},
): CompositionContext {
  return {
    rules: rulesWith(),
    people: PEOPLE,
    eligibleIds: new Set(['e1', 'e2', 'e3', 'ghost']),
    otherConfirmedGroups: new Map([['e1', 1]]),
    ...overrides,
  };
}

function withPerson(p: PersonAttributes): Map<string, PersonAttributes> {
  return new Map([...PEOPLE, [p.id, p]]);
}

t.test('the reference roster is valid', (t) => {
  t.same(validateRoster(VALID, context()), []);
  t.end();
});

t.test('each rule broken alone yields only its violation', (t) => {
  const cases: [string, Roster, CompositionContext, string][] = [
    ['chair_required', { ...VALID, chairId: null }, context(),
      'the roster has no chair'],
    ['co_chair_required', { ...VALID, coChairId: '' }, context(),
      'the roster has no co-chair'],
    ['officers_distinct', { ...VALID, coChairId: 'c' }, context(),
      'the chair and the co-chair are the same person'],
    ['min_experts', { ...VALID, expertIds: ['e1', 'e2'] }, context(),
      'only 2 experts on the roster; at least 3 required'],
    ['max_experts', VALID, context({ rules: rulesWith({ maxExperts: 2 }) }),
      '3 experts on the roster; at most 2 allowed'],
    ['expert_not_eligible', VALID,
      context({ eligibleIds: new Set(['e1', 'e2']) }),
      '1 expert is not a candidate of an eligible, consented nomination'
        + ' of this cycle'],
    ['duplicate_member', { ...VALID, expertIds: ['e1', 'e2', 'e3', 'e1'] },
      context(), '1 person appears more than once on the roster'],
    ['max_groups_per_person', VALID,
      context({ otherConfirmedGroups: new Map([['e2', 2], ['e1', 1]]) }),
      '1 member already sits on 2 or more other confirmed groups with'
        + ' overlapping terms; this one would exceed the limit of 2'],
    ['quota_max_share', VALID, context({
      people: withPerson(person('e3', 'female', 'Europe', 'ILO', 'FR')),
      rules: rulesWith({ quotas: [{ attribute: 'gender', maxShare: 0.5 }] }),
    }), "3 of 5 members (60%) share gender 'female'; at most 50% allowed"],
    ['quota_min_distinct', VALID, context({
      rules: rulesWith({ quotas: [{ attribute: 'region', minDistinct: 5 }] }),
    }), 'only 4 regions on the roster; 5 distinct required'],
    ['quota_max_count', VALID, context({
      people: withPerson(person('e2', 'male', 'Americas', 'iom ', 'MX')),
    }), "2 members have affiliation 'IOM'; at most 1 allowed"],
    ['unknown_person', { ...VALID, expertIds: ['e1', 'e2', 'e3', 'ghost'] },
      context(), '1 member is not a known person'],
  ];
  t.same(cases.map((c) => c[0]).sort(), [...RULE_CODES].sort(),
    'every rule code has a case');

  for (const [rule, roster, ctx, message] of cases) {
    const violations = validateRoster(roster, ctx);
    t.same(violations.map((v) => [v.rule, v.message]), [[rule, message]],
      rule);
  }
  t.end();
});

t.test('lists several broken rules at once, with figures and people', (t) => {
  const roster: Roster = {
    chairId: null,
    coChairId: 'd',
    expertIds: ['e1', 'ghost', 'e1', 'd'],
  };
  const ctx = context({
    otherConfirmedGroups: new Map([['e1', 2]]),
    rules: rulesWith({ quotas: [
      { attribute: 'region', minDistinct: 3 },
      { attribute: 'gender', maxShare: 0.3 },
    ] }),
  });
  const violations = validateRoster(roster, ctx);

  t.same(violations.map((v) => v.rule), [
    'chair_required',
    'duplicate_member',
    'max_groups_per_person',
    'min_experts',
    'quota_max_share',
    'quota_max_share',
    'quota_min_distinct',
    'unknown_person',
  ]);
  const byRule = (rule: string): Violation[] =>
    violations.filter((v) => v.rule === rule);
  t.same(byRule('duplicate_member')[0]?.personIds, ['d', 'e1']);
  t.same(byRule('min_experts')[0]?.figures, { experts: 2, minExperts: 3 });
  t.same(byRule('quota_min_distinct')[0], {
    rule: 'quota_min_distinct',
    message: 'only 2 regions on the roster; 3 distinct required'
      + ' (1 member has no region recorded)',
    figures: { attribute: 'region', distinct: 2, minDistinct: 3, unknown: 1 },
    personIds: ['ghost'],
  });
  t.same(byRule('quota_max_share').map((v) => v.message), [
    "1 of 3 members (33.3%) share gender 'female'; at most 30% allowed",
    "1 of 3 members (33.3%) share gender 'male'; at most 30% allowed",
  ]);
  t.end();
});

t.test('an unknown value counts in the size but never as a value', (t) => {
  const people = new Map([
    person('c', 'female', 'Europe', null, null),
    person('d', 'female', null, null, null),
    person('x', null, '', null, null),
    person('y', '  ', null, null, null),
    person('z', null, null, null, null),
  ].map((p) => [p.id, p]));
  const ctx = context({
    people,
    eligibleIds: new Set(['x', 'y', 'z']),
    rules: rulesWith({ quotas: [
      { attribute: 'gender', maxShare: 0.4 },
      { attribute: 'region', minDistinct: 2 },
      { attribute: 'affiliation', maxCount: 0 },
    ] }),
  });
  const roster = { chairId: 'c', coChairId: 'd', expertIds: ['x', 'y', 'z'] };

  // Two of five is 40%: blanks dilute the share and are not a gender.
  t.same(validateRoster(roster, ctx).map((v) => v.message), [
    'only 1 region on the roster; 2 distinct required'
      + ' (4 members have no region recorded)',
  ]);
  t.end();
});

t.test('a share exactly at its limit is allowed, one more is not', (t) => {
  const people = new Map(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']
    .map((pid, i) => person(pid, i < 7 ? 'f' : 'm', null, null, null))
    .map((p) => [p.id, p]));
  const ctx = context({
    people,
    eligibleIds: new Set(people.keys()),
    rules: rulesWith({ quotas: [{ attribute: 'gender', maxShare: 0.7 }] }),
  });
  const roster = {
    chairId: 'a',
    coChairId: 'b',
    expertIds: ['c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
  };
  t.same(validateRoster(roster, ctx), [], '7 of 10 is within 70%');

  const tighter = { ...ctx, rules: rulesWith({
    quotas: [{ attribute: 'gender', maxShare: 0.69 }],
  }) };
  t.same(validateRoster(roster, tighter).map((v) => v.figures), [{
    attribute: 'gender',
    value: 'f',
    count: 7,
    members: 10,
    maxShare: 0.69,
  }], '7 of 10 is over 69%');
  t.end();
});

t.test('turns a share into a whole count despite binary rounding', (t) => {
  t.equal(maxShareCount(0.57, 100), 57, '0.57 of 100 is 57, not 56');
  t.equal(maxShareCount(0.6, 5), 3);
  t.equal(maxShareCount(0.4, 7), 2);
  t.equal(maxShareCount(-0.1, 5), 0, 'a negative share allows nobody');
  t.end();
});
