import fc from 'fast-check';
import t from 'tap';

import {
  deriveConflicts,
  effectiveConflicts,
  isConflicted,
  normaliseAffiliation,
  sameAffiliation,
  type ConflictReason,
} from '../../src/domain/conflicts.js';
import { holds } from '../helpers/domain.js';

const ORDER: ConflictReason[] = [
  'is_candidate',
  'is_nominator',
  'is_endorser',
  'same_affiliation',
  'declared',
  'restricted',
];

const base = {
  reviewerId: 'rev',
  reviewerAffiliation: 'University of Ghana',
  candidateId: 'cand',
  candidateAffiliation: 'IOM',
  nominatorId: 'nom',
  endorserIds: ['end1', 'end2'],
};

const people = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const personId = fc.constantFrom(...people);
const affiliation = fc.oneof(
  fc.constant(null),
  fc.constantFrom('', '  ', 'IOM', ' iom ', 'Iom', 'UNDP'),
  fc.constantFrom('Straße', 'STRASSE', 'strasse '),
);
const nomination = fc.record({
  reviewerId: personId,
  reviewerAffiliation: affiliation,
  candidateId: personId,
  candidateAffiliation: affiliation,
  nominatorId: personId,
  endorserIds: fc.uniqueArray(personId, { maxLength: 4 }),
});
const reasons = fc.subarray(ORDER);
const options = fc.record({
  declared: fc.boolean(),
  affiliationLifted: fc.boolean(),
  restricted: fc.boolean(),
});

t.test('finds no conflict for an outsider', async (t) => {
  t.same(deriveConflicts(base), []);
  t.notOk(isConflicted(deriveConflicts(base)));
});

t.test('conflicts the candidate', async (t) => {
  const reasons = deriveConflicts({ ...base, reviewerId: 'cand' });
  t.same(reasons, ['is_candidate']);
  t.ok(isConflicted(reasons));
});

t.test('conflicts the nominator', async (t) => {
  t.same(deriveConflicts({ ...base, reviewerId: 'nom' }), ['is_nominator']);
});

t.test('conflicts each endorser', async (t) => {
  t.same(deriveConflicts({ ...base, reviewerId: 'end1' }), ['is_endorser']);
  t.same(deriveConflicts({ ...base, reviewerId: 'end2' }), ['is_endorser']);
});

t.test('conflicts a colleague of the candidate', async (t) => {
  const reasons = deriveConflicts({ ...base, reviewerAffiliation: 'IOM' });
  t.same(reasons, ['same_affiliation']);
});

t.test('compares affiliations trimmed and case-folded', async (t) => {
  const padded = { ...base, reviewerAffiliation: '  iom\t' };
  t.same(deriveConflicts(padded), ['same_affiliation']);
  t.ok(sameAffiliation('Straße', 'STRASSE'));
  t.ok(sameAffiliation('École', 'ÉCOLE '));
  // The same letter, composed and decomposed.
  t.ok(sameAffiliation('Universit\u00e9', 'universite\u0301'));
  t.notOk(sameAffiliation('IOM', 'IOM Geneva'));
});

t.test('never matches an unknown affiliation', async (t) => {
  const unknown = [null, '', '   '];
  for (const left of unknown) {
    for (const right of unknown) {
      const pair = `${JSON.stringify(left)} and ${JSON.stringify(right)}`;
      t.notOk(sameAffiliation(left, right), pair);
      const reasons = deriveConflicts({
        ...base,
        reviewerAffiliation: left,
        candidateAffiliation: right,
      });
      t.same(reasons, [], 'no derived conflict either');
    }
  }
  t.equal(normaliseAffiliation('   '), null);
  t.equal(normaliseAffiliation(null), null);
  t.equal(normaliseAffiliation(' UNHCR '), 'unhcr');
});

t.test('lists every reason that holds, in a fixed order', async (t) => {
  const everything = deriveConflicts({
    reviewerId: 'ana',
    reviewerAffiliation: 'IOM',
    candidateId: 'ana',
    candidateAffiliation: 'iom',
    nominatorId: 'ana',
    endorserIds: ['ben', 'ana'],
  });
  t.same(everything, [
    'is_candidate',
    'is_nominator',
    'is_endorser',
    'same_affiliation',
  ]);
});

t.test('lifts only a shared affiliation', async (t) => {
  const lifted = { declared: false, affiliationLifted: true };
  t.same(effectiveConflicts(['same_affiliation'], lifted), []);
  t.same(
    effectiveConflicts(['is_nominator', 'same_affiliation'], lifted),
    ['is_nominator'],
  );
  t.same(effectiveConflicts(['is_candidate'], lifted), ['is_candidate']);
});

t.test('adds a declared conflict', async (t) => {
  const declared = { declared: true, affiliationLifted: false };
  t.same(effectiveConflicts([], declared), ['declared']);
  t.same(effectiveConflicts(['same_affiliation'], declared), [
    'same_affiliation',
    'declared',
  ]);
  const both = { declared: true, affiliationLifted: true };
  t.same(effectiveConflicts(['same_affiliation'], both), ['declared']);
});

