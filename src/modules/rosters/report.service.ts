/**
 * The roster report: who sits on the roster and why — who nominated and
 * endorsed each member, their scores, how the roster meets each
 * composition rule — and who submitted and confirmed it, taken from the
 * audit trail. For the secretariat's files and the officers.
 */

import type { AppContext, Caller } from '../../context.js';
import type { Db } from '../../db/schema.js';
import { listAuditEvents } from '../../audit/audit.repository.js';
import {
  attributeKey,
  attributeLabel,
  compareIds,
  countOf,
  formatPercent,
  type CompositionContext,
  type Roster,
} from '../../domain/composition.js';
import type { Quota } from '../../domain/rules.js';
import type { NominationView } from '../nominations/nominations.view.js';
import { findPeopleByIds } from '../people/people.repository.js';
import {
  figuresWithheld,
  loadRanking,
  type RankingEntry,
  type Withheld,
} from '../reviews/ranking.service.js';
import { loadComposition, type RosterViolation } from
  './composition.context.js';
import { findRoster, listMemberships, type MemberRole } from
  './roster.repository.js';
import { loadRosterScope } from './roster.scope.js';
import type { Report } from './roster.schemas.js';
import { describeRoster } from './roster.service.js';

type RuleLine = Report['rules'][number];

/** The distinct members of a roster, officers first, with their roles. */
function membersOf(roster: Roster): { personId: string; role: MemberRole }[] {
  const seen = new Set<string>();
  const seats: { personId: string; role: MemberRole }[] = [];
  const take = (id: string | null, role: MemberRole) => {
    if (id === null || seen.has(id)) return;
    seen.add(id);
    seats.push({ personId: id, role });
  };
  take(roster.chairId, 'chair');
  take(roster.coChairId, 'co_chair');
  for (const id of roster.expertIds) take(id, 'expert');
  return seats;
}

function broken(violations: RosterViolation[], ...rules: string[]) {
  return violations.some((v) => rules.includes(v.rule));
}

