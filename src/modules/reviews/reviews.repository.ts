import type { Db, ReviewsTable } from '../../db/schema.js';
import { parseJson } from '../../db/transaction.js';
import type { Cycle } from '../cycles/cycles.repository.js';

export interface Review {
  id: string;
  nominationId: string;
  reviewerId: string;
  /** Criterion id → integer score on the group's rubric. */
  scores: Record<string, number>;
  weightedScore: number;
  comment: string;
  createdAt: string;
  updatedAt: string;
}

type Row = Omit<ReviewsTable, 'comment'> & { comment: string };

function toReview(row: Row): Review {
  return {
    ...row,
    scores: parseJson<Record<string, number>>(row.scores, {}),
  };
}

export async function findReview(
  db: Db,
  nominationId: string,
  reviewerId: string,
): Promise<Review | undefined> {
  const row = await db.selectFrom('reviews').selectAll()
    .where('nominationId', '=', nominationId)
    .where('reviewerId', '=', reviewerId)
    .executeTakeFirst();
  return row ? toReview(row) : undefined;
}

/** The reviews of the given nominations, oldest first. */
export async function listReviewsOf(
  db: Db,
  nominationIds: readonly string[],
): Promise<Review[]> {
  if (nominationIds.length === 0) return [];
  const rows = await db.selectFrom('reviews').selectAll()
    .where('nominationId', 'in', [...new Set(nominationIds)])
    .orderBy('createdAt').orderBy('id').execute();
  return rows.map(toReview);
}

export async function insertReview(db: Db, review: Review): Promise<void> {
  await db.insertInto('reviews').values({
    ...review,
    scores: JSON.stringify(review.scores),
  }).execute();
}

export async function updateReview(db: Db, review: Review): Promise<void> {
  await db.updateTable('reviews').set({
    scores: JSON.stringify(review.scores),
    weightedScore: review.weightedScore,
    comment: review.comment,
    updatedAt: review.updatedAt,
  }).where('id', '=', review.id).execute();
}

/**
 * The cycles taking reviews (reviewing or composing) whose review
 * deadline falls after `from` and no later than `to`.
 */
export async function listCyclesClosingReviews(
  db: Db,
  from: string,
  to: string,
): Promise<Cycle[]> {
  const rows = await db.selectFrom('cycles').selectAll()
    .where('state', 'in', ['reviewing', 'composing'])
    .where('reviewDeadline', '>', from)
    .where('reviewDeadline', '<=', to)
    .orderBy('reviewDeadline').orderBy('id').execute();
  return rows as Cycle[];
}
