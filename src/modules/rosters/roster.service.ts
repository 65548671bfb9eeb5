/**
 * A cycle's roster: the chair drafts and submits it, the secretariat
 * returns or confirms it, and confirmation publishes the membership,
 * settles every nomination and tells everyone concerned. Each use case is
 * one transaction with its audit events and its mail.
 */

import { randomUUID } from 'node:crypto';
import { audit, type AppContext, type Caller } from '../../context.js';
import type { Db } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import type { Roster } from '../../domain/composition.js';
import type { NominationStatus } from '../../domain/eligibility.js';
import {
  conflict,
  domainRule,
  notFound,
  wrongRosterStatus,
} from '../../errors.js';
import { updateCycle, type Cycle } from '../cycles/cycles.repository.js';
import { requireState } from '../cycles/cycles.service.js';
import type { Group } from '../groups/groups.repository.js';
import { moveNominationStatus } from
  '../nominations/nominations.repository.js';
import type { NominationView } from '../nominations/nominations.view.js';
import { findPeopleByIds, findPersonById } from
  '../people/people.repository.js';
import {
  loadComposition,
  rosterViolations,
  type RosterViolation,
} from './composition.context.js';
import {
  mailNotSelected,
  mailReturned,
  mailSubmitted,
  mailWelcome,
} from './roster.mail.js';
import {
  findRoster,
  insertMembership,
  listMemberships,
  listSecretariatAccounts,
  saveRoster,
  type MemberRole,
  type RosterRecord,
  type RosterStatus,
} from './roster.repository.js';
import { loadRosterScope } from './roster.scope.js';
import type { RosterInputBody } from './roster.schemas.js';

/** A roster as the API shows it, with every rule it breaks. */
export interface RosterView extends Roster {
  cycleId: string;
  status: RosterStatus;
  returnReason: string | null;
  submittedAt: string | null;
  confirmedAt: string | null;
  updatedAt: string | null;
  vacatedIds: string[];
  violations: RosterViolation[];
}

/** Before the chair's first save: the appointed officers, no experts. */
function startingRoster(cycle: Cycle): RosterRecord {
  return {
    cycleId: cycle.id,
    chairId: cycle.chairId,
    coChairId: cycle.coChairId,
    expertIds: [],
    status: 'draft',
    returnReason: null,
    submittedAt: null,
    confirmedAt: null,
    confirmedBy: null,
    updatedAt: '',
  };
}

/**
 * The members of a confirmed roster who stepped down and whose seats are
 * not refilled yet, in roster order (officers first).
 */
export async function vacatedMembers(
  db: Db,
  record: RosterRecord,
): Promise<string[]> {
  if (record.status !== 'confirmed') return [];
  const ended = new Set((await listMemberships(db, record.cycleId))
    .filter((m) => m.endedAt !== null).map((m) => m.personId));
  return [record.chairId, record.coChairId, ...record.expertIds]
    .filter((id): id is string => id !== null && ended.has(id));
}

/** The ids a roster names, officers first, for loading their people. */
function namedIds(roster: Roster): (string | null)[] {
  return [roster.chairId, roster.coChairId, ...roster.expertIds];
}

/** Checks a roster against the cycle's rules as they stand now. */
export async function checkRoster(
  db: Db,
  cycle: Cycle,
  group: Group,
  roster: Roster,
): Promise<RosterViolation[]> {
  const { context } = await loadComposition(db, cycle, group.rules,
    namedIds(roster));
  return rosterViolations(roster, cycle, context);
}

/**
 * Shows a roster. Violations are those of the roster as it stands: on a
 * confirmed roster, without the members who have stepped down.
 */
export async function describeRoster(
  db: Db,
  cycle: Cycle,
  group: Group,
  stored: RosterRecord | undefined,
): Promise<RosterView> {
  const record = stored ?? startingRoster(cycle);
  const vacatedIds = await vacatedMembers(db, record);
  const gone = (id: string | null) => id !== null && vacatedIds.includes(id);
  const current: Roster = {
    chairId: gone(record.chairId) ? null : record.chairId,
    coChairId: gone(record.coChairId) ? null : record.coChairId,
    expertIds: record.expertIds.filter((id) => !gone(id)),
  };
  return {
    cycleId: cycle.id,
    chairId: record.chairId,
    coChairId: record.coChairId,
    expertIds: record.expertIds,
    status: record.status,
    returnReason: record.returnReason,
    submittedAt: record.submittedAt,
    confirmedAt: record.confirmedAt,
    updatedAt: stored ? record.updatedAt : null,
    vacatedIds,
    violations: await checkRoster(db, cycle, group, current),
  };
}

/** The audited fields of a roster: ids and states, nothing personal. */
function rosterRecordOf(r: RosterRecord): Record<string, unknown> {
  const { cycleId: _c, updatedAt: _u, ...rest } = r;
  return rest;
}

