import { z } from 'zod';
import { CYCLE_STATES } from '../../domain/cycle-states.js';
import { Id, IsoDateTime } from '../../schemas.js';

export const CycleBody = z.object({
  id: z.string(),
  groupSlug: z.string(),
  state: z.enum(CYCLE_STATES),
  nominationDeadline: z.string(),
  reviewDeadline: z.string(),
  termStart: z.string(),
  termEnd: z.string(),
  chairId: z.string().nullable(),
  coChairId: z.string().nullable(),
  /** Everyone who reviews: chair, co-chair and those added. */
  reviewerIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'Cycle' });

export const CreateCycleBody = z.object({
  nominationDeadline: IsoDateTime,
  reviewDeadline: IsoDateTime,
  termStart: IsoDateTime.optional(),
  termEnd: IsoDateTime.optional(),
}).strict();

export const TransitionBody = z.object({
  to: z.enum(CYCLE_STATES),
}).strict();

export const OfficersBody = z.object({
  chairId: Id,
  coChairId: Id,
}).strict();

export const ReviewerBody = z.object({ personId: Id }).strict();

export type CreateCycleInput = z.infer<typeof CreateCycleBody>;
