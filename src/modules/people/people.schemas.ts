import { z } from 'zod';
import {
  Affiliation,
  Country,
  Email,
  Expertise,
  Gender,
  PersonName,
} from '../../schemas.js';

export const PersonBody = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  affiliation: z.string().nullable(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  gender: z.string().nullable(),
  expertise: z.array(z.string()),
  secretariat: z.boolean(),
  expert: z.boolean(),
  /** 'returning' once the person has served on a confirmed roster. */
  standing: z.enum(['new', 'returning']),
  history: z.array(z.object({
    cycleId: z.string(),
    groupSlug: z.string(),
    role: z.string(),
    termStart: z.string(),
    termEnd: z.string(),
    endedAt: z.string().nullable(),
  })),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'Person' });

export const CreatePersonBody = z.object({
  name: PersonName,
  email: Email,
  affiliation: Affiliation.optional(),
  country: Country.optional(),
  gender: Gender.optional(),
  expertise: Expertise.optional(),
  secretariat: z.boolean().optional(),
  expert: z.boolean().optional(),
}).strict();

/** What a person may change about themselves. */
export const ProfileFields = {
  name: PersonName,
  affiliation: Affiliation.nullable(),
  country: Country.nullable(),
  gender: Gender.nullable(),
  expertise: Expertise,
};

export const UpdatePersonBody = z.object({
  ...ProfileFields,
  email: Email,
  secretariat: z.boolean(),
  expert: z.boolean(),
}).partial().strict();

export type CreatePersonInput = z.infer<typeof CreatePersonBody>;
export type UpdatePersonInput = z.infer<typeof UpdatePersonBody>;
