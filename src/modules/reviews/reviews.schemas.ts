import { z } from 'zod';

export const ReviewBody = z.object({
  id: z.string(),
  nominationId: z.string(),
  reviewerId: z.string(),
  scores: z.record(z.string(), z.number()),
  weightedScore: z.number(),
  comment: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'Review' });

export const ReviewOfNominationBody = ReviewBody.extend({
  /**
   * Whether the review counts in the ranking: not when its reviewer has
   * since got a conflict with the nomination, been excluded, or stopped
   * reviewing in the cycle.
   */
  counted: z.boolean(),
}).meta({ id: 'ReviewOfNomination' });

// Scores are checked against the group's rubric in the service, which
// names each criterion at fault; here they need only be numbers.
export const SubmitReviewBody = z.object({
  scores: z.record(z.string().min(1).max(100), z.number()),
  comment: z.string().max(5000).optional(),
}).strict();

export type SubmitReviewInput = z.infer<typeof SubmitReviewBody>;
