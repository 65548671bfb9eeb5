import { z } from 'zod';
import { CONFLICT_REASONS } from './conflicts.schemas.js';

export const RankingQuery = z.object({
  sort: z.enum(['raw', 'calibrated']).default('calibrated'),
});

export const RankingItemBody = z.object({
  /** Position among the lines shown with figures; null when withheld. */
  rank: z.number().int().nullable(),
  nominationId: z.string(),
  candidateId: z.string(),
  candidateName: z.string(),
  mean: z.number().nullable(),
  count: z.number().int(),
  stdDev: z.number().nullable(),
  calibrated: z.number().nullable(),
  flags: z.array(z.string()),
  conflicts: z.array(z.object({
    reviewerId: z.string(),
    reasons: z.array(z.enum(CONFLICT_REASONS)),
  })),
  /** Why this caller is not shown the figures, if they are not. */
  withheld: z.enum(['review_first', 'conflict_of_interest']).nullable(),
}).meta({ id: 'RankingItem' });

export const RankingBody = z.object({
  cycleId: z.string(),
  sort: z.enum(['raw', 'calibrated']),
  items: z.array(RankingItemBody),
  excludedFromCalibration: z.array(z.object({
    reviewerId: z.string(),
    reason: z.enum(['fewer_than_two_reviews', 'no_spread']),
  })),
}).meta({ id: 'Ranking' });
