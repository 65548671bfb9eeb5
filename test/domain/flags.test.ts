import fc from 'fast-check';
import t from 'tap';

import { normaliseAffiliation } from '../../src/domain/conflicts.js';
import {
  findRings,
  flagNominations,
  type FlagCode,
  type FlaggedNomination,
} from '../../src/domain/flags.js';
import { holds } from '../helpers/domain.js';

function nomination(
  id: string,
  nominatorId: string,
  candidateId: string,
  endorserIds: string[] = [],
  withdrawn = false,
): FlaggedNomination {
  return { id, nominatorId, candidateId, endorserIds, withdrawn };
}

const noAffiliations = (): string | null => null;

function affiliations(
  known: Record<string, string | null>,
): (personId: string) => string | null {
  return (personId) => known[personId] ?? null;
}

// ---------------------------------------------------------------------------
// Generated cycles: a small pool of people, so that nominations meet often.

const PEOPLE = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
const person = fc.constantFrom(...PEOPLE);
const affiliation = fc.constantFrom(null, '', 'IOM', ' iom', 'UNDP', 'undp ');

const shape = fc.record({
  candidateId: person,
  nominatorId: person,
  endorserIds: fc.uniqueArray(person, { maxLength: 3 }),
});

// Ids are given by position so they stay unique; a withdrawn nomination
// shows up about one time in eight.
const nominations = fc
  .array(
    fc.tuple(shape, fc.integer({ min: 0, max: 7 })),
    { maxLength: 12 },
  )
  .map((rows) =>
    rows.map(
      ([row, dice], i): FlaggedNomination => ({
        ...row,
        id: `n${String(i).padStart(2, '0')}`,
        withdrawn: dice === 0,
      }),
    ),
  );

const lookup = fc
  .array(affiliation, { minLength: PEOPLE.length, maxLength: PEOPLE.length })
  .map((values) => {
    const known = PEOPLE.map((id, i) => [id, values[i] ?? null] as const);
    return affiliations(Object.fromEntries(known));
  });

/** Referral edges of the live nominations, self-referrals left out. */
function edgesOf(list: readonly FlaggedNomination[]): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const n of list) {
    if (n.withdrawn) continue;
    for (const referrer of [n.nominatorId, ...n.endorserIds]) {
      if (referrer === n.candidateId) continue;
      edges.set(referrer, [...(edges.get(referrer) ?? []), n.candidateId]);
    }
  }
  return edges;
}

/** Breadth-first search: can `to` be reached from `from`? */
function reaches(
  edges: ReadonlyMap<string, string[]>,
  from: string,
  to: string,
): boolean {
  const seen = new Set([from]);
  const queue = [from];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const target of edges.get(next) ?? []) {
      if (target === to) return true;
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return false;
}

/**
 * The flags as the rules state them, computed the slow and obvious way,
 * to check the real implementation against.
 */
function expectedFlags(
  list: readonly FlaggedNomination[],
  affiliationOf: (personId: string) => string | null,
): Map<string, FlagCode[]> {
  const live = list.filter((n) => !n.withdrawn);
  const edges = edgesOf(list);
  const expected = new Map<string, FlagCode[]>();
  for (const n of list) {
    const codes: FlagCode[] = [];
    if (!n.withdrawn) {
      const ownAffiliation = normaliseAffiliation(affiliationOf(n.candidateId));
      const colleague = n.endorserIds.some(
        (e) =>
          e !== n.candidateId &&
          ownAffiliation !== null &&
          normaliseAffiliation(affiliationOf(e)) === ownAffiliation,
      );
      if (colleague) codes.push('endorser_same_affiliation');

      const mutual = live.some(
        (m) =>
          n.candidateId !== n.nominatorId &&
          m.nominatorId === n.candidateId &&
          m.candidateId === n.nominatorId,
      );
      if (mutual) codes.push('mutual_nomination');

      const ring = [n.nominatorId, ...n.endorserIds].some(
        (r) => r !== n.candidateId && reaches(edges, n.candidateId, r),
      );
      if (ring) codes.push('referral_ring');
    }
    expected.set(n.id, codes);
  }
  return expected;
}

