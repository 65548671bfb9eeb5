import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { audit, queueMail, type AppContext, type Caller } from
  '../../context.js';
import type { Database, Db } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import {
  canMove,
  transitionProblems,
  type CycleState,
} from '../../domain/cycle-states.js';
import { authorize, requireActor } from '../../auth/policy.js';
import {
  conflict,
  cycleAlreadyOpen,
  domainRule,
  invalidTransition,
  notFound,
  validationFailed,
  wrongCycleState,
} from '../../errors.js';
import { findGroup } from '../groups/groups.repository.js';
import { findPeopleByIds, findPersonById } from
  '../people/people.repository.js';
import {
  findCycle,
  findOpenCycle,
  insertCycle,
  insertReviewer,
  listReviewerIds,
  rolesInCycle,
  updateCycle,
  type Cycle,
} from './cycles.repository.js';
import type { CreateCycleInput } from './cycles.schemas.js';

export interface CycleView extends Cycle {
  reviewerIds: string[];
}

const TERM_YEARS = 2;

/** A cycle as the API shows it, with everyone who reviews in it. */
export async function describeCycle(db: Db, cycle: Cycle)
  : Promise<CycleView> {
  return { ...cycle, reviewerIds: await listReviewerIds(db, cycle) };
}

/** Loads a cycle or answers 404. */
export async function loadCycle(db: Db, id: string): Promise<Cycle> {
  const cycle = await findCycle(db, id);
  if (!cycle) throw notFound('cycle');
  return cycle;
}

/** Refuses unless the cycle is in one of the given states (409). */
export function requireState(cycle: Cycle, ...states: CycleState[]): void {
  if (!states.includes(cycle.state)) {
    throw wrongCycleState(states.join(' or '), cycle.state);
  }
}

export async function openCycle(
  ctx: AppContext,
  caller: Caller,
  groupSlug: string,
  input: CreateCycleInput,
): Promise<CycleView> {
  authorize(caller.actor, 'cycle.create');
  const iso = (v: string) => new Date(v).toISOString();
  const nominationDeadline = iso(input.nominationDeadline);
  const reviewDeadline = iso(input.reviewDeadline);
  const termStart = input.termStart ? iso(input.termStart) : reviewDeadline;
  const end = new Date(termStart);
  end.setUTCFullYear(end.getUTCFullYear() + TERM_YEARS);
  const termEnd = input.termEnd ? iso(input.termEnd) : end.toISOString();
  if (reviewDeadline <= nominationDeadline) {
    throw validationFailed('body.reviewDeadline', [{
      field: 'body.reviewDeadline',
      message: 'must come after the nomination deadline',
    }]);
  }
  if (termEnd <= termStart) {
    throw validationFailed('body.termEnd', [{
      field: 'body.termEnd', message: 'must come after the term start',
    }]);
  }

  return inTransaction(ctx.db, async (trx) => {
    const group = await findGroup(trx, groupSlug);
    if (!group) throw notFound('group');
    if (await findOpenCycle(trx, groupSlug)) throw cycleAlreadyOpen(groupSlug);

    const now = ctx.clock().toISOString();
    const cycle: Cycle = {
      id: randomUUID(),
      groupSlug,
      state: 'draft',
      nominationDeadline,
      reviewDeadline,
      termStart,
      termEnd,
      chairId: null,
      coChairId: null,
      createdAt: now,
      updatedAt: now,
    };
    await insertCycle(trx, cycle);
    await audit(trx, ctx, caller, {
      action: 'cycle.created', entity: 'cycle', entityId: cycle.id,
      after: { ...cycle },
    });
    return describeCycle(trx, cycle);
  });
}

export async function getCycle(
  ctx: AppContext,
  caller: Caller,
  id: string,
): Promise<CycleView> {
  requireActor(caller.actor);
  return describeCycle(ctx.db, await loadCycle(ctx.db, id));
}

async function mailReviewers(
  trx: Transaction<Database>,
  ctx: AppContext,
  cycle: Cycle,
  personIds: string[],
): Promise<void> {
  const group = await findGroup(trx, cycle.groupSlug);
  const people = await findPeopleByIds(trx, personIds);
  for (const id of personIds) {
    const person = people.get(id);
    if (!person) continue;
    await queueMail(trx, ctx, {
      eventKey: `reviewer-assignment:${cycle.id}:${id}`,
      template: 'reviewer-assignment',
      to: { personId: id, address: person.email },
      vars: {
        name: person.name,
        groupName: group?.name ?? cycle.groupSlug,
        reviewDeadline: cycle.reviewDeadline.slice(0, 10),
        cycleUrl: `${ctx.settings.publicUrl}/cycles/${cycle.id}`,
      },
    });
  }
}

