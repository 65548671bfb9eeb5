import { z } from 'zod';

export const RulesBody = z.object({
  minExperts: z.number(),
  maxExperts: z.number(),
  minReferrals: z.number(),
  maxNominationsPerNominator: z.number(),
  consentDays: z.number(),
  maxGroupsPerPerson: z.number(),
  quotas: z.array(z.object({
    attribute: z.string(),
    maxShare: z.number().optional(),
    minDistinct: z.number().optional(),
    maxCount: z.number().optional(),
  })),
  rubric: z.array(z.object({
    id: z.string(),
    label: z.string(),
    weight: z.number(),
    min: z.number(),
    max: z.number(),
  })),
}).meta({ id: 'Rules' });

export const GroupBody = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  focusAreas: z.array(z.object({ id: z.string(), title: z.string() })),
  rules: RulesBody,
}).meta({ id: 'Group' });

export const SlugParams = z.object({
  slug: z.string().min(1).max(100),
});
