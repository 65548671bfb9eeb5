/**
 * When a nomination may be reviewed, and which nominations still count
 * against a nominator's allowance.
 */

/** Every state a nomination can be in, in the order it usually moves. */
export const NOMINATION_STATUSES = [
  'awaiting_consent',
  'consented',
  'declined',
  'expired',
  'withdrawn',
  'selected',
  'reserve',
  'not_selected',
] as const;

export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

/**
 * The statuses that use up one of a nominator's nominations in a cycle.
 * A declined, expired or withdrawn nomination gives its place back, and so
 * does one not selected, since the cycle is over for it.
 */
export const LIVE_STATUSES: readonly NominationStatus[] = Object.freeze([
  'awaiting_consent',
  'consented',
  'selected',
  'reserve',
]);

// Selection outcomes are reached only from a consented nomination, so they
// keep the consent that eligibility rests on.
const CONSENTED_STATUSES: ReadonlySet<NominationStatus> = new Set([
  'consented',
  'selected',
  'reserve',
  'not_selected',
]);

/** Tells whether a nomination in this status counts towards the limit. */
export function isLive(status: NominationStatus): boolean {
  return LIVE_STATUSES.includes(status);
}

/**
 * Counts the referrals of a nomination: the distinct people among its
 * nominator and endorsers, so that nobody is counted twice.
 */
export function countReferrals(
  nominatorId: string,
  endorserIds: readonly string[],
): number {
  return new Set([nominatorId, ...endorserIds]).size;
}

/**
 * Tells whether a nomination may be reviewed: its candidate has consented
 * and it has gathered at least `minReferrals` referrals.
 */
export function isEligible(input: {
  status: NominationStatus;
  referrals: number;
  minReferrals: number;
}): boolean {
  return (
    CONSENTED_STATUSES.has(input.status) &&
    input.referrals >= input.minReferrals
  );
}