function rosterInvalid(violations: RosterViolation[]) {
  const count = violations.length;
  return domainRule('roster_invalid',
    `the roster breaks ${count} composition ${count === 1 ? 'rule' : 'rules'}`,
    { violations });
}

export async function getRoster(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
): Promise<RosterView> {
  const { cycle, group } = await loadRosterScope(ctx.db, caller, cycleId,
    'roster.read');
  return describeRoster(ctx.db, cycle, group,
    await findRoster(ctx.db, cycleId));
}

/**
 * Saves the chair's draft, whatever rules it breaks: the answer lists
 * them. A save after submission or return makes it a draft again.
 */
export async function saveDraft(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
  input: RosterInputBody,
): Promise<RosterView> {
  return inTransaction(ctx.db, async (trx) => {
    const { cycle, group } = await loadRosterScope(trx, caller, cycleId,
      'roster.write');
    requireState(cycle, 'reviewing', 'composing');
    const before = await findRoster(trx, cycleId);

    const record: RosterRecord = {
      ...(before ?? startingRoster(cycle)),
      chairId: input.chairId,
      coChairId: input.coChairId,
      expertIds: input.expertIds,
      status: 'draft',
      submittedAt: null,
      updatedAt: ctx.clock().toISOString(),
    };
    await saveRoster(trx, record);
    await audit(trx, ctx, caller, {
      action: 'roster.saved', entity: 'roster', entityId: cycleId,
      before: before ? rosterRecordOf(before) : null,
      after: rosterRecordOf(record),
    });
    return describeRoster(trx, cycle, group, record);
  });
}

/** Submits the saved draft, valid as it stands, to the secretariat. */
export async function submitRoster(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
): Promise<RosterView> {
  const result = await inTransaction(ctx.db, async (trx) => {
    const { cycle, group } = await loadRosterScope(trx, caller, cycleId,
      'roster.submit');
    requireState(cycle, 'composing');
    const before = await findRoster(trx, cycleId);
    if (!before) throw conflict('save a draft roster before submitting it');
    if (before.status !== 'draft' && before.status !== 'returned') {
      throw wrongRosterStatus('a draft or returned', before.status);
    }
    const violations = await checkRoster(trx, cycle, group, before);
    if (violations.length > 0) throw rosterInvalid(violations);

    const now = ctx.clock().toISOString();
    const record: RosterRecord = {
      ...before,
      status: 'submitted',
      returnReason: null,
      submittedAt: now,
      updatedAt: now,
    };
    await saveRoster(trx, record);
    await audit(trx, ctx, caller, {
      action: 'roster.submitted', entity: 'roster', entityId: cycleId,
      before: rosterRecordOf(before), after: rosterRecordOf(record),
    });

    const chair = record.chairId === null ? undefined
      : await findPersonById(trx, record.chairId);
    const submissionId = randomUUID();
    for (const to of await listSecretariatAccounts(trx)) {
      await mailSubmitted(trx, ctx, {
        cycle, group, submissionId, to,
        chairName: chair?.name ?? 'The chair',
        experts: record.expertIds.length,
      });
    }
    return describeRoster(trx, cycle, group, record);
  });
  ctx.wakeWorker();
  return result;
}

/** Sends a submitted roster back to the chair, with the reason why. */
export async function returnRoster(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
  reason: string,
): Promise<RosterView> {
  const result = await inTransaction(ctx.db, async (trx) => {
    const { cycle, group } = await loadRosterScope(trx, caller, cycleId,
      'roster.return');
    requireState(cycle, 'composing');
    const before = await findRoster(trx, cycleId);
    if (before?.status !== 'submitted') {
      throw wrongRosterStatus('submitted', before?.status ?? 'not saved');
    }

    const now = ctx.clock().toISOString();
    const record: RosterRecord = {
      ...before,
      status: 'returned',
      returnReason: reason,
      updatedAt: now,
    };
    await saveRoster(trx, record);
    await audit(trx, ctx, caller, {
      action: 'roster.returned', entity: 'roster', entityId: cycleId,
      before: rosterRecordOf(before), after: rosterRecordOf(record),
    });

    // The appointed chair drafts and resubmits, so the mail goes to them.
    const chair = cycle.chairId === null ? undefined
      : await findPersonById(trx, cycle.chairId);
    if (chair) {
      await mailReturned(trx, ctx, {
        cycle, group, chair, reason, returnId: randomUUID(),
      });
    }
    return describeRoster(trx, cycle, group, record);
  });
  ctx.wakeWorker();
  return result;
}

