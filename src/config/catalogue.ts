/**
 * The group catalogue: the TWGs with their areas of focus and rule sets.
 * It lives in config/groups.json; each group's rules are the defaults
 * with the group's own overrides laid over them.
 */

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { GroupRules } from '../domain/rules.js';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use kebab-case');

const QuotaSchema = z.object({
  attribute: z.enum(['gender', 'region', 'affiliation', 'country']),
  maxShare: z.number().gt(0).lte(1).optional(),
  minDistinct: z.number().int().min(1).optional(),
  maxCount: z.number().int().min(1).optional(),
}).strict().refine(
  (q) => [q.maxShare, q.minDistinct, q.maxCount]
    .filter((v) => v !== undefined).length === 1,
  'a quota sets exactly one of maxShare, minDistinct, maxCount',
);

const CriterionSchema = z.object({
  id: slug,
  label: z.string().min(1),
  weight: z.number().positive(),
  min: z.number().int(),
  max: z.number().int(),
}).strict().refine((c) => c.min < c.max, 'min must be below max');

const RulesSchema = z.object({
  minExperts: z.number().int().min(0),
  maxExperts: z.number().int().min(1),
  minReferrals: z.number().int().min(1),
  maxNominationsPerNominator: z.number().int().min(1),
  consentDays: z.number().int().min(1),
  maxGroupsPerPerson: z.number().int().min(1),
  quotas: z.array(QuotaSchema),
  rubric: z.array(CriterionSchema).min(1),
}).strict();

const GroupSchema = z.object({
  slug,
  name: z.string().min(1),
  description: z.string().min(1),
  focusAreas: z.array(z.object({
    id: slug,
    title: z.string().min(1),
  }).strict()).min(1),
  rules: RulesSchema.partial().default({}),
}).strict();

const CatalogueSchema = z.object({
  defaults: RulesSchema,
  groups: z.array(GroupSchema).min(1),
}).strict();

export interface FocusArea {
  id: string;
  title: string;
}

export interface GroupDefinition {
  slug: string;
  name: string;
  description: string;
  focusAreas: FocusArea[];
  rules: GroupRules;
}

export class CatalogueError extends Error {
  constructor(file: string, problems: string[]) {
    super(`invalid group catalogue ${file}:\n  ${problems.join('\n  ')}`);
    this.name = 'CatalogueError';
  }
}

/** Validates a parsed catalogue and resolves each group's rules. */
export function parseCatalogue(
  raw: unknown,
  file = 'catalogue',
): GroupDefinition[] {
  const parsed = CatalogueSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CatalogueError(file, parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    ));
  }

  const problems: string[] = [];
  const slugs = new Set<string>();
  const groups = parsed.data.groups.map((g, index) => {
    const rules = { ...parsed.data.defaults, ...g.rules };
    if (slugs.has(g.slug)) problems.push(`groups.${index}: duplicate slug`);
    slugs.add(g.slug);
    const ids = g.focusAreas.map((a) => a.id);
    if (new Set(ids).size !== ids.length) {
      problems.push(`groups.${index}.focusAreas: duplicate id`);
    }
    if (rules.minExperts > rules.maxExperts) {
      problems.push(`groups.${index}.rules: minExperts above maxExperts`);
    }
    return { ...g, rules };
  });
  if (problems.length > 0) throw new CatalogueError(file, problems);
  return groups;
}

export async function loadCatalogue(
  file: string,
): Promise<GroupDefinition[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CatalogueError(file, [(err as Error).message]);
  }
  return parseCatalogue(raw, file);
}
