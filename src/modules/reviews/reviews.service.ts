import { randomUUID } from 'node:crypto';
import { audit, type AppContext, type Caller } from '../../context.js';
import type { Db } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { validateScores, weightedScore } from '../../domain/scoring.js';
import { authorize, requireActor } from '../../auth/policy.js';
import {
  conflictOfInterest,
  nominationNotEligible,
  notFound,
  reviewerExcluded,
  reviewFirst,
  validationFailed,
} from '../../errors.js';
import { listReviewerIds, type Cycle } from '../cycles/cycles.repository.js';
import { requireState } from '../cycles/cycles.service.js';
import type { Nomination } from '../nominations/nominations.repository.js';
import {
  loadNominationView,
  type NominationView,
} from '../nominations/nominations.view.js';
import {
  assessConflict,
  assessConflicts,
  requireNoConflict,
  type ReviewerConflict,
} from './conflicts.service.js';
import { findDeclaration, listDeclarations } from
  './declarations.repository.js';
import { requireStanding } from './declarations.service.js';
import { loadNominationFor, loadRules } from './reviewing.access.js';
import {
  findReview,
  insertReview,
  listReviewsOf,
  updateReview,
  type Review,
} from './reviews.repository.js';
import type { SubmitReviewInput } from './reviews.schemas.js';

/** Who may count as a reviewer of which nominations, right now. */
export interface ReviewStanding {
  reviewerIds: string[];
  excluded: Set<string>;
  /** Nomination id → one entry per reviewer. */
  conflicts: Map<string, ReviewerConflict[]>;
}

/**
 * Loads who reviews in the cycle, who is excluded, and every reviewer's
 * conflicts with the given nominations of it.
 */
export async function loadReviewStanding(
  db: Db,
  cycle: Cycle,
  nominations: readonly Nomination[],
): Promise<ReviewStanding> {
  const reviewerIds = await listReviewerIds(db, cycle);
  const excluded = new Set((await listDeclarations(db, cycle.id))
    .filter((d) => d.ruling === 'excluded').map((d) => d.personId));
  const conflicts = await assessConflicts(db, cycle.id, nominations,
    reviewerIds);
  return { reviewerIds, excluded, conflicts };
}

/**
 * Whether a review counts in the ranking. A conflict or an exclusion
 * that arrives after the review was written must still keep it out, and
 * so must its author's leaving the cycle's reviewers (a replaced chair).
 * The review itself is kept: rulings and liftings can change again.
 */
export function reviewCounts(
  review: Pick<Review, 'nominationId' | 'reviewerId'>,
  standing: ReviewStanding,
): boolean {
  if (standing.excluded.has(review.reviewerId)) return false;
  const entry = standing.conflicts.get(review.nominationId)
    ?.find((c) => c.reviewerId === review.reviewerId);
  return entry !== undefined && entry.reasons.length === 0;
}

// Says what keeps a nomination from review: the candidate's consent (or
// its withdrawal) before the count of referrals.
function ineligibility(view: NominationView, minReferrals: number): string {
  if (view.status === 'consented' && view.referrals < minReferrals) {
    return `it has ${view.referrals} of the ${minReferrals} referrals needed`;
  }
  return `its status is ${view.status}`;
}

/** The fields of a review as the audit trail compares them. */
function record(review: Review): Record<string, unknown> {
  return {
    nominationId: review.nominationId,
    reviewerId: review.reviewerId,
    scores: review.scores,
    weightedScore: review.weightedScore,
    comment: review.comment,
  };
}

/**
 * Writes the caller's review of a nomination, or rewrites it: one per
 * reviewer per nomination, while reviews are open (reviewing, composing).
 */
export async function submitReview(
  ctx: AppContext,
  caller: Caller,
  nominationId: string,
  input: SubmitReviewInput,
): Promise<{ review: Review; created: boolean }> {
  return inTransaction(ctx.db, async (trx) => {
    const { nomination, cycle, roles } =
      await loadNominationFor(trx, nominationId, caller.actor);
    const actor = authorize(caller.actor, 'review.write', { roles });
    requireState(cycle, 'reviewing', 'composing');
    requireStanding(await findDeclaration(trx, cycle.id, actor.id));
    await requireNoConflict(trx, nomination, actor.id);
    const rules = await loadRules(trx, cycle);
    const view = await loadNominationView(trx, nomination, rules);
    if (!view.eligible) {
      throw nominationNotEligible(ineligibility(view, rules.minReferrals));
    }
    const problems = validateScores(input.scores, rules.rubric);
    if (problems.length > 0) {
      const details = problems.map((p) => ({
        field: `body.scores.${p.criterion}`, message: p.message,
      }));
      throw validationFailed(details.map((d) => d.field).join(', '),
        details);
    }

    const now = ctx.clock().toISOString();
    const existing = await findReview(trx, nominationId, actor.id);
    const review: Review = {
      id: existing?.id ?? randomUUID(),
      nominationId,
      reviewerId: actor.id,
      scores: input.scores,
      weightedScore: weightedScore(input.scores, rules.rubric),
      comment: input.comment ?? '',
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    if (existing) await updateReview(trx, review);
    else await insertReview(trx, review);
    await audit(trx, ctx, caller, {
      action: existing ? 'review.updated' : 'review.submitted',
      entity: 'review',
      entityId: review.id,
      before: existing ? record(existing) : null,
      after: record(review),
    });
    return { review, created: existing === undefined };
  });
}

/** The caller's own review of a nomination, or 404. */
export async function getMyReview(
  ctx: AppContext,
  caller: Caller,
  nominationId: string,
): Promise<Review> {
  const actor = requireActor(caller.actor);
  await loadNominationFor(ctx.db, nominationId, actor);

  const review = await findReview(ctx.db, nominationId, actor.id);
  if (!review) throw notFound('review');
  return review;
}

/**
 * Every review of a nomination. Reviews stay independent: a reviewer
 * reads the others only once they have submitted their own, and never
 * when they have a conflict with the nomination; the secretariat reads
 * them all. The candidate never does, whatever other role they hold.
 */
export async function listReviewsOfNomination(
  ctx: AppContext,
  caller: Caller,
  nominationId: string,
): Promise<(Review & { counted: boolean })[]> {
  const { nomination, cycle, roles } =
    await loadNominationFor(ctx.db, nominationId, caller.actor);
  const actor = requireActor(caller.actor);
  if (actor.id === nomination.candidateId) {
    throw conflictOfInterest('is_candidate', { reasons: ['is_candidate'] });
  }
  let hasReviewed = false;
  if (!actor.secretariat && roles.length > 0) {
    const { reasons } = await assessConflict(ctx.db, nomination, actor.id);
    if (reasons.length > 0) {
      throw conflictOfInterest(reasons.join(', '), { reasons });
    }
    const declaration = await findDeclaration(ctx.db, cycle.id, actor.id);
    if (declaration?.ruling === 'excluded') throw reviewerExcluded();
    hasReviewed = await findReview(ctx.db, nominationId, actor.id)
      !== undefined;
    if (!hasReviewed) throw reviewFirst();
  }
  authorize(actor, 'review.read_all', { roles, hasReviewed });

  const reviews = await listReviewsOf(ctx.db, [nominationId]);
  const standing = await loadReviewStanding(ctx.db, cycle, [nomination]);
  return reviews.map((r) => ({ ...r, counted: reviewCounts(r, standing) }));
}