function quotaLine(
  quota: Quota,
  memberIds: string[],
  context: CompositionContext,
  violations: RosterViolation[],
): RuleLine {
  const { attribute } = quota;
  const counts = new Map<string, { label: string; count: number }>();
  for (const id of memberIds) {
    const person = context.people.get(id);
    const key = attributeKey(person, attribute);
    if (key === null) continue;
    const entry = counts.get(key)
      ?? { label: attributeLabel(person, attribute), count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  const top = [...counts.values()].sort((a, b) => b.count - a.count
    || compareIds(a.label, b.label))[0];
  const size = memberIds.length;
  const met = (rule: string) => !violations.some((v) => v.rule === rule
    && v.figures?.attribute === attribute);

  if (quota.minDistinct !== undefined) {
    return {
      rule: 'quota_min_distinct',
      met: met('quota_min_distinct'),
      summary: `${countOf(counts.size, attribute)}, at least`
        + ` ${quota.minDistinct} required`,
      figures: { attribute, distinct: counts.size,
        minDistinct: quota.minDistinct },
    };
  }
  if (quota.maxShare !== undefined) {
    const share = top && size > 0 ? top.count / size : 0;
    return {
      rule: 'quota_max_share',
      met: met('quota_max_share'),
      summary: (top
        ? `largest ${attribute} share ${formatPercent(share)}`
          + ` ('${top.label}', ${top.count} of ${size} members)`
        : `no ${attribute} recorded`)
        + `; at most ${formatPercent(quota.maxShare)} allowed`,
      figures: { attribute, largest: top?.count ?? 0, members: size,
        maxShare: quota.maxShare },
    };
  }
  const maxCount = quota.maxCount ?? Infinity;
  return {
    rule: 'quota_max_count',
    met: met('quota_max_count'),
    summary: (top
      ? `at most ${top.count} ${top.count === 1 ? 'member' : 'members'}`
        + ` per ${attribute}`
      : `no ${attribute} recorded`)
      + `; at most ${maxCount} allowed`,
    figures: { attribute, largest: top?.count ?? 0, maxCount },
  };
}

/** How the roster meets each rule of the group, in plain figures. */
function ruleLines(
  roster: Roster,
  context: CompositionContext,
  violations: RosterViolation[],
): RuleLine[] {
  const { rules } = context;
  const members = membersOf(roster).map((m) => m.personId);
  const experts = [...new Set(roster.expertIds)].filter((id) =>
    id !== roster.chairId && id !== roster.coChairId);
  const fromPool = experts.filter((id) => context.eligibleIds.has(id));
  const busiest = Math.max(0, ...members.map((id) =>
    context.otherConfirmedGroups.get(id) ?? 0));
  const listed = roster.expertIds.length
    + [roster.chairId, roster.coChairId].filter((id) => id !== null).length;

  const officerProblems = violations.filter((v) => [
    'chair_required', 'co_chair_required', 'officers_distinct',
    'officers_not_appointed',
  ].includes(v.rule));

  return [
    {
      rule: 'officers',
      met: officerProblems.length === 0,
      summary: officerProblems.length === 0
        ? 'a chair and a co-chair, two different people, as appointed'
        : officerProblems.map((v) => v.message).join('; '),
      figures: { officers: members.length - experts.length },
    },
    {
      rule: 'experts',
      met: !broken(violations, 'min_experts', 'max_experts'),
      summary: `${experts.length} experts, between ${rules.minExperts}`
        + ` and ${rules.maxExperts} required`,
      figures: { experts: experts.length, minExperts: rules.minExperts,
        maxExperts: rules.maxExperts },
    },
    {
      rule: 'eligibility',
      met: !broken(violations, 'expert_not_eligible', 'unknown_person'),
      summary: `${fromPool.length} of ${experts.length} experts from`
        + ' eligible, consented nominations of this cycle',
      figures: { experts: experts.length, eligible: fromPool.length },
    },
    {
      rule: 'nobody_twice',
      met: !broken(violations, 'duplicate_member'),
      summary: `${members.length} people in ${listed} seats`,
      figures: { people: members.length, seats: listed },
    },
    {
      rule: 'max_groups_per_person',
      met: !broken(violations, 'max_groups_per_person'),
      summary: `at most ${busiest + 1} confirmed`
        + ` ${busiest === 0 ? 'group' : 'groups'} with overlapping terms`
        + ` per member, this one included; at most`
        + ` ${rules.maxGroupsPerPerson} allowed`,
      figures: { most: busiest + 1,
        maxGroupsPerPerson: rules.maxGroupsPerPerson },
    },
    ...rules.quotas.map((q) => quotaLine(q, members, context, violations)),
  ];
}

/** A member's figures, as far as the reader may see them. */
function figuresOf(entry: RankingEntry, withheld: Withheld | null) {
  const hidden = withheld !== null;
  return {
    mean: hidden ? null : entry.mean,
    calibrated: hidden ? null : entry.calibrated,
    count: entry.count,
    withheld,
  };
}

/** The last audit event of an action on a cycle's roster. */
async function lastEvent(db: Db, cycleId: string, action: string) {
  const events = await listAuditEvents(db, {
    entity: 'roster', entityId: cycleId, action, limit: 1000,
  });
  return events.at(-1);
}

/** The nomination that put a member forward: an eligible one first. */
function nominationOf(
  nominations: NominationView[],
  personId: string,
): NominationView | undefined {
  const own = nominations.filter((n) => n.candidateId === personId);
  return own.find((n) => n.eligible) ?? own.at(-1);
}

export async function getReport(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
): Promise<Report> {
  const { db } = ctx;
  const { actor, cycle, group } = await loadRosterScope(db, caller,
    cycleId, 'report.read');
  const view = await describeRoster(db, cycle, group,
    await findRoster(db, cycleId));
  const gone = new Set(view.vacatedIds);
  const current: Roster = {
    chairId: view.chairId !== null && gone.has(view.chairId)
      ? null : view.chairId,
    coChairId: view.coChairId !== null && gone.has(view.coChairId)
      ? null : view.coChairId,
    expertIds: view.expertIds.filter((id) => !gone.has(id)),
  };
  const seats = membersOf(current);
  const { context, nominations } = await loadComposition(db, cycle,
    group.rules, seats.map((s) => s.personId));
  const ranking = await loadRanking(db, cycleId, group.rules);
  const scores = new Map(ranking.map((e) => [e.nominationId, e]));
  const withheld = await figuresWithheld(db, cycle, actor, ranking);
  const departed = (await listMemberships(db, cycleId))
    .filter((m) => m.endedAt !== null);
  const submitted = await lastEvent(db, cycleId, 'roster.submitted');
  const confirmed = await lastEvent(db, cycleId, 'roster.confirmed');

  const people = await findPeopleByIds(db, [
    ...seats.map((s) => s.personId),
    ...departed.map((m) => m.personId),
    ...nominations.flatMap((n) => [n.nominatorId, ...n.endorserIds]),
    ...[submitted?.actorId, confirmed?.actorId]
      .filter((id): id is string => typeof id === 'string'),
  ]);
  const named = (id: string) =>
    ({ personId: id, name: people.get(id)?.name ?? '' });
  const signed = (event: typeof confirmed) => event === undefined ? null : {
    by: event.actorId === null ? null : named(event.actorId),
    at: event.at,
  };

  return {
    cycleId,
    group: { slug: group.slug, name: group.name },
    cycleState: cycle.state,
    term: { start: cycle.termStart, end: cycle.termEnd },
    rosterStatus: view.status,
    members: seats.map(({ personId, role }) => {
      const person = people.get(personId);
      const nomination = nominationOf(nominations, personId);
      const entry = nomination ? scores.get(nomination.id) : undefined;
      return {
        personId,
        name: person?.name ?? '',
        role,
        affiliation: person?.affiliation ?? null,
        country: person?.country ?? null,
        region: person?.region ?? null,
        nominatedBy: nomination ? named(nomination.nominatorId) : null,
        endorsedBy: (nomination?.endorserIds ?? []).map(named),
        scores: entry ? figuresOf(entry, withheld(entry)) : null,
      };
    }),
    departed: departed.map((m) => ({
      ...named(m.personId), role: m.role, endedAt: m.endedAt ?? '',
    })),
    rules: ruleLines(current, context, view.violations),
    violations: view.violations,
    submitted: signed(submitted),
    confirmed: signed(confirmed),
  };
}