function entries(flags: Map<string, FlagCode[]>): [string, FlagCode[]][] {
  return [...flags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function sameFlags(
  a: Map<string, FlagCode[]>,
  b: Map<string, FlagCode[]>,
): boolean {
  return JSON.stringify(entries(a)) === JSON.stringify(entries(b));
}

// ---------------------------------------------------------------------------
// Constructed cycles.

t.test('flags both sides of a mutual nomination', async (t) => {
  const flags = flagNominations(
    [nomination('n1', 'ana', 'ben'), nomination('n2', 'ben', 'ana')],
    noAffiliations,
  );
  t.same(flags.get('n1'), ['mutual_nomination', 'referral_ring']);
  t.same(flags.get('n2'), ['mutual_nomination', 'referral_ring']);
});

t.test('reports a two-person ring as a ring', async (t) => {
  const rings = findRings([
    nomination('n1', 'ben', 'ana'),
    nomination('n2', 'ana', 'ben'),
  ]);
  t.same(rings, [['ana', 'ben']]);
});

t.test('finds a three-person ring closed by endorsements', async (t) => {
  // ana -> ben (nominates), ben -> dev (endorses), dev -> ana (endorses).
  // chloe and eve refer into the ring from outside it.
  const list = [
    nomination('n1', 'ana', 'ben'),
    nomination('n2', 'chloe', 'dev', ['ben']),
    nomination('n3', 'chloe', 'ana', ['dev']),
    nomination('n4', 'eve', 'ben', ['chloe']),
  ];
  const flags = flagNominations(list, noAffiliations);

  t.same(flags.get('n1'), ['referral_ring']);
  t.same(flags.get('n2'), ['referral_ring'], 'ben endorses inside the ring');
  t.same(flags.get('n3'), ['referral_ring'], 'dev endorses inside the ring');
  t.same(flags.get('n4'), [], 'no referrer of n4 is on the ring');
  t.same(findRings(list), [['ana', 'ben', 'dev']]);
});

t.test('finds nothing along a chain', async (t) => {
  const list = [
    nomination('n1', 'ana', 'ben'),
    nomination('n2', 'ben', 'chloe', ['ana']),
    nomination('n3', 'chloe', 'dev', ['ana', 'ben']),
  ];
  const flags = flagNominations(list, noAffiliations);

  t.same(entries(flags), [
    ['n1', []],
    ['n2', []],
    ['n3', []],
  ]);
  t.same(findRings(list), []);
});

t.test('does not take a self-referral for a ring', async (t) => {
  const list = [
    nomination('n1', 'ana', 'ana', ['ana']),
    nomination('n2', 'ben', 'chloe', ['chloe']),
  ];
  const flags = flagNominations(list, noAffiliations);

  t.same(flags.get('n1'), []);
  t.same(flags.get('n2'), []);
  t.same(findRings(list), []);
});

t.test('lists separate rings apart, each sorted', async (t) => {
  const list = [
    nomination('n1', 'zoe', 'yan'),
    nomination('n2', 'yan', 'xia'),
    nomination('n3', 'xia', 'zoe'),
    nomination('n4', 'dev', 'ben'),
    nomination('n5', 'ben', 'dev'),
    nomination('n6', 'ben', 'xia'),
  ];
  t.same(findRings(list), [
    ['ben', 'dev'],
    ['xia', 'yan', 'zoe'],
  ]);
  t.same(flagNominations(list, noAffiliations).get('n6'), []);
});

t.test('leaves withdrawn nominations out of every flag', async (t) => {
  const list = [
    nomination('n1', 'ana', 'ben'),
    nomination('n2', 'ben', 'ana', [], true),
    nomination('n3', 'chloe', 'dev', ['eve']),
  ];
  const flags = flagNominations(list, affiliations({ dev: 'IOM', eve: 'IOM' }));

  t.same(flags.get('n1'), [], 'the returned nomination was withdrawn');
  t.same(flags.get('n2'), [], 'a withdrawn nomination gets no flags');
  t.same(flags.get('n3'), ['endorser_same_affiliation']);
  t.same(findRings(list), []);

  const withdrawnColleague = flagNominations(
    [nomination('n3', 'chloe', 'dev', ['eve'], true)],
    affiliations({ dev: 'IOM', eve: 'IOM' }),
  );
  t.same(withdrawnColleague.get('n3'), []);
});

t.test('flags an endorser from the candidate’s affiliation', async (t) => {
  const known = affiliations({
    cand: '  Makerere University ',
    same: 'makerere university',
    other: 'University of Nairobi',
    blank: '   ',
    nominator: 'Makerere University',
  });
  const flag = (endorserIds: string[]): FlagCode[] | undefined =>
    flagNominations(
      [nomination('n1', 'nominator', 'cand', endorserIds)],
      known,
    ).get('n1');

  t.same(flag(['same']), ['endorser_same_affiliation']);
  t.same(flag(['other', 'same']), ['endorser_same_affiliation']);
  t.same(flag(['other']), []);
  t.same(flag([]), [], 'a colleague who only nominates is not flagged');
  t.same(flag(['unknown', 'blank']), [], 'unknown affiliations never match');
  t.same(flag(['cand']), [], 'a candidate is no colleague of their own');
});

t.test('never matches two unknown affiliations', async (t) => {
  const known = affiliations({ cand: '', end: '' });
  const flags = flagNominations(
    [nomination('n1', 'nom', 'cand', ['end', 'stranger'])],
    known,
  );
  t.same(flags.get('n1'), []);
});

t.test('keeps one entry per nomination, in id order', async (t) => {
  const flags = flagNominations(
    [
      nomination('n3', 'ana', 'ben'),
      nomination('n1', 'ben', 'ana'),
      nomination('n2', 'chloe', 'dev', [], true),
    ],
    noAffiliations,
  );
  t.same([...flags.keys()], ['n1', 'n2', 'n3']);
});

t.test('refuses two nominations with one id', async (t) => {
  t.throws(
    () =>
      flagNominations(
        [nomination('n1', 'ana', 'ben'), nomination('n1', 'chloe', 'dev')],
        noAffiliations,
      ),
    RangeError,
  );
});

t.test('follows a ring of twenty thousand people', async (t) => {
  // Deep enough that a recursive search would overflow the call stack.
  const size = 20_000;
  const name = (i: number): string => `p${String(i).padStart(5, '0')}`;
  const list = Array.from({ length: size }, (_, i) =>
    nomination(`n${i}`, name(i), name((i + 1) % size)),
  );

  const rings = findRings(list);
  t.equal(rings.length, 1);
  t.equal(rings[0]?.length, size);
  const flags = flagNominations(list, noAffiliations);
  const ringFlags = [...flags.values()].filter((codes) =>
    codes.includes('referral_ring'),
  );
  t.equal(ringFlags.length, size);
});

// ---------------------------------------------------------------------------
// Properties.

t.test('agrees with the rules computed by brute force', async (t) => {
  holds(
    t,
    fc.property(nominations, lookup, (list, affiliationOf) =>
      sameFlags(
        flagNominations(list, affiliationOf),
        expectedFlags(list, affiliationOf),
      ),
    ),
  );
});

t.test('does not depend on the order of the input', async (t) => {
  const reordered = nominations.chain((list) =>
    fc.tuple(
      fc.constant(list),
      fc.shuffledSubarray(list, {
        minLength: list.length,
        maxLength: list.length,
      }),
    ),
  );
  holds(
    t,
    fc.property(reordered, lookup, ([list, shuffled], affiliationOf) => {
      const endorsersReversed = shuffled.map((n) => ({
        ...n,
        endorserIds: [...n.endorserIds].reverse(),
      }));
      const a = flagNominations(list, affiliationOf);
      const b = flagNominations(endorsersReversed, affiliationOf);
      return (
        JSON.stringify([...a]) === JSON.stringify([...b]) &&
        JSON.stringify(findRings(list)) ===
          JSON.stringify(findRings(endorsersReversed))
      );
    }),
  );
});

t.test('gives sorted, distinct codes for every nomination', async (t) => {
  holds(
    t,
    fc.property(nominations, lookup, (list, affiliationOf) => {
      const flags = flagNominations(list, affiliationOf);
      if (flags.size !== list.length) return false;
      return [...flags.values()].every(
        (codes) =>
          new Set(codes).size === codes.length &&
          codes.every((code, i) => i === 0 || (codes[i - 1] ?? '') < code),
      );
    }),
  );
});

t.test('never flags a ring where referrals only go forward', async (t) => {
  // Referrers always come before their candidate in the list of people,
  // so the referral graph cannot close a cycle.
  const forward = fc
    .array(
      fc
        .integer({ min: 1, max: PEOPLE.length - 1 })
        .chain((candidate) =>
          fc.record({
            candidate: fc.constant(candidate),
            nominator: fc.integer({ min: 0, max: candidate - 1 }),
            endorsers: fc.uniqueArray(
              fc.integer({ min: 0, max: candidate - 1 }),
              { maxLength: 3 },
            ),
          }),
        ),
      { maxLength: 15 },
    )
    .map((rows) =>
      rows.map((row, i) =>
        nomination(
          `n${i}`,
          `p${row.nominator}`,
          `p${row.candidate}`,
          row.endorsers.map((e) => `p${e}`),
        ),
      ),
    );
  holds(
    t,
    fc.property(forward, lookup, (list, affiliationOf) => {
      const flags = flagNominations(list, affiliationOf);
      const flagged = [...flags.values()].some(
        (codes) =>
          codes.includes('referral_ring') ||
          codes.includes('mutual_nomination'),
      );
      return !flagged && findRings(list).length === 0;
    }),
  );
});

t.test('only adds flags when a nomination is added', async (t) => {
  holds(
    t,
    fc.property(nominations, shape, lookup, (list, extra, affiliationOf) => {
      const before = flagNominations(list, affiliationOf);
      const added = { ...extra, id: 'added', withdrawn: false };
      const after = flagNominations([...list, added], affiliationOf);
      return [...before].every(([id, codes]) =>
        codes.every((code) => after.get(id)?.includes(code)),
      );
    }),
  );
});

t.test('changes nothing when newcomers are added', async (t) => {
  // The added nomination involves only people outside the pool, so it
  // can neither close a ring nor return a nomination.
  const newcomers = fc.record({
    candidateId: fc.constant('new0'),
    nominatorId: fc.constantFrom('new1', 'new2'),
    endorserIds: fc.subarray(['new2', 'new3', 'new4']),
  });
  holds(
    t,
    fc.property(nominations, newcomers, (list, extra) => {
      const before = flagNominations(list, noAffiliations);
      const added = { ...extra, id: 'added' };
      const after = flagNominations([...list, added], noAffiliations);
      after.delete('added');
      return sameFlags(before, after);
    }),
  );
});

t.test('treats a withdrawn nomination as absent', async (t) => {
  const withOne = nominations.chain((list) =>
    fc.tuple(fc.constant(list), fc.nat({ max: Math.max(0, list.length - 1) })),
  );
  holds(
    t,
    fc.property(withOne, lookup, ([list, pick], affiliationOf) => {
      fc.pre(list.length > 0);
      const target = list[pick];
      if (target === undefined) return false;

      const withdrawn = list.map((n) =>
        n === target ? { ...n, withdrawn: true } : n,
      );
      const removed = list.filter((n) => n !== target);
      const flags = flagNominations(withdrawn, affiliationOf);
      const withoutIt = flagNominations(removed, affiliationOf);

      const own = flags.get(target.id);
      flags.delete(target.id);
      return own?.length === 0 && sameFlags(flags, withoutIt);
    }),
  );
});

t.test('always flags a mutual nomination as a ring too', async (t) => {
  holds(
    t,
    fc.property(nominations, lookup, (list, affiliationOf) =>
      [...flagNominations(list, affiliationOf).values()].every(
        (codes) =>
          !codes.includes('mutual_nomination') ||
          codes.includes('referral_ring'),
      ),
    ),
  );
});

t.test('finds the same rings with every referral reversed', async (t) => {
  holds(
    t,
    fc.property(nominations, (list) => {
      // Each referral r -> c becomes a nomination of r by c.
      const reversed = list.flatMap((n) =>
        [n.nominatorId, ...n.endorserIds].map((referrer, i) => ({
          id: `${n.id}-${i}`,
          candidateId: referrer,
          nominatorId: n.candidateId,
          endorserIds: [],
          withdrawn: n.withdrawn ?? false,
        })),
      );
      return (
        JSON.stringify(findRings(list)) === JSON.stringify(findRings(reversed))
      );
    }),
  );
});

t.test('returns rings that are disjoint, sorted and closed', async (t) => {
  holds(
    t,
    fc.property(nominations, (list) => {
      const rings = findRings(list);
      const edges = edgesOf(list);
      const seen = new Set<string>();

      for (const ring of rings) {
        if (ring.length < 2) return false;
        if (ring.some((id, i) => i > 0 && (ring[i - 1] ?? '') >= id)) {
          return false;
        }
        for (const a of ring) {
          if (seen.has(a)) return false;
          seen.add(a);
          if (ring.some((b) => b !== a && !reaches(edges, a, b))) return false;
        }
      }
      const firsts = rings.map((ring) => ring[0] ?? '');
      if (firsts.some((id, i) => i > 0 && (firsts[i - 1] ?? '') >= id)) {
        return false;
      }

      // Nobody who lies on a cycle is missing from the rings.
      return PEOPLE.every(
        (a) =>
          seen.has(a) ||
          !PEOPLE.some(
            (b) => b !== a && reaches(edges, a, b) && reaches(edges, b, a),
          ),
      );
    }),
  );
});
