import { z } from 'zod';
import type { ConflictReason } from '../../domain/conflicts.js';
import { Id } from '../../schemas.js';

export const CONFLICT_REASONS = ['is_candidate', 'is_nominator',
  'is_endorser', 'same_affiliation', 'declared', 'restricted',
] as const satisfies readonly ConflictReason[];

const ConflictNoteBody = z.object({
  reason: z.string(),
  recordedBy: z.string(),
  createdAt: z.string(),
});

export const ReviewerConflictBody = z.object({
  reviewerId: z.string(),
  /** What keeps the reviewer from the nomination; empty if nothing. */
  reasons: z.array(z.enum(CONFLICT_REASONS)),
  /** What follows from who is who, before anything is lifted. */
  derived: z.array(z.enum(CONFLICT_REASONS)),
  declared: ConflictNoteBody.nullable(),
  affiliationLifted: ConflictNoteBody.nullable(),
}).meta({ id: 'ReviewerConflict' });

export const ReasonBody = z.object({
  reason: z.string().trim().min(1).max(2000),
}).strict();

export const NominationPersonParams = z.object({ id: Id, personId: Id });