export async function transitionCycle(
  ctx: AppContext,
  caller: Caller,
  id: string,
  to: CycleState,
): Promise<CycleView> {
  const result = await inTransaction(ctx.db, async (trx) => {
    const cycle = await loadCycle(trx, id);
    const roles = await rolesInCycle(trx, cycle, caller.actor?.id);
    const actor = authorize(caller.actor, 'cycle.transition', { to, roles });
    if (!actor.secretariat && cycle.state !== 'composing') {
      throw invalidTransition(cycle.state, to);
    }
    if (to === 'confirmed') {
      throw conflict('a cycle is confirmed by confirming its roster');
    }
    if (!canMove(cycle.state, to)) throw invalidTransition(cycle.state, to);

    const now = ctx.clock().toISOString();
    const problems = transitionProblems(to, { ...cycle, now });
    if (problems.length > 0) {
      const [first] = problems;
      throw domainRule(first!.code, first!.message, { problems });
    }

    await updateCycle(trx, id, { state: to, updatedAt: now });
    await audit(trx, ctx, caller, {
      action: 'cycle.transitioned', entity: 'cycle', entityId: id,
      before: { state: cycle.state }, after: { state: to },
    });
    const after = { ...cycle, state: to, updatedAt: now };
    if (to === 'reviewing' && cycle.state === 'nominating') {
      await mailReviewers(trx, ctx, after, await listReviewerIds(trx, after));
    }
    return describeCycle(trx, after);
  });
  ctx.wakeWorker();
  return result;
}

export interface Officers {
  chairId: string;
  coChairId: string;
}

/** Refuses one person named to both officer seats (422). */
export function requireDistinctOfficers(input: Officers): void {
  if (input.chairId === input.coChairId) {
    throw domainRule('officers_distinct',
      'the chair and the co-chair must be two different people');
  }
}

/**
 * Appoints the officers of a cycle not yet confirmed. Once it is, an
 * officer is replaced only in a vacated seat, under the roster's rules:
 * see replaceOfficers in the rosters module.
 */
export async function appointOfficers(
  ctx: AppContext,
  caller: Caller,
  id: string,
  input: Officers,
): Promise<CycleView> {
  authorize(caller.actor, 'cycle.appoint_officers');
  requireDistinctOfficers(input);

  const result = await inTransaction(ctx.db, async (trx) => {
    const cycle = await loadCycle(trx, id);
    requireState(cycle, 'draft', 'nominating', 'reviewing', 'composing');
    const people = await findPeopleByIds(trx,
      [input.chairId, input.coChairId]);
    for (const personId of [input.chairId, input.coChairId]) {
      if (!people.has(personId)) throw notFound(`person ${personId}`);
    }

    const now = ctx.clock().toISOString();
    await updateCycle(trx, id, { ...input, updatedAt: now });
    await audit(trx, ctx, caller, {
      action: 'cycle.officers_appointed', entity: 'cycle', entityId: id,
      before: { chairId: cycle.chairId, coChairId: cycle.coChairId },
      after: { ...input },
    });
    const after = { ...cycle, ...input, updatedAt: now };
    if (cycle.state === 'reviewing' || cycle.state === 'composing') {
      const fresh = [input.chairId, input.coChairId]
        .filter((p) => p !== cycle.chairId && p !== cycle.coChairId);
      await mailReviewers(trx, ctx, after, fresh);
    }
    return describeCycle(trx, after);
  });
  ctx.wakeWorker();
  return result;
}

export async function addReviewer(
  ctx: AppContext,
  caller: Caller,
  id: string,
  personId: string,
): Promise<CycleView> {
  const result = await inTransaction(ctx.db, async (trx) => {
    const cycle = await loadCycle(trx, id);
    const roles = await rolesInCycle(trx, cycle, caller.actor?.id);
    authorize(caller.actor, 'cycle.add_reviewer', { roles });
    requireState(cycle, 'draft', 'nominating', 'reviewing', 'composing');
    if (!await findPersonById(trx, personId)) throw notFound('person');
    if ((await listReviewerIds(trx, cycle)).includes(personId)) {
      throw conflict('this person already reviews in this cycle');
    }

    await insertReviewer(trx, {
      cycleId: id, personId, addedBy: caller.actor?.id ?? null,
      createdAt: ctx.clock().toISOString(),
    });
    await audit(trx, ctx, caller, {
      action: 'cycle.reviewer_added', entity: 'cycle', entityId: id,
      after: { reviewerId: personId },
    });
    if (cycle.state === 'reviewing' || cycle.state === 'composing') {
      await mailReviewers(trx, ctx, cycle, [personId]);
    }
    return describeCycle(trx, cycle);
  });
  ctx.wakeWorker();
  return result;
}
