/**
 * Shared pieces of the domain tests and the benchmarks: the partnership's
 * rule set, and a tap assertion that a fast-check property holds.
 */

import fc from 'fast-check';
import type { Test } from 'tap';
import type { GroupRules } from '../../src/domain/rules.js';

/** The partnership's default rules, with any field replaced. */
export function rulesWith(overrides: Partial<GroupRules> = {}): GroupRules {
  return {
    minExperts: 3,
    maxExperts: 8,
    minReferrals: 2,
    maxNominationsPerNominator: 3,
    consentDays: 14,
    maxGroupsPerPerson: 2,
    quotas: [
      { attribute: 'gender', maxShare: 0.6 },
      { attribute: 'region', minDistinct: 3 },
      { attribute: 'affiliation', maxCount: 1 },
      { attribute: 'country', maxCount: 2 },
    ],
    rubric: [],
    ...overrides,
  };
}

/** Runs a property; a failure reports fast-check's shrunk counterexample. */
export function holds<Ts>(
  t: Test,
  property: fc.IProperty<Ts>,
  numRuns = 100,
): void {
  t.doesNotThrow(
    () => fc.assert(property, { numRuns }),
    'holds for every generated case',
  );
}
