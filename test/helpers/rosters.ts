/**
 * Builders for roster tests: a cycle with officers and eligible,
 * consented nominations whose candidates come from chosen countries,
 * taken to composing, optionally scored, and shortcuts for the roster
 * endpoints.
 */

import type { Tap, TestApp } from './app.js';
import {
  flat,
  reviewCycle,
  type NominationFixture,
  type Person,
  type ReviewCycle,
} from './review-fixtures.js';

/**
 * Officers from addPerson are in France (Europe and Central Asia), so
 * the default candidates come from four other regions, one country each.
 */
export const COUNTRIES = ['KE', 'BR', 'IN', 'US', 'JP'];

export interface CandidateSpec {
  country?: string;
  gender?: string;
  affiliation?: string;
  name?: string;
}

export interface RosterCycle extends ReviewCycle {
  nominations: NominationFixture[];
  /** The candidates of `nominations`, in the same order. */
  candidates: Person[];
  secretariat: string;
  chairToken: string;
  roster(): Promise<{ statusCode: number; body: any }>;
  put(body: unknown, token?: string)
    : Promise<{ statusCode: number; body: any }>;
  post(path: string, body?: unknown, token?: string)
    : Promise<{ statusCode: number; body: any; raw: string }>;
  /** Scores each nomination (chair and co-chair, flat scores). */
  score(scores: number[]): Promise<void>;
  /** Saves, submits and confirms a roster of these experts. */
  confirm(expertIds: string[]): Promise<void>;
}

function expect200(res: { statusCode: number; raw?: string }, what: string,
  status = 200): void {
  if (res.statusCode !== status) {
    throw new Error(`${what}: ${res.statusCode} ${res.raw ?? ''}`);
  }
}

/**
 * A cycle of `slug` with one eligible, consented nomination per spec
 * (default: one candidate per country of COUNTRIES), in `state`
 * (default composing).
 */
export async function rosterCycle(
  t: Tap,
  options: { ctx?: TestApp; slug?: string;
    /** New candidates by spec, or people already known. */
    candidates?: (CandidateSpec | Person)[];
    state?: 'reviewing' | 'composing' } = {},
): Promise<RosterCycle> {
  const rc = await reviewCycle(t, { ctx: options.ctx, slug: options.slug });
  const specs = options.candidates
    ?? COUNTRIES.map((country) => ({ country }));
  const nominations: NominationFixture[] = [];
  for (const spec of specs) {
    nominations.push(await rc.nominate({ candidate: spec }));
  }
  await rc.moveTo('reviewing');
  if ((options.state ?? 'composing') === 'composing') {
    await rc.moveTo('composing');
  }

  const { ctx, cycleId } = rc;
  const secretariat = await ctx.secretariat();
  const chairToken = await rc.token(rc.chair);
  const base = `/v1/cycles/${cycleId}`;
  const result: RosterCycle = {
    ...rc,
    nominations,
    candidates: nominations.map((n) => n.candidate),
    secretariat,
    chairToken,
    roster: () => ctx.request('GET', `${base}/roster`,
      { token: chairToken }),
    put: (body, token = chairToken) => ctx.request('PUT', `${base}/roster`,
      { token, body }),
    post: (path, body, token = secretariat) => ctx.request('POST',
      `${base}${path}`, { token, body }),

    async score(scores) {
      await rc.declare(rc.chair);
      await rc.declare(rc.coChair);
      for (const [i, nomination] of nominations.entries()) {
        const score = scores[i];
        if (score === undefined) continue;
        for (const reviewer of [rc.chair, rc.coChair]) {
          const res = await rc.review(reviewer, nomination.id, flat(score));
          expect200({ ...res, raw: JSON.stringify(res.body) },
            'review', 201);
        }
      }
    },

    async confirm(expertIds) {
      const saved = await result.put({ chairId: rc.chair.id,
        coChairId: rc.coChair.id, expertIds });
      expect200({ ...saved, raw: JSON.stringify(saved.body) }, 'save');
      if (saved.body.violations.length > 0) {
        throw new Error(`invalid roster: ${JSON.stringify(saved.body)}`);
      }
      expect200(await result.post('/roster/submission', {}, chairToken),
        'submit');
      expect200(await result.post('/roster/confirmation', {}), 'confirm');
    },
  };
  return result;
}
