/**
 * Conflicts of interest between a reviewer and a nomination: the ones that
 * follow from who is who, and the ones a reviewer declares.
 */

export type ConflictReason =
  | 'is_candidate'
  | 'is_nominator'
  | 'is_endorser'
  | 'same_affiliation'
  | 'declared'
  | 'restricted';

// Reasons are always listed in this order, so that two computations of the
// same conflicts compare equal and read the same in every screen.
const REASON_ORDER: readonly ConflictReason[] = [
  'is_candidate',
  'is_nominator',
  'is_endorser',
  'same_affiliation',
  'declared',
  'restricted',
];

/**
 * Reduces an affiliation to the form two affiliations are compared in, or
 * null when there is nothing to compare. Upper-casing before lower-casing
 * folds letters that have no one-to-one lower case, such as `ß`.
 */
export function normaliseAffiliation(
  affiliation: string | null | undefined,
): string | null {
  if (affiliation == null) return null;
  const folded = affiliation.normalize('NFC').trim().toUpperCase();
  return folded === '' ? null : folded.toLowerCase();
}

/**
 * Tells whether two affiliations name the same organisation, ignoring case
 * and surrounding spaces. An unknown affiliation never matches, not even
 * another unknown one: missing data must not invent a conflict.
 */
export function sameAffiliation(
  a: string | null | undefined,
  b: string | null | undefined,
): boolean {
  const left = normaliseAffiliation(a);
  return left !== null && left === normaliseAffiliation(b);
}

/**
 * Derives the conflicts a reviewer has with a nomination from the people
 * involved in it. Every reason that holds is listed, in a fixed order.
 * The reviewer's affiliations are their own and any named in their
 * declaration of interest: either shared with the candidate is a shared
 * affiliation.
 */
export function deriveConflicts(input: {
  reviewerId: string;
  reviewerAffiliation: string | null;
  /** Further affiliations the reviewer declared for the cycle. */
  declaredAffiliations?: readonly string[];
  candidateId: string;
  candidateAffiliation: string | null;
  nominatorId: string;
  endorserIds: readonly string[];
}): ConflictReason[] {
  const reasons: ConflictReason[] = [];
  if (input.reviewerId === input.candidateId) reasons.push('is_candidate');
  if (input.reviewerId === input.nominatorId) reasons.push('is_nominator');
  if (input.endorserIds.includes(input.reviewerId)) {
    reasons.push('is_endorser');
  }
  const affiliations = [input.reviewerAffiliation,
    ...input.declaredAffiliations ?? []];
  if (affiliations.some((a) => sameAffiliation(a,
    input.candidateAffiliation))) {
    reasons.push('same_affiliation');
  }
  return reasons;
}

/**
 * Applies the secretariat's and the reviewer's decisions to the derived
 * conflicts. Only a shared affiliation can be lifted: it is a presumption
 * the secretariat may judge unfounded (a large university, say), whereas
 * judging one's own nomination or referral never is. `restricted` is the
 * secretariat's ruling on the reviewer's declaration of interest naming
 * this nomination; it weighs like a declared conflict.
 */
export function effectiveConflicts(
  derived: readonly ConflictReason[],
  opts: { declared: boolean; affiliationLifted: boolean;
    restricted?: boolean },
): ConflictReason[] {
  const reasons = new Set(derived);
  if (opts.affiliationLifted) reasons.delete('same_affiliation');
  if (opts.declared) reasons.add('declared');
  if (opts.restricted === true) reasons.add('restricted');
  return REASON_ORDER.filter((reason) => reasons.has(reason));
}

/** Tells whether any reason keeps the reviewer from this nomination. */
export function isConflicted(reasons: readonly ConflictReason[]): boolean {
  return reasons.length > 0;
}
