/**
 * The shapes of a group's rule set. Rules are data: each group in the
 * catalogue carries one, with the partnership's defaults filled in.
 */

export type QuotaAttribute = 'gender' | 'region' | 'affiliation' | 'country';

/** One balance quota over the whole roster (officers included). */
export interface Quota {
  attribute: QuotaAttribute;
  /** Highest share of the roster any single known value may take. */
  maxShare?: number;
  /** Fewest distinct known values the roster must show. */
  minDistinct?: number;
  /** Most members any single known value may have. */
  maxCount?: number;
}

/** One criterion of a group's review rubric, scored on an integer scale. */
export interface Criterion {
  id: string;
  label: string;
  weight: number;
  min: number;
  max: number;
}

export interface GroupRules {
  minExperts: number;
  maxExperts: number;
  minReferrals: number;
  maxNominationsPerNominator: number;
  consentDays: number;
  maxGroupsPerPerson: number;
  quotas: Quota[];
  rubric: Criterion[];
}

/** The attributes of a person that quotas and conflicts look at. */
export interface PersonAttributes {
  id: string;
  gender: string | null;
  region: string | null;
  affiliation: string | null;
  country: string | null;
}
