/**
 * Nominations and endorsements: an expert proposes a peer for a cycle,
 * others refer the same nomination, and the nominator or the candidate may
 * withdraw it. Each use case is one transaction with its audit events and
 * its mail.
 */

import { randomUUID } from 'node:crypto';
import { audit, queueMail, type AppContext, type Caller } from
  '../../context.js';
import type { Db } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { countReferrals } from '../../domain/eligibility.js';
import {
  endorsementProblems,
  nominationProblems,
  type EndorsementProblem,
  type NominationProblem,
} from '../../domain/nomination-rules.js';
import {
  authorize,
  authorizeOrHide,
  can,
  requireActor,
  type Facts,
} from '../../auth/policy.js';
import {
  alreadyEndorsed,
  conflict,
  duplicateNomination,
  nominationDeadlinePassed,
  nominationLimit,
  nominatorEndorsement,
  notFound,
  selfEndorsement,
  selfNomination,
  unknownFocusArea,
  validationFailed,
  wrongNominationStatus,
  type AppError,
} from '../../errors.js';
import { findGroup, type Group } from '../groups/groups.repository.js';
import {
  findPeopleByIds,
  findPersonByEmail,
  findPersonById,
  type Person,
} from '../people/people.repository.js';
import { addPerson } from '../people/people.service.js';
import { rolesInCycle, type Cycle } from '../cycles/cycles.repository.js';
import { loadCycle, requireState } from '../cycles/cycles.service.js';
import { issueInvitation } from './invitations.service.js';
import { focusAreaTitles, readableInstant } from './nominations.mail.js';
import {
  countLiveNominationsBy,
  findBlockingNomination,
  findNomination,
  hasEndorsed,
  insertEndorsement,
  insertNomination,
  moveNominationStatus,
  type Nomination,
} from './nominations.repository.js';
import type { CreateNominationInput } from './nominations.schemas.js';
import {
  loadNominationView,
  loadNominationViews,
  type NominationView,
} from './nominations.view.js';

/** A nomination as the API shows it: the view and who the candidate is. */
export interface NominationDetail extends NominationView {
  candidate: {
    name: string;
    affiliation: string | null;
    country: string | null;
  };
}

/** Loads the group a cycle belongs to; the schema guarantees it exists. */
async function loadGroup(db: Db, cycle: Cycle): Promise<Group> {
  const group = await findGroup(db, cycle.groupSlug);
  if (!group) throw notFound('group');
  return group;
}

async function present(db: Db, views: NominationView[])
  : Promise<NominationDetail[]> {
  const people = await findPeopleByIds(db, views.map((v) => v.candidateId));
  return views.map((view) => {
    const candidate = people.get(view.candidateId);
    return {
      ...view,
      candidate: {
        name: candidate?.name ?? '',
        affiliation: candidate?.affiliation ?? null,
        country: candidate?.country ?? null,
      },
    };
  });
}

async function detail(db: Db, nomination: Nomination, group: Group)
  : Promise<NominationDetail> {
  const view = await loadNominationView(db, nomination, group.rules);
  const [shown] = await present(db, [view]);
  return shown!;
}

/** Turns the first broken pure rule into the error the client gets. */
function refusal(problem: NominationProblem | EndorsementProblem)
  : AppError {
  const field = (name: string) => validationFailed(`body.${name}`,
    [{ field: `body.${name}`, message: problem.message }]);
  switch (problem.code) {
    case 'nomination_deadline_passed':
      return nominationDeadlinePassed();
    case 'statement_too_short':
    case 'statement_too_long':
      return field('statement');
    case 'no_focus_area':
    case 'duplicate_focus_area':
      return field('focusAreas');
    case 'unknown_focus_area': {
      const focusAreas = problem.focusAreas ?? [];
      return unknownFocusArea(focusAreas.join(', '), { focusAreas });
    }
    case 'self_nomination':
      return selfNomination();
    case 'self_endorsement':
      return selfEndorsement();
    case 'nominator_endorsement':
      return nominatorEndorsement();
  }
}

async function loadPerson(db: Db, id: string): Promise<Person> {
  const person = await findPersonById(db, id);
  if (!person) throw notFound('person');
  return person;
}