t.test('adds a restriction ruled on the declaration', async (t) => {
  const restricted = {
    declared: false, affiliationLifted: false, restricted: true,
  };
  t.same(effectiveConflicts([], restricted), ['restricted']);
  t.same(
    effectiveConflicts(['same_affiliation'], { ...restricted,
      declared: true, affiliationLifted: true }),
    ['declared', 'restricted'],
  );
  t.same(
    effectiveConflicts([], { declared: false, affiliationLifted: false }),
    [],
    'no restriction when the ruling says nothing',
  );
});

t.test('always conflicts a reviewer restricted from it', async (t) => {
  holds(
    t,
    fc.property(nomination, options, (input, opts) => {
      const effective = effectiveConflicts(deriveConflicts(input),
        { ...opts, restricted: true });
      return isConflicted(effective) && effective.includes('restricted');
    }),
  );
});

t.test('keeps derived conflicts when nothing is decided', async (t) => {
  const none = { declared: false, affiliationLifted: false };
  t.same(effectiveConflicts(['is_endorser', 'same_affiliation'], none), [
    'is_endorser',
    'same_affiliation',
  ]);
  t.same(effectiveConflicts([], none), []);
});

t.test('never conflicts an unrelated reviewer from elsewhere', async (t) => {
  holds(
    t,
    fc.property(nomination, fc.boolean(), (input, lifted) => {
      fc.pre(input.reviewerId !== input.candidateId);
      fc.pre(input.reviewerId !== input.nominatorId);
      fc.pre(!input.endorserIds.includes(input.reviewerId));
      fc.pre(
        normaliseAffiliation(input.reviewerAffiliation) !==
          normaliseAffiliation(input.candidateAffiliation) ||
          normaliseAffiliation(input.reviewerAffiliation) === null,
      );
      const derived = deriveConflicts(input);
      const opts = { declared: false, affiliationLifted: lifted };
      return (
        !isConflicted(derived) &&
        !isConflicted(effectiveConflicts(derived, opts))
      );
    }),
  );
});

t.test('always conflicts the candidate, whatever is lifted', async (t) => {
  holds(
    t,
    fc.property(nomination, options, (input, opts) => {
      const asCandidate = { ...input, reviewerId: input.candidateId };
      const derived = deriveConflicts(asCandidate);
      const effective = effectiveConflicts(derived, opts);
      return (
        isConflicted(effective) && effective.includes('is_candidate')
      );
    }),
  );
});

t.test('always conflicts a reviewer who declares one', async (t) => {
  holds(
    t,
    fc.property(nomination, fc.boolean(), (input, lifted) => {
      const opts = { declared: true, affiliationLifted: lifted };
      const effective = effectiveConflicts(deriveConflicts(input), opts);
      return isConflicted(effective) && effective.includes('declared');
    }),
  );
});

t.test('returns distinct reasons in the fixed order', async (t) => {
  holds(
    t,
    fc.property(nomination, options, (input, opts) => {
      const derived = deriveConflicts(input);
      const effective = effectiveConflicts(derived, opts);
      for (const list of [derived, effective]) {
        const positions = list.map((reason) => ORDER.indexOf(reason));
        const ascending = positions.every(
          (position, i) => i === 0 || position > (positions[i - 1] ?? -1),
        );
        if (!ascending || positions.includes(-1)) return false;
      }
      return true;
    }),
  );
});

t.test('changes nothing but the lifted and declared reasons', async (t) => {
  holds(
    t,
    fc.property(reasons, options, (derived, opts) => {
      const effective = effectiveConflicts(derived, opts);
      for (const reason of ORDER) {
        let expected = derived.includes(reason);
        if (reason === 'same_affiliation' && opts.affiliationLifted) {
          expected = false;
        }
        if (reason === 'declared' && opts.declared) expected = true;
        if (reason === 'restricted' && opts.restricted) expected = true;
        if (effective.includes(reason) !== expected) return false;
      }
      return true;
    }),
  );
});

t.test('ignores the order of the endorsers', async (t) => {
  holds(
    t,
    fc.property(nomination, (input) => {
      const reversed = {
        ...input,
        endorserIds: [...input.endorserIds].reverse(),
      };
      const a = deriveConflicts(input);
      const b = deriveConflicts(reversed);
      return a.length === b.length && a.every((r, i) => r === b[i]);
    }),
  );
});

t.test('treats affiliation matching as symmetric', async (t) => {
  holds(
    t,
    fc.property(affiliation, affiliation, (a, b) => {
      return sameAffiliation(a, b) === sameAffiliation(b, a);
    }),
  );
});

t.test('counts a declared affiliation like the reviewer\'s own', async (t) => {
  t.same(deriveConflicts({ ...base, reviewerAffiliation: null,
    declaredAffiliations: ['UNDP', ' iom '] }), ['same_affiliation']);
  holds(
    t,
    fc.property(nomination, fc.array(affiliation, { maxLength: 3 }),
      (input, extra) => {
        const declaredAffiliations: string[] = extra
          .flatMap((a) => (a === null ? [] : [a]));
        const derived = deriveConflicts({ ...input, declaredAffiliations });
        const shared = [input.reviewerAffiliation, ...declaredAffiliations]
          .some((a) => sameAffiliation(a, input.candidateAffiliation));
        const without = deriveConflicts(input)
          .filter((r) => r !== 'same_affiliation');
        return derived.includes('same_affiliation') === shared
          && JSON.stringify(derived.filter((r) => r !== 'same_affiliation'))
            === JSON.stringify(without);
      }),
  );
});
