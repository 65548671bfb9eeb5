import fc from 'fast-check';
import t from 'tap';

import {
  LIVE_STATUSES,
  NOMINATION_STATUSES,
  countReferrals,
  isEligible,
  isLive,
  type NominationStatus,
} from '../../src/domain/eligibility.js';
import { holds } from '../helpers/domain.js';

const status = fc.constantFrom(...NOMINATION_STATUSES);
const personId = fc.constantFrom('ana', 'ben', 'chloe', 'dev', 'eun');

t.test('counts the nominator as a referral', async (t) => {
  t.equal(countReferrals('ana', []), 1);
});

t.test('counts each endorser once', async (t) => {
  t.equal(countReferrals('ana', ['ben', 'chloe']), 3);
  t.equal(countReferrals('ana', ['ben', 'ben', 'chloe', 'ben']), 3);
});

t.test('counts a nominator who also endorses only once', async (t) => {
  t.equal(countReferrals('ana', ['ana', 'ben']), 2);
});

t.test('counts exactly the distinct people involved', async (t) => {
  holds(
    t,
    fc.property(personId, fc.array(personId), (nominator, endorsers) => {
      const people = new Set([nominator, ...endorsers]);
      const count = countReferrals(nominator, endorsers);
      return count === people.size && count >= 1;
    }),
  );
});

t.test('ignores the order of the endorsers', async (t) => {
  holds(
    t,
    fc.property(personId, fc.array(personId), (nominator, endorsers) => {
      const reversed = [...endorsers].reverse();
      return (
        countReferrals(nominator, endorsers) ===
        countReferrals(nominator, reversed)
      );
    }),
  );
});

t.test('makes a consented, well-referred nomination eligible', async (t) => {
  t.ok(isEligible({ status: 'consented', referrals: 2, minReferrals: 2 }));
  t.ok(isEligible({ status: 'consented', referrals: 5, minReferrals: 2 }));
});

t.test('refuses a consented nomination one referral short', async (t) => {
  t.notOk(isEligible({ status: 'consented', referrals: 1, minReferrals: 2 }));
  t.notOk(isEligible({ status: 'consented', referrals: 0, minReferrals: 1 }));
});

t.test('keeps selection outcomes eligible', async (t) => {
  const outcomes: NominationStatus[] = ['selected', 'reserve', 'not_selected'];
  for (const outcome of outcomes) {
    t.ok(
      isEligible({ status: outcome, referrals: 2, minReferrals: 2 }),
      outcome,
    );
    t.notOk(
      isEligible({ status: outcome, referrals: 1, minReferrals: 2 }),
      `${outcome} one short`,
    );
  }
});

t.test('never makes a nomination without consent eligible', async (t) => {
  const withoutConsent: NominationStatus[] = [
    'awaiting_consent',
    'declined',
    'expired',
    'withdrawn',
  ];
  for (const refused of withoutConsent) {
    t.notOk(
      isEligible({ status: refused, referrals: 10, minReferrals: 0 }),
      refused,
    );
  }
});

t.test('is monotone in the number of referrals', async (t) => {
  const count = fc.integer({ min: 0, max: 20 });
  holds(
    t,
    fc.property(status, count, count, count, (s, referrals, extra, min) => {
      const before = isEligible({ status: s, referrals, minReferrals: min });
      const after = isEligible({
        status: s,
        referrals: referrals + extra,
        minReferrals: min,
      });
      return !before || after;
    }),
  );
});

t.test('lists the live statuses that use up a nomination', async (t) => {
  t.same(
    [...LIVE_STATUSES].sort(),
    ['awaiting_consent', 'consented', 'reserve', 'selected'],
  );
  t.ok(Object.isFrozen(LIVE_STATUSES));
});

t.test('tells live statuses from closed ones', async (t) => {
  t.ok(isLive('awaiting_consent'));
  t.ok(isLive('consented'));
  t.ok(isLive('selected'));
  t.ok(isLive('reserve'));
  t.notOk(isLive('declined'));
  t.notOk(isLive('expired'));
  t.notOk(isLive('withdrawn'));
  t.notOk(isLive('not_selected'));
});

t.test('names every status exactly once', async (t) => {
  t.equal(new Set(NOMINATION_STATUSES).size, NOMINATION_STATUSES.length);
  t.equal(NOMINATION_STATUSES.length, 8);
  for (const live of LIVE_STATUSES) {
    t.ok(NOMINATION_STATUSES.includes(live), live);
  }
});
