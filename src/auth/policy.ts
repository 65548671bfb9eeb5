/**
 * The one authorization policy: may this person do this to this object?
 * Every route's service asks here, and nowhere else decides.
 *
 * Roles: the secretariat (global); chair, co-chair and reviewer (per
 * cycle, passed in as `roles`); expert (a person who may nominate).
 */

import { forbidden, notFound, unauthenticated } from '../errors.js';

export interface Actor {
  id: string;
  secretariat: boolean;
  expert: boolean;
}

export type CycleRole = 'chair' | 'co_chair' | 'reviewer';

/** What the policy may need to know about the object. */
export interface Facts {
  /** The person a people action is about. */
  personId?: string;
  /** The actor's roles in the cycle concerned. */
  roles?: readonly CycleRole[];
  isNominator?: boolean;
  isCandidate?: boolean;
  /** The state a cycle transition goes to. */
  to?: string;
  /** Whether a reviewer has submitted their own review. */
  hasReviewed?: boolean;
}

type Rule = (actor: Actor, facts: Facts) => boolean;

const secretariat: Rule = (a) => a.secretariat;
const self: Rule = (a, f) => f.personId === a.id;
const expert: Rule = (a) => a.expert;
const has = (role: CycleRole): Rule =>
  (_, f) => (f.roles ?? []).includes(role);
const anyCycleRole: Rule = (_, f) => (f.roles ?? []).length > 0;
const officer: Rule = (a, f) => has('chair')(a, f) || has('co_chair')(a, f);
const any = (...rules: Rule[]): Rule =>
  (a, f) => rules.some((rule) => rule(a, f));

const RULES = {
  'person.create': secretariat,
  'person.read': any(secretariat, self),
  'person.update': any(secretariat, self),
  'person.grant_roles': secretariat,
  'audit.read': secretariat,
  'outbox.manage': secretariat,

  'cycle.create': secretariat,
  'cycle.read': () => true,
  'cycle.transition': any(secretariat,
    (a, f) => f.to === 'reviewing' && has('chair')(a, f)),
  'cycle.appoint_officers': secretariat,
  'cycle.add_reviewer': any(secretariat, has('chair')),

  'nomination.create': expert,
  'nomination.list_all': any(secretariat, anyCycleRole),
  'nomination.read': any(secretariat, anyCycleRole,
    (_, f) => f.isNominator === true || f.isCandidate === true),
  'nomination.endorse': expert,
  'nomination.withdraw': (_, f) =>
    f.isNominator === true || f.isCandidate === true,

  'declaration.file': anyCycleRole,
  'declaration.list_all': any(secretariat, officer),
  'declaration.rule': secretariat,
  'conflict.declare': anyCycleRole,
  'conflict.lift': secretariat,
  'conflict.list': any(secretariat, officer),
  'review.write': anyCycleRole,
  'review.read_all': any(secretariat,
    (a, f) => anyCycleRole(a, f) && f.hasReviewed === true),
  'ranking.read': any(secretariat, anyCycleRole),

  'roster.read': any(secretariat, officer),
  'roster.write': has('chair'),
  'roster.suggest': any(secretariat, officer),
  'roster.submit': has('chair'),
  'roster.confirm': secretariat,
  'roster.return': secretariat,
  'membership.end': secretariat,
  'report.read': any(secretariat, officer),
} satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;

const DESCRIPTIONS: Partial<Record<Action, string>> = {
  'cycle.transition': 'move this cycle to that state',
  'nomination.create': 'nominate: only experts may',
  'nomination.endorse': 'endorse: only experts may',
};

export function can(actor: Actor | null, action: Action, facts: Facts = {})
  : boolean {
  return actor !== null && RULES[action](actor, facts);
}

/**
 * Throws unless allowed: 401 for an anonymous caller, 403 otherwise.
 * Returns the actor, known now to be signed in.
 */
export function authorize(
  actor: Actor | null,
  action: Action,
  facts: Facts = {},
): Actor {
  if (actor === null) throw unauthenticated();
  if (!RULES[action](actor, facts)) {
    throw forbidden(DESCRIPTIONS[action] ?? action.replace(/[._]/g, ' '));
  }
  return actor;
}

/**
 * Like `authorize`, but a refusal answers 404: used where even the
 * existence of the object must stay hidden from the caller.
 */
export function authorizeOrHide(
  actor: Actor | null,
  action: Action,
  what: string,
  facts: Facts = {},
): Actor {
  if (actor === null) throw unauthenticated();
  if (!RULES[action](actor, facts)) throw notFound(what);
  return actor;
}

export function requireActor(actor: Actor | null): Actor {
  if (actor === null) throw unauthenticated();
  return actor;
}