/** The members of a roster in seat order, each with their role. */
function seats(roster: Roster): { personId: string; role: MemberRole }[] {
  const officers = [
    { personId: roster.chairId, role: 'chair' as const },
    { personId: roster.coChairId, role: 'co_chair' as const },
  ].filter((s): s is { personId: string; role: 'chair' | 'co_chair' } =>
    s.personId !== null);
  return [
    ...officers,
    ...roster.expertIds.map((personId) =>
      ({ personId, role: 'expert' as const })),
  ];
}

/**
 * Where each nomination ends once the roster is confirmed: its candidate's
 * seat makes it selected; an eligible one joins the reserve; any other
 * consented one is not selected. One still awaiting consent expires: the
 * selection it was waiting for is over, and the selection outcomes are
 * kept for consented nominations, since eligibility reads consent from
 * them. Settled ones (withdrawn, declined, expired) stay as they are, and
 * so does a member's nomination still awaiting consent (an officer's,
 * say): selected would claim a consent never given.
 */
function outcomeOf(
  nomination: NominationView,
  members: ReadonlySet<string>,
): NominationStatus | null {
  const { status, candidateId } = nomination;
  if (status !== 'consented' && status !== 'awaiting_consent') return null;
  if (members.has(candidateId)) {
    return status === 'consented' ? 'selected' : null;
  }
  if (status === 'awaiting_consent') return 'expired';
  return nomination.eligible ? 'reserve' : 'not_selected';
}

/**
 * Confirms a submitted roster, checked again against the rules as they
 * stand: the cycle is confirmed, the membership published, every live
 * nomination settled, and members and other candidates told.
 */
export async function confirmRoster(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
): Promise<RosterView> {
  const result = await inTransaction(ctx.db, async (trx) => {
    const { actor, cycle, group } = await loadRosterScope(trx, caller,
      cycleId, 'roster.confirm');
    requireState(cycle, 'composing');
    const before = await findRoster(trx, cycleId);
    if (before?.status !== 'submitted') {
      throw wrongRosterStatus('submitted', before?.status ?? 'not saved');
    }
    const { context, nominations } = await loadComposition(trx, cycle,
      group.rules, namedIds(before));
    const violations = rosterViolations(before, cycle, context);
    if (violations.length > 0) throw rosterInvalid(violations);

    const now = ctx.clock().toISOString();
    await updateCycle(trx, cycleId, { state: 'confirmed', updatedAt: now });
    await audit(trx, ctx, caller, {
      action: 'cycle.transitioned', entity: 'cycle', entityId: cycleId,
      before: { state: cycle.state }, after: { state: 'confirmed' },
    });
    const confirmed = { ...cycle, state: 'confirmed' as const,
      updatedAt: now };

    const record: RosterRecord = {
      ...before,
      status: 'confirmed',
      confirmedAt: now,
      confirmedBy: actor.id,
      updatedAt: now,
    };
    await saveRoster(trx, record);
    await audit(trx, ctx, caller, {
      action: 'roster.confirmed', entity: 'roster', entityId: cycleId,
      before: rosterRecordOf(before), after: rosterRecordOf(record),
    });

    const members = seats(record);
    const people = await findPeopleByIds(trx, [
      ...members.map((m) => m.personId),
      ...nominations.map((n) => n.candidateId),
    ]);
    for (const { personId, role } of members) {
      const membership = {
        cycleId, personId, role,
        termStart: cycle.termStart, termEnd: cycle.termEnd,
        endedAt: null, createdAt: now,
      };
      await insertMembership(trx, membership);
      await audit(trx, ctx, caller, {
        action: 'membership.added', entity: 'membership',
        entityId: `${cycleId}:${personId}`, after: { ...membership },
      });
      const member = people.get(personId);
      if (!member) throw notFound(`person ${personId}`);
      await mailWelcome(trx, ctx, {
        cycle: confirmed, group, member, role,
        termStart: cycle.termStart, termEnd: cycle.termEnd,
      });
    }

    const seated = new Set(members.map((m) => m.personId));
    for (const nomination of nominations) {
      const to = outcomeOf(nomination, seated);
      if (to === null) continue;
      const moved = await moveNominationStatus(trx, nomination.id,
        nomination.status, to, now);
      if (!moved) continue;
      await audit(trx, ctx, caller, {
        action: 'nomination.status_changed', entity: 'nomination',
        entityId: nomination.id,
        before: { status: nomination.status }, after: { status: to },
      });
      // A candidate who never consented took no part: no note to them.
      const candidate = people.get(nomination.candidateId);
      if ((to === 'reserve' || to === 'not_selected') && candidate) {
        await mailNotSelected(trx, ctx, {
          group, candidate, nominationId: nomination.id,
          reserve: to === 'reserve',
        });
      }
    }
    return describeRoster(trx, confirmed, group, record);
  });
  ctx.wakeWorker();
  return result;
}
