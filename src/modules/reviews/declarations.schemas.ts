import { z } from 'zod';
import { Id } from '../../schemas.js';
import { RULINGS } from './declarations.repository.js';

export const DeclarationBody = z.object({
  id: z.string(),
  cycleId: z.string(),
  personId: z.string(),
  interests: z.string(),
  affiliations: z.array(z.string()),
  relations: z.string().nullable(),
  /** Null until the secretariat rules, and again after a re-filing. */
  ruling: z.enum(RULINGS).nullable(),
  restrictedNominationIds: z.array(z.string()),
  rulingNote: z.string().nullable(),
  ruledBy: z.string().nullable(),
  ruledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'Declaration' });

export const FileDeclarationBody = z.object({
  interests: z.string().trim().min(1).max(5000),
  affiliations: z.array(z.string().trim().min(1).max(300)).max(50)
    .optional(),
  relations: z.string().trim().max(5000).optional(),
}).strict();

export const RulingBody = z.object({
  ruling: z.enum(RULINGS),
  nominationIds: z.array(Id).max(500).optional(),
  note: z.string().trim().max(5000).optional(),
}).strict().superRefine((body, ctx) => {
  const named = body.nominationIds ?? [];
  if (body.ruling === 'restricted' && named.length === 0) {
    ctx.addIssue({
      code: 'custom', path: ['nominationIds'],
      message: 'a restriction names at least one nomination',
    });
  }
  if (body.ruling !== 'restricted' && named.length > 0) {
    ctx.addIssue({
      code: 'custom', path: ['nominationIds'],
      message: 'only a restriction names nominations',
    });
  }
});

export const PersonParams = z.object({ id: Id, personId: Id });

export type FileDeclarationInput = z.infer<typeof FileDeclarationBody>;
export type RulingInput = z.infer<typeof RulingBody>;
