/**
 * The mail a roster causes: to the secretariat on submission, to the
 * chair on return, to each member on confirmation (or replacement), and
 * to each candidate not selected. Each is queued in the transaction of
 * the change that causes it.
 */

import type { Transaction } from 'kysely';
import { queueMail, type AppContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import type { Cycle } from '../cycles/cycles.repository.js';
import type { Group } from '../groups/groups.repository.js';
import type { Person } from '../people/people.repository.js';
import type { MemberRole } from './roster.repository.js';

type Trx = Transaction<Database>;

const ROLE_NAMES: Record<MemberRole, string> = {
  chair: 'chair',
  co_chair: 'co-chair',
  expert: 'expert',
};

/** A role as a sentence names it: "co-chair", not "co_chair". */
export function roleName(role: MemberRole): string {
  return ROLE_NAMES[role];
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function rosterUrl(ctx: AppContext, cycle: Cycle): string {
  return `${ctx.settings.publicUrl}/cycles/${cycle.id}/roster`;
}

/**
 * Tells a secretariat account that a roster awaits confirmation. The
 * submission id keeps a resubmission's mail apart from the first one's.
 */
export async function mailSubmitted(
  trx: Trx,
  ctx: AppContext,
  input: { cycle: Cycle; group: Group; submissionId: string;
    chairName: string; experts: number;
    to: { id: string; name: string; email: string } },
): Promise<void> {
  const { cycle, group, to } = input;
  await queueMail(trx, ctx, {
    eventKey: `roster-submitted:${input.submissionId}:${to.id}`,
    template: 'roster-submitted',
    to: { personId: to.id, address: to.email },
    vars: {
      name: to.name,
      groupName: group.name,
      chairName: input.chairName,
      experts: input.experts,
      rosterUrl: rosterUrl(ctx, cycle),
    },
  });
}

export async function mailReturned(
  trx: Trx,
  ctx: AppContext,
  input: { cycle: Cycle; group: Group; returnId: string; reason: string;
    chair: Person },
): Promise<void> {
  const { cycle, group, chair } = input;
  await queueMail(trx, ctx, {
    eventKey: `roster-returned:${input.returnId}`,
    template: 'roster-returned',
    to: { personId: chair.id, address: chair.email },
    vars: {
      name: chair.name,
      groupName: group.name,
      reason: input.reason,
      rosterUrl: rosterUrl(ctx, cycle),
    },
  });
}

/** The welcome of a member, once per person and cycle. */
export async function mailWelcome(
  trx: Trx,
  ctx: AppContext,
  input: { cycle: Cycle; group: Group; member: Person; role: MemberRole;
    termStart: string; termEnd: string },
): Promise<void> {
  const { cycle, group, member } = input;
  await queueMail(trx, ctx, {
    eventKey: `roster-confirmed:${cycle.id}:${member.id}`,
    template: 'roster-confirmed',
    to: { personId: member.id, address: member.email },
    vars: {
      name: member.name,
      groupName: group.name,
      role: roleName(input.role),
      termStart: day(input.termStart),
      termEnd: day(input.termEnd),
      membersUrl: `${ctx.settings.publicUrl}/groups/${group.slug}/members`,
    },
  });
}

/** The courteous answer to a candidate not selected, once per nomination. */
export async function mailNotSelected(
  trx: Trx,
  ctx: AppContext,
  input: { group: Group; nominationId: string; candidate: Person;
    reserve: boolean },
): Promise<void> {
  const { group, candidate } = input;
  const outlook = input.reserve
    ? 'You are on the reserve list: should a seat fall vacant during the'
      + ' term, the secretariat may invite you to take it.'
    : 'We hope you will accept a nomination again in a later cycle.';
  await queueMail(trx, ctx, {
    eventKey: `not-selected:${input.nominationId}`,
    template: 'not-selected',
    to: { personId: candidate.id, address: candidate.email },
    vars: { name: candidate.name, groupName: group.name, outlook },
  });
}
