/**
 * The candidate's consent. A nomination sends its candidate a one-time
 * link (only its hash is kept) that shows what is held about them and why,
 * and takes their answer: accepting makes them an expert, declining ends
 * the nomination. Links no one answers expire by a worker job.
 */

import type { Transaction } from 'kysely';
import { audit, queueMail, SYSTEM, type AppContext, type Caller } from
  '../../context.js';
import type { Database, Db } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { hashToken, newOneTimeToken } from '../../auth/tokens.js';
import { isOpen } from '../../domain/cycle-states.js';
import { deadlinePassed } from '../../domain/nomination-rules.js';
import { regionOf } from '../../domain/regions.js';
import { invitationGone, notFound } from '../../errors.js';
import { findGroup, type Group } from '../groups/groups.repository.js';
import {
  findPeopleByIds,
  findPersonById,
  personRecord,
  updatePerson,
  type Person,
} from '../people/people.repository.js';
import { findCycle, type Cycle } from '../cycles/cycles.repository.js';
import {
  findInvitation,
  insertInvitation,
  listLapsedNominationIds,
  markInvitationUsed,
  type Invitation,
} from './invitations.repository.js';
import {
  findNomination,
  moveNominationStatus,
  type Nomination,
} from './nominations.repository.js';
import {
  focusAreaTitles,
  orNotGiven,
  readableCountry,
  readableInstant,
} from './nominations.mail.js';
import type { AnswerInput, ProfileInput } from './nominations.schemas.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface InvitationView {
  nominationId: string;
  group: { slug: string; name: string };
  focusAreas: { id: string; title: string }[];
  nominatorName: string;
  statement: string;
  status: Nomination['status'];
  expiresAt: string;
  candidate: {
    name: string;
    email: string;
    affiliation: string | null;
    country: string | null;
  };
  notice: { purpose: string; seenBy: string; objection: string };
}

export function invitationUrl(ctx: AppContext, token: string): string {
  return `${ctx.settings.publicUrl}/invitations/${token}`;
}

/** What the candidate is told about the data held on them. */
export function privacyNotice(ctx: AppContext, group: Group)
  : InvitationView['notice'] {
  return {
    purpose: `to run the selection of the experts of the ${group.name} ` +
      'group',
    seenBy: 'the group\'s chair and co-chair, its reviewers and the ' +
      'secretariat',
    objection: 'decline through your invitation link, or write to the ' +
      `secretariat at ${ctx.settings.secretariatEmail}`,
  };
}

/**
 * Creates a nomination's invitation and queues its mail, inside the
 * nomination's transaction. The token leaves only in the mail.
 */
export async function issueInvitation(
  trx: Transaction<Database>,
  ctx: AppContext,
  caller: Caller,
  about: { nomination: Nomination; candidate: Person; nominator: Person;
    group: Group },
): Promise<{ expiresAt: string }> {
  const { nomination, candidate, nominator, group } = about;
  const now = ctx.clock();
  const expiresAt = new Date(
    now.getTime() + group.rules.consentDays * DAY_MS).toISOString();
  const { token, hash } = newOneTimeToken();
  await insertInvitation(trx, {
    tokenHash: hash,
    nominationId: nomination.id,
    expiresAt,
    usedAt: null,
    createdAt: now.toISOString(),
  });
  await audit(trx, ctx, caller, {
    action: 'invitation.issued',
    entity: 'nomination',
    entityId: nomination.id,
    after: { expiresAt },
  });

  await queueMail(trx, ctx, {
    eventKey: `invitation:${hash}`,
    template: 'invitation',
    to: { personId: candidate.id, address: candidate.email },
    vars: {
      name: candidate.name,
      nominatorName: nominator.name,
      groupName: group.name,
      focusAreas: focusAreaTitles(group, nomination.focusAreas),
      statement: nomination.statement,
      link: invitationUrl(ctx, token),
      expiresAt: readableInstant(expiresAt),
      email: candidate.email,
      affiliation: orNotGiven(candidate.affiliation),
      country: readableCountry(candidate.country),
      secretariatEmail: ctx.settings.secretariatEmail,
    },
  });
  return { expiresAt };
}

interface OpenLink {
  invitation: Invitation;
  nomination: Nomination;
  cycle: Cycle;
}

/**
 * Finds the nomination a link answers for: 404 for a link that never
 * existed, 410 for one that no longer works.
 */
async function openLink(db: Db, ctx: AppContext, token: string)
  : Promise<OpenLink> {
  const invitation = await findInvitation(db, hashToken(token));
  if (!invitation) throw notFound('invitation');
  const nomination = await findNomination(db, invitation.nominationId);
  const cycle = nomination && await findCycle(db, nomination.cycleId);
  if (!nomination || !cycle) throw notFound('invitation');

  const now = ctx.clock().toISOString();
  if (invitation.usedAt !== null
    || deadlinePassed(now, invitation.expiresAt)
    || nomination.status !== 'awaiting_consent'
    || !isOpen(cycle.state)) {
    throw invitationGone();
  }
  return { invitation, nomination, cycle };
}

