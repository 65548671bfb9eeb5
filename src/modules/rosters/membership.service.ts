/**
 * Membership during the term: a member steps down, the secretariat fills
 * the vacated expert seat from the reserve, and appoints someone to a
 * vacated officer seat. Each change is one transaction with its audit
 * events and its mail.
 */

import type { Transaction } from 'kysely';
import { audit, type AppContext, type Caller } from '../../context.js';
import type { Database, Db } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import type { OfficeredRoster } from '../../domain/roster-solver.js';
import type { GroupRules } from '../../domain/rules.js';
import {
  alreadyMember,
  conflict,
  domainRule,
  notFound,
  seatNotVacated,
} from '../../errors.js';
import {
  updateCycle,
  type Cycle,
} from '../cycles/cycles.repository.js';
import {
  describeCycle,
  requireDistinctOfficers,
  requireState,
  type CycleView,
  type Officers,
} from '../cycles/cycles.service.js';
import type { Group } from '../groups/groups.repository.js';
import { moveNominationStatus } from
  '../nominations/nominations.repository.js';
import type { NominationView } from '../nominations/nominations.view.js';
import { findPeopleByIds, findPersonById } from
  '../people/people.repository.js';
import { loadComposition, rosterViolations } from './composition.context.js';
import { mailWelcome, roleName } from './roster.mail.js';
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

/** A confirmed roster, its officers known, and who has left it. */
interface ConfirmedRoster {
  record: RosterRecord;
  roster: OfficeredRoster;
  /** Members who stepped down and whose seats are not refilled yet. */
  vacated: string[];
}

async function loadConfirmedRoster(
  db: Db,
  cycleId: string,
): Promise<ConfirmedRoster> {
  const record = await findRoster(db, cycleId);
  if (record?.status !== 'confirmed'
    || record.chairId === null || record.coChairId === null) {
    throw conflict('this cycle has no confirmed roster');
  }
  const { chairId, coChairId, expertIds } = record;
  return {
    record,
    roster: { chairId, coChairId, expertIds },
    vacated: await vacatedMembers(db, record),
  };
}

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
 * What filling a seat is checked against: the roster without the vacated
 * expert seats other than `filling`, and the rules with minExperts
 * lowered by as many (see Refill). Officers who left still count on the
 * roster until the secretariat appoints others.
 */
function refillSetting(
  roster: OfficeredRoster,
  vacated: readonly string[],
  rules: GroupRules,
  filling?: string,
): Pick<Refill, 'roster' | 'rules'> {
  const others = new Set(vacated.filter((id) => id !== filling
    && roster.expertIds.includes(id)));
  return {
    roster: { ...roster,
      expertIds: roster.expertIds.filter((id) => !others.has(id)) },
    rules: { ...rules,
      minExperts: Math.max(0, rules.minExperts - others.size) },
  };
}

/**
 * Finds the first vacated seat of a confirmed roster: an expert's if any
 * (in roster order), otherwise an officer's, which the reserve does not
 * fill: the secretariat appoints someone (see replaceOfficers).
 */
export async function planRefill(
  db: Db,
  cycle: Cycle,
  group: Group,
): Promise<Refill> {
  const { record, roster, vacated } = await loadConfirmedRoster(db,
    cycle.id);
  const leavingId = vacated.find((id) => record.expertIds.includes(id))
    ?? vacated[0];
  if (leavingId === undefined) {
    throw conflict('no member of this roster has stepped down');
  }
  return {
    record,
    leavingId,
    ...refillSetting(roster, vacated, group.rules, leavingId),
  };
}

/**
 * Why a vacated officer seat is not filled from the reserve, and how it
 * is filled instead, for the answers that meet one.
 */
