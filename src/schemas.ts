/**
 * Schema pieces shared by several resources: the error body, ids, people
 * fields. Each resource keeps its own schemas beside its routes.
 */

import { z } from 'zod';
import { normaliseCountry } from './domain/regions.js';

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
}).meta({ id: 'Error' });

/** The error answers a route may give, for its OpenAPI description. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}

export const Id = z.string().min(1).max(64);
export const IdParams = z.object({ id: Id });

// HTML5's pattern rather than zod's default: it accepts a dotless domain
// such as the default secretariat@localhost.
export const Email = z.string().trim().max(254)
  .pipe(z.email({ pattern: z.regexes.html5Email }));

export const Country = z.string().trim()
  .transform((value, ctx) => {
    const code = normaliseCountry(value);
    if (code === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'not an ISO 3166-1 alpha-2 country code',
      });
      return z.NEVER;
    }
    return code;
  });

export const PersonName = z.string().trim().min(1).max(200);
export const Affiliation = z.string().trim().min(1).max(300);
export const Gender = z.string().trim().min(1).max(50);
export const Expertise = z.array(z.string().trim().min(1).max(200)).max(30);

export const IsoDateTime = z.iso.datetime({ offset: true });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().max(200).optional(),
});
