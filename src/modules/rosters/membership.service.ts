/**
 * Membership during the term: a member steps down, and the secretariat
 * fills the vacated expert seat from the reserve. Each change is one
 * transaction with its audit events and its mail.
 */

import { audit, type AppContext, type Caller } from '../../context.js';
import type { Db } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import type { OfficeredRoster } from '../../domain/roster-solver.js';
import type { GroupRules } from '../../domain/rules.js';
import { conflict, domainRule, notFound } from '../../errors.js';
import type { Cycle } from '../cycles/cycles.repository.js';
import { requireState } from '../cycles/cycles.service.js';
import type { Group } from '../groups/groups.repository.js';
import { moveNominationStatus } from
  '../nominations/nominations.repository.js';
import { findPersonById } from '../people/people.repository.js';
import { loadComposition, rosterViolations } from './composition.context.js';
import { mailWelcome } from './roster.mail.js';
import {
  endMembership,
  findRoster,
  insertMembership,
  listMemberships,
  saveRoster,
  type Membership,
  type RosterRecord,
} from './roster.repository.js';
import { loadRosterScope } from './roster.scope.js';
import {
  describeRoster,
  vacatedMembers,
  type RosterView,
} from './roster.service.js';

/** The seat to fill next on a confirmed roster, and what it is held to. */
export interface Refill {
  record: RosterRecord;
  leavingId: string;
  /**
   * The roster with the seat to fill still held by the member who left,
   * and any other vacated expert seat left out.
   */
  roster: OfficeredRoster;
  /**
   * The group's rules, with minExperts lowered by the other expert seats
   * still vacant: seats are refilled one at a time, and the first refill
   * must not be refused for the seats that later ones will fill.
   */
  rules: GroupRules;
}

/**
 * Finds the first vacated seat of a confirmed roster: an expert's if any
 * (in roster order), otherwise an officer's, which the solver answers
 * with the reason that officers are appointed. Officers who left still
 * count on the roster until the secretariat appoints others.
 */
export async function planRefill(
  db: Db,
  cycle: Cycle,
  group: Group,
): Promise<Refill> {
  const record = await findRoster(db, cycle.id);
  if (record?.status !== 'confirmed'
    || record.chairId === null || record.coChairId === null) {
    throw conflict('this cycle has no confirmed roster');
  }
  const vacated = await vacatedMembers(db, record);
  const experts = vacated.filter((id) => record.expertIds.includes(id));
  const leavingId = experts[0] ?? vacated[0];
  if (leavingId === undefined) {
    throw conflict('no member of this roster has stepped down');
  }

  const others = new Set(experts.filter((id) => id !== leavingId));
  const { rules } = group;
  return {
    record,
    leavingId,
    roster: {
      chairId: record.chairId,
      coChairId: record.coChairId,
      expertIds: record.expertIds.filter((id) => !others.has(id)),
    },
    rules: {
      ...rules,
      minExperts: Math.max(0, rules.minExperts - others.size),
    },
  };
}

/** Ends a member's membership, from now; the seat becomes vacant. */
export async function stepDown(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
  personId: string,
  reason: string,
): Promise<Membership> {
  return inTransaction(ctx.db, async (trx) => {
    const { cycle } = await loadRosterScope(trx, caller, cycleId,
      'membership.end');
    requireState(cycle, 'confirmed');
    const membership = (await listMemberships(trx, cycleId))
      .find((m) => m.personId === personId);
    if (!membership) throw notFound('membership');
    if (membership.endedAt !== null) {
      throw conflict('this membership has already ended');
    }

    const now = ctx.clock().toISOString();
    await endMembership(trx, cycleId, personId, now);
    // The reason is about a person, so the trail keeps only that one was
    // given; the schema has no column for its text.
    await audit(trx, ctx, caller, {
      action: 'membership.ended', entity: 'membership',
      entityId: `${cycleId}:${personId}`,
      before: { endedAt: null }, after: { endedAt: now, reason },
    });
    return { ...membership, endedAt: now };
  });
}

/**
 * Fills the first vacated expert seat with a reserve candidate: the
 * roster that results must meet every rule. The newcomer serves from now
 * (or the term's start, if later) to the term's end.
 */
export async function confirmReplacement(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
  personId: string,
): Promise<RosterView> {
  const result = await inTransaction(ctx.db, async (trx) => {
    const { cycle, group } = await loadRosterScope(trx, caller, cycleId,
      'roster.confirm');
    requireState(cycle, 'confirmed');
    const refill = await planRefill(trx, cycle, group);
    const { record, leavingId } = refill;
    if (!record.expertIds.includes(leavingId)) {
      throw conflict('no expert seat is vacant; officers are appointed by'
        + ' the secretariat, not drawn from the reserve');
    }
    const { context, nominations } = await loadComposition(trx, cycle,
      refill.rules, [personId]);
    const nomination = nominations.find((n) => n.candidateId === personId
      && n.status === 'reserve');
    if (!nomination) {
      throw domainRule('not_in_reserve',
        'this person is not on the reserve list of this cycle');
    }
    const swap = (id: string) => (id === leavingId ? personId : id);
    const proposal = { ...refill.roster,
      expertIds: refill.roster.expertIds.map(swap) };
    const violations = rosterViolations(proposal, cycle, context);
    if (violations.length > 0) {
      throw domainRule('roster_invalid',
        'the roster with this replacement would break composition rules',
        { violations });
    }

    const now = ctx.clock().toISOString();
    const after: RosterRecord = {
      ...record, expertIds: record.expertIds.map(swap), updatedAt: now,
    };
    await saveRoster(trx, after);
    await audit(trx, ctx, caller, {
      action: 'roster.member_replaced', entity: 'roster', entityId: cycleId,
      before: { expertIds: record.expertIds },
      after: { expertIds: after.expertIds },
    });
    const termStart = now > cycle.termStart ? now : cycle.termStart;
    const membership: Membership = {
      cycleId, personId, role: 'expert', termStart,
      termEnd: cycle.termEnd, endedAt: null, createdAt: now,
    };
    await insertMembership(trx, membership);
    await audit(trx, ctx, caller, {
      action: 'membership.added', entity: 'membership',
      entityId: `${cycleId}:${personId}`,
      after: { ...membership, replacing: leavingId },
    });
    if (!await moveNominationStatus(trx, nomination.id, 'reserve',
      'selected', now)) {
      throw conflict('this nomination changed meanwhile; try again');
    }
    await audit(trx, ctx, caller, {
      action: 'nomination.status_changed', entity: 'nomination',
      entityId: nomination.id,
      before: { status: 'reserve' }, after: { status: 'selected' },
    });

    const member = await findPersonById(trx, personId);
    if (!member) throw notFound('person');
    await mailWelcome(trx, ctx, {
      cycle, group, member, role: 'expert',
      termStart, termEnd: cycle.termEnd,
    });
    return describeRoster(trx, cycle, group, after);
  });
  ctx.wakeWorker();
  return result;
}