async function view(
  db: Db,
  ctx: AppContext,
  link: OpenLink,
  candidate?: Person,
): Promise<InvitationView> {
  const { invitation, nomination, cycle } = link;
  const group = await findGroup(db, cycle.groupSlug);
  const people = await findPeopleByIds(db,
    [nomination.candidateId, nomination.nominatorId]);
  const person = candidate ?? people.get(nomination.candidateId);
  if (!group || !person) throw notFound('invitation');

  const titles = new Map(group.focusAreas.map((a) => [a.id, a.title]));
  return {
    nominationId: nomination.id,
    group: { slug: group.slug, name: group.name },
    focusAreas: nomination.focusAreas.map((id) =>
      ({ id, title: titles.get(id) ?? id })),
    nominatorName: people.get(nomination.nominatorId)?.name ?? '',
    statement: nomination.statement,
    status: nomination.status,
    expiresAt: invitation.expiresAt,
    candidate: {
      name: person.name,
      email: person.email,
      affiliation: person.affiliation,
      country: person.country,
    },
    notice: privacyNotice(ctx, group),
  };
}

/** What a link shows; reading it changes nothing. */
export async function readInvitation(ctx: AppContext, token: string)
  : Promise<InvitationView> {
  return view(ctx.db, ctx, await openLink(ctx.db, ctx, token));
}

/**
 * Records the candidate's answer and spends the link. The link stands for
 * the candidate, so the audit trail names them as the actor.
 */
export async function answerInvitation(
  ctx: AppContext,
  caller: Caller,
  token: string,
  answer: AnswerInput,
): Promise<InvitationView> {
  return inTransaction(ctx.db, async (trx) => {
    const link = await openLink(trx, ctx, token);
    const { nomination } = link;
    const candidate = await findPersonById(trx, nomination.candidateId);
    if (!candidate) throw notFound('invitation');

    const now = ctx.clock().toISOString();
    if (!await markInvitationUsed(trx, link.invitation.tokenHash, now)) {
      throw invitationGone();
    }
    const asCandidate: Caller = {
      ...caller,
      actor: { id: candidate.id, secretariat: candidate.secretariat,
        expert: candidate.expert },
    };
    const person = answer.decision === 'accept'
      ? await becomeExpert(trx, ctx, asCandidate, candidate,
        answer.profile, now)
      : candidate;

    const status = answer.decision === 'accept' ? 'consented' : 'declined';
    if (!await moveNominationStatus(trx, nomination.id, 'awaiting_consent',
      status, now)) {
      throw invitationGone();
    }
    await audit(trx, ctx, asCandidate, {
      action: `nomination.${status}`,
      entity: 'nomination',
      entityId: nomination.id,
      before: { status: nomination.status },
      after: { status },
    });
    return view(trx, ctx, {
      ...link,
      invitation: { ...link.invitation, usedAt: now },
      nomination: { ...nomination, status, updatedAt: now },
    }, person);
  });
}

/**
 * Makes a consenting candidate an expert, with the profile they gave in
 * place of what their nominator wrote.
 */
async function becomeExpert(
  trx: Transaction<Database>,
  ctx: AppContext,
  caller: Caller,
  before: Person,
  profile: ProfileInput | undefined,
  now: string,
): Promise<Person> {
  const after: Person = {
    ...before,
    ...(profile && {
      affiliation: profile.affiliation,
      country: profile.country,
      region: regionOf(profile.country),
      expertise: profile.expertise,
      ...(profile.gender !== undefined && { gender: profile.gender }),
    }),
    expert: true,
    updatedAt: now,
  };
  const was = personRecord(before);
  const is = personRecord(after);
  if (JSON.stringify(was) === JSON.stringify(is)) return before;

  await updatePerson(trx, after);
  await audit(trx, ctx, caller, {
    action: 'person.updated',
    entity: 'person',
    entityId: after.id,
    before: was,
    after: is,
  });
  return after;
}

/**
 * The worker job: a nomination whose candidate let every link lapse
 * becomes expired, which frees the nominator's place and lets someone
 * nominate the candidate afresh.
 */
export async function expireInvitations(ctx: AppContext): Promise<number> {
  const now = ctx.clock().toISOString();
  const ids = await listLapsedNominationIds(ctx.db, now);
  let expired = 0;
  for (const id of ids) {
    // One transaction each, moving only a nomination still awaiting
    // consent: a withdrawal made meanwhile stands, and one failure does
    // not hold back the others.
    const moved = await inTransaction(ctx.db, async (trx) => {
      if (!await moveNominationStatus(trx, id, 'awaiting_consent',
        'expired', now)) {
        return false;
      }
      await audit(trx, ctx, SYSTEM, {
        action: 'nomination.expired',
        entity: 'nomination',
        entityId: id,
        before: { status: 'awaiting_consent' },
        after: { status: 'expired' },
      });
      return true;
    });
    if (moved) expired += 1;
  }
  return expired;
}