export async function createNomination(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
  input: CreateNominationInput,
): Promise<NominationDetail> {
  const actor = authorize(caller.actor, 'nomination.create');

  const result = await inTransaction(ctx.db, async (trx) => {
    const cycle = await loadCycle(trx, cycleId);
    requireState(cycle, 'nominating');
    const group = await loadGroup(trx, cycle);
    const nominator = await loadPerson(trx, actor.id);
    const now = ctx.clock().toISOString();
    const [problem] = nominationProblems({
      now,
      nominationDeadline: cycle.nominationDeadline,
      statement: input.statement,
      focusAreas: input.focusAreas,
      groupFocusAreas: group.focusAreas.map((a) => a.id),
      nominatorEmail: nominator.email,
      candidateEmail: input.candidate.email,
    });
    if (problem) throw refusal(problem);

    const known = await findPersonByEmail(trx, input.candidate.email);
    if (known) {
      const blocking = await findBlockingNomination(trx, cycle.id, known.id);
      if (blocking) throw duplicateNomination({ nominationId: blocking.id });
    }
    const live = await countLiveNominationsBy(trx, cycle.id, nominator.id);
    const limit = group.rules.maxNominationsPerNominator;
    if (live >= limit) throw nominationLimit(live, limit);

    // Someone new to peerpanel becomes a person now, but an expert only
    // once they accept: until then they may not nominate anyone.
    const candidate = known ?? await addPerson(trx, ctx, caller, {
      ...input.candidate,
      expert: false,
    });
    const nomination: Nomination = {
      id: randomUUID(),
      cycleId: cycle.id,
      candidateId: candidate.id,
      nominatorId: nominator.id,
      statement: input.statement,
      focusAreas: input.focusAreas,
      status: 'awaiting_consent',
      endorserIds: [],
      createdAt: now,
      updatedAt: now,
    };
    const { endorserIds: _none, ...row } = nomination;
    await insertNomination(trx, row);
    await audit(trx, ctx, caller, {
      action: 'nomination.created',
      entity: 'nomination',
      entityId: nomination.id,
      after: { ...row },
    });

    const { expiresAt } = await issueInvitation(trx, ctx, caller, {
      nomination, candidate, nominator, group,
    });
    await queueMail(trx, ctx, {
      eventKey: `nomination-receipt:${nomination.id}`,
      template: 'nomination-receipt',
      to: { personId: nominator.id, address: nominator.email },
      vars: {
        name: nominator.name,
        candidateName: candidate.name,
        groupName: group.name,
        focusAreas: focusAreaTitles(group, nomination.focusAreas),
        consentBy: readableInstant(expiresAt),
        minReferrals: group.rules.minReferrals,
        nominationId: nomination.id,
      },
    });
    return detail(trx, nomination, group);
  });
  ctx.wakeWorker();
  return result;
}

/**
 * The nominations of a cycle the caller may see: all of them for its
 * officers, reviewers and the secretariat; otherwise those the caller
 * made or is the candidate of.
 */
export async function listNominations(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
): Promise<NominationDetail[]> {
  const actor = requireActor(caller.actor);
  const cycle = await loadCycle(ctx.db, cycleId);
  const roles = await rolesInCycle(ctx.db, cycle, actor.id);
  const group = await loadGroup(ctx.db, cycle);

  const views = await loadNominationViews(ctx.db, cycle.id, group.rules);
  const visible = can(actor, 'nomination.list_all', { roles })
    ? views
    : views.filter((v) =>
      v.nominatorId === actor.id || v.candidateId === actor.id);
  return present(ctx.db, visible);
}

async function factsFor(db: Db, cycle: Cycle, nomination: Nomination,
  actorId: string): Promise<Facts> {
  return {
    roles: await rolesInCycle(db, cycle, actorId),
    isNominator: nomination.nominatorId === actorId,
    isCandidate: nomination.candidateId === actorId,
  };
}

export async function getNomination(
  ctx: AppContext,
  caller: Caller,
  id: string,
): Promise<NominationDetail> {
  const actor = requireActor(caller.actor);
  const nomination = await findNomination(ctx.db, id);
  if (!nomination) throw notFound('nomination');
  const cycle = await loadCycle(ctx.db, nomination.cycleId);
  authorizeOrHide(actor, 'nomination.read', 'nomination',
    await factsFor(ctx.db, cycle, nomination, actor.id));

  return detail(ctx.db, nomination, await loadGroup(ctx.db, cycle));
}

/** Statuses in which a nomination still gathers referrals. */
const ENDORSABLE = ['awaiting_consent', 'consented'] as const;

