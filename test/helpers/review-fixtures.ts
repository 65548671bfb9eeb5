/**
 * A cycle ready for reviewing, set up without the nomination endpoints:
 * people and the cycle go through the API, nominations and endorsements
 * straight into the database through the nominations repository.
 */

import { randomUUID } from 'node:crypto';
import type { NominationStatus } from '../../src/domain/eligibility.js';
import {
  insertEndorsement,
  insertNomination,
} from '../../src/modules/nominations/nominations.repository.js';
import { addPerson, testApp, type Tap, type TestApp } from './app.js';

export type Person = Awaited<ReturnType<typeof addPerson>>;

export interface NominationFixture {
  id: string;
  candidate: Person;
  nominator: Person;
  endorsers: Person[];
}

/** Every criterion of the default rubric at the same score. */
export function flat(score: number): Record<string, number> {
  return { relevance: score, record: score, contribution: score };
}

export interface ReviewCycle {
  ctx: TestApp;
  cycleId: string;
  slug: string;
  chair: Person;
  coChair: Person;
  /** Reviewers added besides the officers. */
  added: Person[];
  /** Chair, co-chair, then the added reviewers. */
  panel: Person[];
  token(person: Person): Promise<string>;
  /**
   * Inserts a nomination: a fresh candidate and nominator unless given,
   * one fresh endorser unless given (two referrals: eligible), consented.
   */
  nominate(options?: {
    candidate?: Person | Partial<Parameters<typeof addPerson>[1]>;
    nominator?: Person;
    endorsers?: Person[];
    status?: NominationStatus;
  }): Promise<NominationFixture>;
  /** Moves the cycle on through the transitions API. */
  moveTo(state: 'reviewing' | 'composing' | 'cancelled'): Promise<void>;
  /** Files a declaration of interest as this reviewer. */
  declare(person: Person, interests?: string): Promise<void>;
  /** Records the secretariat's ruling on a reviewer's declaration. */
  rule(person: Person, ruling: 'cleared' | 'restricted' | 'excluded',
    nominationIds?: string[]): Promise<void>;
  /** Writes a review; returns the response. */
  review(person: Person, nominationId: string,
    scores: Record<string, number>, comment?: string)
    : Promise<{ statusCode: number; body: any }>;
}

function isPerson(value: unknown): value is Person {
  return typeof value === 'object' && value !== null && 'id' in value;
}

function expectStatus(
  res: { statusCode: number; raw?: string },
  status: number,
  what: string,
): void {
  if (res.statusCode !== status) {
    throw new Error(`${what}: ${res.statusCode} ${res.raw ?? ''}`);
  }
}

/**
 * Opens a cycle of `slug` (default labor-migration) with a chair, a
 * co-chair and `reviewers` added reviewers (default 1), and takes it to
 * nominating. Add nominations, then `moveTo('reviewing')`.
 */
export async function reviewCycle(
  t: Tap,
  options: { ctx?: TestApp; slug?: string; reviewers?: number;
    reviewDeadline?: string } = {},
): Promise<ReviewCycle> {
  const ctx = options.ctx ?? await testApp(t);
  const slug = options.slug ?? 'labor-migration';
  const secretariat = await ctx.secretariat();
  const now = ctx.clock.now.getTime();
  const day = 24 * 60 * 60 * 1000;

  const opened = await ctx.request('POST', `/v1/groups/${slug}/cycles`, {
    token: secretariat,
    body: {
      nominationDeadline: new Date(now + 20 * day).toISOString(),
      reviewDeadline: options.reviewDeadline
        ?? new Date(now + 50 * day).toISOString(),
    },
  });
  expectStatus(opened, 201, 'open cycle');
  const cycleId = opened.body.id as string;

  const chair = await addPerson(ctx);
  const coChair = await addPerson(ctx);
  const officers = await ctx.request('PUT', `/v1/cycles/${cycleId}/officers`,
    { token: secretariat, body: { chairId: chair.id, coChairId: coChair.id } });
  expectStatus(officers, 200, 'appoint officers');
  const added: Person[] = [];
  for (let i = 0; i < (options.reviewers ?? 1); i += 1) {
    const person = await addPerson(ctx);
    const res = await ctx.request('POST', `/v1/cycles/${cycleId}/reviewers`,
      { token: secretariat, body: { personId: person.id } });
    expectStatus(res, 201, 'add reviewer');
    added.push(person);
  }
  const moved = await ctx.request('POST', `/v1/cycles/${cycleId}/transitions`,
    { token: secretariat, body: { to: 'nominating' } });
  expectStatus(moved, 200, 'move to nominating');

  const db = ctx.app.ctx.db;
  const token = (person: Person) => ctx.signIn(person.email);

  return {
    ctx,
    cycleId,
    slug,
    chair,
    coChair,
    added,
    panel: [chair, coChair, ...added],
    token,

    async nominate(opts = {}) {
      const candidate = isPerson(opts.candidate) ? opts.candidate
        : await addPerson(ctx, opts.candidate ?? {});
      const nominator = opts.nominator ?? await addPerson(ctx);
      const endorsers = opts.endorsers ?? [await addPerson(ctx)];
      const at = ctx.clock.now.toISOString();
      const id = randomUUID();
      await insertNomination(db, {
        id,
        cycleId,
        candidateId: candidate.id,
        nominatorId: nominator.id,
        statement: 'A long-standing record of work on labour migration.',
        focusAreas: ['recruitment-cost-indicator'],
        status: opts.status ?? 'consented',
        createdAt: at,
        updatedAt: at,
      });
      for (const endorser of endorsers) {
        await insertEndorsement(db, {
          id: randomUUID(), nominationId: id, endorserId: endorser.id,
          statement: 'I endorse this nomination.', createdAt: at,
        });
      }
      return { id, candidate, nominator, endorsers };
    },

    async moveTo(state) {
      const res = await ctx.request('POST',
        `/v1/cycles/${cycleId}/transitions`,
        { token: secretariat, body: { to: state } });
      expectStatus(res, 200, `move to ${state}`);
    },

    async declare(person, interests = 'No interests to declare.') {
      const res = await ctx.request('POST',
        `/v1/cycles/${cycleId}/declarations`,
        { token: await token(person), body: { interests } });
      if (res.statusCode !== 201 && res.statusCode !== 200) {
        throw new Error(`declare: ${res.statusCode} ${res.raw}`);
      }
    },

    async rule(person, ruling, nominationIds) {
      const res = await ctx.request('POST',
        `/v1/cycles/${cycleId}/declarations/${person.id}/ruling`,
        { token: secretariat, body: { ruling, nominationIds } });
      expectStatus(res, 200, 'rule');
    },

    async review(person, nominationId, scores, comment) {
      return ctx.request('PUT', `/v1/nominations/${nominationId}/reviews/mine`,
        { token: await token(person),
          body: comment === undefined ? { scores } : { scores, comment } });
    },
  };
}