export function officerSeatNote(cycleId: string, seat: string): string {
  return `the ${seat} has stepped down; officers are appointed by the`
    + ' secretariat, not drawn from the reserve: name the new one with'
    + ` PUT /v1/cycles/${cycleId}/officers`;
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

/** Moves a reserve nomination whose candidate takes a seat to selected. */
async function selectFromReserve(
  trx: Transaction<Database>,
  ctx: AppContext,
  caller: Caller,
  nomination: NominationView,
  now: string,
): Promise<void> {
  if (!await moveNominationStatus(trx, nomination.id, 'reserve',
    'selected', now)) {
    throw conflict('this nomination changed meanwhile; try again');
  }
  await audit(trx, ctx, caller, {
    action: 'nomination.status_changed', entity: 'nomination',
    entityId: nomination.id,
    before: { status: 'reserve' }, after: { status: 'selected' },
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
      const seat = leavingId === record.chairId ? 'chair' : 'co-chair';
      throw conflict(`no expert seat is vacant; ${
        officerSeatNote(cycleId, seat)}`);
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
    await selectFromReserve(trx, ctx, caller, nomination, now);

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

type OfficerSeat = 'chair' | 'co_chair';

/**
 * Appoints officers of a confirmed cycle in place of those who stepped
 * down. Each seat that changes must have been vacated, so an officer
 * still serving stays; each newcomer must be a known person who has never
 * sat on this roster. An expert of the roster is refused too: moving up
 * would vacate their own seat, which is refilled from the reserve, and
 * two seats changing at once is not one appointment.
 *
 * The roster that results must meet every rule, other vacated expert
 * seats set aside as for a refill. A newcomer serves from now (or the
 * term's start, if later) to the term's end, and is welcomed by mail.
 */
export async function replaceOfficers(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
  input: Officers,
): Promise<CycleView> {
  const result = await inTransaction(ctx.db, async (trx) => {
    const { cycle, group } = await loadRosterScope(trx, caller, cycleId,
      'cycle.appoint_officers');
    requireDistinctOfficers(input);
    requireState(cycle, 'confirmed');
    const { record, roster, vacated } = await loadConfirmedRoster(trx,
      cycleId);
    const seats = ([
      ['chair', roster.chairId, input.chairId],
      ['co_chair', roster.coChairId, input.coChairId],
    ] as [OfficerSeat, string, string][])
      .filter(([, leavingId, personId]) => leavingId !== personId);
    if (seats.length === 0) {
      throw conflict('these are the officers already; once a roster is'
        + ' confirmed, officers change only to fill a vacated seat');
    }
    for (const [seat, leavingId] of seats) {
      if (!vacated.includes(leavingId)) throw seatNotVacated(roleName(seat));
    }
    const newcomers = await findPeopleByIds(trx,
      seats.map(([, , personId]) => personId));
    const memberships = await listMemberships(trx, cycleId);
    for (const [, , personId] of seats) {
      if (!newcomers.has(personId)) throw notFound(`person ${personId}`);
      const seated = memberships.find((m) => m.personId === personId);
      if (seated) {
        throw alreadyMember(seated.endedAt === null
          ? `serves on this roster as ${roleName(seated.role)}`
          : 'has stepped down from this roster');
      }
    }

    const appointed: Cycle = { ...cycle, ...officersOf(input) };
    const setting = refillSetting(roster, vacated, group.rules);
    const proposal = { ...setting.roster, ...officersOf(input) };
    const { context, nominations } = await loadComposition(trx, appointed,
      setting.rules);
    const violations = rosterViolations(proposal, appointed, context);
    if (violations.length > 0) {
      const whom = seats.length === 1 ? 'this officer' : 'these officers';
      throw domainRule('roster_invalid',
        `the roster with ${whom} would break composition rules`,
        { violations });
    }

    const now = ctx.clock().toISOString();
    await updateCycle(trx, cycleId, { ...officersOf(input), updatedAt: now });
    await audit(trx, ctx, caller, {
      action: 'cycle.officers_appointed', entity: 'cycle', entityId: cycleId,
      before: officersOf(cycle), after: officersOf(input),
    });
    const after: RosterRecord = { ...record, ...officersOf(input),
      updatedAt: now };
    await saveRoster(trx, after);
    await audit(trx, ctx, caller, {
      action: 'roster.member_replaced', entity: 'roster', entityId: cycleId,
      before: officersOf(record), after: officersOf(after),
    });

    const termStart = now > cycle.termStart ? now : cycle.termStart;
    for (const [role, leavingId, personId] of seats) {
      const membership: Membership = {
        cycleId, personId, role, termStart,
        termEnd: cycle.termEnd, endedAt: null, createdAt: now,
      };
      await insertMembership(trx, membership);
      await audit(trx, ctx, caller, {
        action: 'membership.added', entity: 'membership',
        entityId: `${cycleId}:${personId}`,
        after: { ...membership, replacing: leavingId },
      });
      // A reserve candidate who takes an officer seat is selected, as an
      // officer's nomination is at confirmation, and so leaves the reserve.
      const nomination = nominations.find((n) => n.candidateId === personId
        && n.status === 'reserve');
      if (nomination) {
        await selectFromReserve(trx, ctx, caller, nomination, now);
      }
      await mailWelcome(trx, ctx, {
        cycle: appointed, group, member: newcomers.get(personId)!, role,
        termStart, termEnd: cycle.termEnd,
      });
    }
    return describeCycle(trx, { ...appointed, updatedAt: now });
  });
  ctx.wakeWorker();
  return result;
}

type OfficerIds = Pick<Cycle, 'chairId' | 'coChairId'>;

/** Just the officer ids of a cycle, a roster or a request. */
function officersOf(from: OfficerIds): OfficerIds {
  return { chairId: from.chairId, coChairId: from.coChairId };
}