/** An endorser's own referral, as they get it back. */
export interface Endorsement {
  id: string;
  nominationId: string;
  endorserId: string;
  statement: string;
  createdAt: string;
}

/**
 * Refers a nomination. The endorser gets their endorsement back, not the
 * nomination: unless they may read it anyway, it stays hidden from them.
 */
export async function endorseNomination(
  ctx: AppContext,
  caller: Caller,
  id: string,
  statement: string,
): Promise<Endorsement> {
  const actor = authorize(caller.actor, 'nomination.endorse');

  const result = await inTransaction(ctx.db, async (trx) => {
    const nomination = await findNomination(trx, id);
    if (!nomination) throw notFound('nomination');
    const cycle = await loadCycle(trx, nomination.cycleId);
    requireState(cycle, 'nominating');
    const now = ctx.clock().toISOString();
    const [problem] = endorsementProblems({
      now,
      nominationDeadline: cycle.nominationDeadline,
      statement,
      endorserId: actor.id,
      candidateId: nomination.candidateId,
      nominatorId: nomination.nominatorId,
    });
    if (problem) throw refusal(problem);
    if (!(ENDORSABLE as readonly string[]).includes(nomination.status)) {
      throw wrongNominationStatus(ENDORSABLE.join(' or '),
        nomination.status);
    }
    if (await hasEndorsed(trx, nomination.id, actor.id)) {
      throw alreadyEndorsed();
    }

    const endorsement: Endorsement = {
      id: randomUUID(),
      nominationId: nomination.id,
      endorserId: actor.id,
      statement,
      createdAt: now,
    };
    await insertEndorsement(trx, endorsement);
    await audit(trx, ctx, caller, {
      action: 'endorsement.created',
      entity: 'endorsement',
      entityId: endorsement.id,
      after: { ...endorsement },
    });

    const group = await loadGroup(trx, cycle);
    const people = await findPeopleByIds(trx,
      [nomination.nominatorId, nomination.candidateId, actor.id]);
    const nominator = people.get(nomination.nominatorId);
    const endorserIds = [...nomination.endorserIds, actor.id];
    if (nominator) {
      await queueMail(trx, ctx, {
        eventKey: `endorsement-notice:${endorsement.id}`,
        template: 'endorsement-notice',
        to: { personId: nominator.id, address: nominator.email },
        vars: {
          name: nominator.name,
          endorserName: people.get(actor.id)?.name ?? 'An expert',
          candidateName: people.get(nomination.candidateId)?.name ?? '',
          groupName: group.name,
          referrals: countReferrals(nomination.nominatorId, endorserIds),
          minReferrals: group.rules.minReferrals,
          nominationId: nomination.id,
        },
      });
    }
    return endorsement;
  });
  ctx.wakeWorker();
  return result;
}

/** Statuses a nomination can no longer be withdrawn from. */
const SETTLED = ['withdrawn', 'declined', 'expired', 'not_selected'];

export async function withdrawNomination(
  ctx: AppContext,
  caller: Caller,
  id: string,
): Promise<NominationDetail> {
  const actor = requireActor(caller.actor);

  return inTransaction(ctx.db, async (trx) => {
    const nomination = await findNomination(trx, id);
    if (!nomination) throw notFound('nomination');
    const cycle = await loadCycle(trx, nomination.cycleId);
    const facts = await factsFor(trx, cycle, nomination, actor.id);
    authorizeOrHide(actor, 'nomination.read', 'nomination', facts);
    authorize(actor, 'nomination.withdraw', facts);
    requireState(cycle, 'draft', 'nominating', 'reviewing', 'composing');
    if (SETTLED.includes(nomination.status)) {
      throw wrongNominationStatus('live', nomination.status);
    }

    const now = ctx.clock().toISOString();
    if (!await moveNominationStatus(trx, id, nomination.status,
      'withdrawn', now)) {
      throw conflict('this nomination changed meanwhile; try again');
    }
    await audit(trx, ctx, caller, {
      action: 'nomination.withdrawn',
      entity: 'nomination',
      entityId: id,
      before: { status: nomination.status },
      after: { status: 'withdrawn' },
    });
    const after: Nomination = {
      ...nomination, status: 'withdrawn', updatedAt: now,
    };
    return detail(trx, after, await loadGroup(trx, cycle));
  });
}
