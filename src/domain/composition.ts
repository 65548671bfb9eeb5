/**
 * Roster composition: checks a proposed roster (chair, co-chair, experts)
 * against a group's rules and lists every broken rule at once.
 *
 * Pure: data in, violations out. The same roster gives the same list
 * whatever the order of its expert ids.
 */
import type { GroupRules, PersonAttributes, QuotaAttribute } from './rules.js';

/** A proposed or confirmed membership of one cycle. */
export interface Roster {
  chairId: string | null;
  coChairId: string | null;
  expertIds: string[];
}

/** What a roster is checked against, besides its own ids. */
export interface CompositionContext {
  rules: GroupRules;
  people: Map<string, PersonAttributes>;
  /** Candidates of eligible, consented nominations of this cycle. */
  eligibleIds: Set<string>;
  /**
   * For each person, how many other confirmed rosters with terms
   * overlapping this one they already sit on; absent means none.
   */
  otherConfirmedGroups: Map<string, number>;
}

/** The stable codes of composition rules. */
export const RULE_CODES = [
  'chair_required',
  'co_chair_required',
  'officers_distinct',
  'min_experts',
  'max_experts',
  'expert_not_eligible',
  'duplicate_member',
  'max_groups_per_person',
  'quota_max_share',
  'quota_min_distinct',
  'quota_max_count',
  'unknown_person',
] as const;

export type RuleCode = (typeof RULE_CODES)[number];

export type Figures = Record<string, number | string>;

/** One broken rule, with the figures and the people behind it. */
export interface Violation {
  rule: RuleCode;
  message: string;
  figures?: Figures;
  personIds?: string[];
}

const NOUNS: Record<QuotaAttribute, [string, string]> = {
  gender: ['gender', 'genders'],
  region: ['region', 'regions'],
  affiliation: ['affiliation', 'affiliations'],
  country: ['country', 'countries'],
};

/** "1 region", "3 regions": a count with the attribute's noun. */
export function countOf(count: number, attribute: QuotaAttribute): string {
  const [one, many] = NOUNS[attribute];
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * The key under which quotas compare an attribute's values: trimmed and
 * case-folded, as affiliations are compared for conflicts, so that
 * "IOM" and " iom " are one affiliation. A missing or blank value (and an
 * unknown person) reads as null.
 */
export function attributeKey(
  person: PersonAttributes | undefined,
  attribute: QuotaAttribute,
): string | null {
  const raw = person?.[attribute];
  if (typeof raw !== 'string') return null;
  const folded = raw.normalize('NFC').trim().toUpperCase().toLowerCase();
  return folded === '' ? null : folded;
}

/** The spelling a value is shown in: trimmed, case kept. */
export function attributeLabel(
  person: PersonAttributes | undefined,
  attribute: QuotaAttribute,
): string {
  return (person?.[attribute] ?? '').normalize('NFC').trim();
}

/**
 * The most members one attribute value may have on a roster of `size`
 * people under `maxShare`. The small epsilon absorbs binary rounding (0.57
 * times 100 is 56.99999999999999); the solver uses this same figure.
 */
export function maxShareCount(maxShare: number, size: number): number {
  return Math.max(0, Math.floor(maxShare * size + 1e-9));
}

/** Orders strings by code unit, so that results never depend on locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Whole percentages print bare; others keep one decimal. */
export function formatPercent(share: number): string {
  const tenths = Math.round(share * 1000);
  return tenths % 10 === 0 ? `${tenths / 10}%` : `${(tenths / 10).toFixed(1)}%`;
}

function presentId(id: string | null): string | null {
  return id === null || id === '' ? null : id;
}

/**
 * Lists every rule the roster breaks, sorted by rule code then message,
 * each person list sorted.
 *
 * Counting choices: the roster's members are the distinct ids among chair,
 * co-chair and experts. Expert seats are the distinct expert ids that are
 * not an officer (an officer listed again as an expert is a duplicate, not
 * a seat). Quotas look at every member once; a member whose value is
 * unknown (or who is not a known person) counts in the roster size that a
 * maxShare divides by, since they are on the roster all the same, but
 * never towards any value's count nor the number of distinct values.
 */
export function validateRoster(
  roster: Roster,
  context: CompositionContext,
): Violation[] {
  const { rules, people, eligibleIds, otherConfirmedGroups } = context;
  const chairId = presentId(roster.chairId);
  const coChairId = presentId(roster.coChairId);
  const violations: Violation[] = [];

  if (chairId === null) {
    violations.push({
      rule: 'chair_required',
      message: 'the roster has no chair',
    });
  }
  if (coChairId === null) {
    violations.push({
      rule: 'co_chair_required',
      message: 'the roster has no co-chair',
    });
  }
  if (chairId !== null && chairId === coChairId) {
    violations.push({
      rule: 'officers_distinct',
      message: 'the chair and the co-chair are the same person',
      personIds: [chairId],
    });
  }

  // A chair who is also named co-chair is reported above, not as a
  // duplicate, so officers are counted once here.
  const officers = [...new Set([chairId, coChairId])].filter(
    (id): id is string => id !== null,
  );
  const listings = new Map<string, number>();
  for (const id of [...officers, ...roster.expertIds]) {
    listings.set(id, (listings.get(id) ?? 0) + 1);
  }
  const members = [...listings.keys()].sort(compareIds);
  const duplicates = members.filter((id) => (listings.get(id) ?? 0) > 1);
  if (duplicates.length > 0) {
    violations.push({
      rule: 'duplicate_member',
      message: `${plural(duplicates.length, 'person appears', 'people appear')}`
        + ' more than once on the roster',
      figures: { duplicates: duplicates.length },
      personIds: duplicates,
    });
  }

  const seats = [...new Set(roster.expertIds)]
    .filter((id) => !officers.includes(id))
    .sort(compareIds);
  if (seats.length < rules.minExperts) {
    violations.push({
      rule: 'min_experts',
      message: `only ${plural(seats.length, 'expert', 'experts')} on the`
        + ` roster; at least ${rules.minExperts} required`,
      figures: { experts: seats.length, minExperts: rules.minExperts },
    });
  }
  if (seats.length > rules.maxExperts) {
    violations.push({
      rule: 'max_experts',
      message: `${plural(seats.length, 'expert', 'experts')} on the roster;`
        + ` at most ${rules.maxExperts} allowed`,
      figures: { experts: seats.length, maxExperts: rules.maxExperts },
    });
  }

  const ineligible = seats.filter((id) => !eligibleIds.has(id));
  if (ineligible.length > 0) {
    violations.push({
      rule: 'expert_not_eligible',
      message: `${plural(ineligible.length, 'expert is not a candidate',
        'experts are not candidates')} of an eligible, consented`
        + ' nomination of this cycle',
      figures: { experts: ineligible.length },
      personIds: ineligible,
    });
  }

  const unknown = members.filter((id) => !people.has(id));
  if (unknown.length > 0) {
    violations.push({
      rule: 'unknown_person',
      message: `${plural(unknown.length, 'member is not a known person',
        'members are not known people')}`,
      figures: { members: unknown.length },
      personIds: unknown,
    });
  }

  const limit = rules.maxGroupsPerPerson;
  const busy = members.filter(
    (id) => (otherConfirmedGroups.get(id) ?? 0) >= limit,
  );
  if (busy.length > 0) {
    violations.push({
      rule: 'max_groups_per_person',
      message: `${plural(busy.length, 'member already sits',
        'members already sit')} on ${limit} or more other confirmed`
        + ' groups with overlapping terms; this one would exceed the limit'
        + ` of ${limit}`,
      figures: { members: busy.length, maxGroupsPerPerson: limit },
      personIds: busy,
    });
  }

  for (const quota of rules.quotas) {
    violations.push(...quotaViolations(quota, members, people));
  }

  return sortAndDedupe(violations);
}

function quotaViolations(
  quota: GroupRules['quotas'][number],
  members: string[],
  people: Map<string, PersonAttributes>,
): Violation[] {
  const { attribute } = quota;
  // Values are grouped by key and shown in their first spelling in code
  // unit order, so that the message never depends on the members' order.
  const byKey = new Map<string, { label: string; holders: string[] }>();
  const unknown: string[] = [];
  for (const id of members) {
    const person = people.get(id);
    const key = attributeKey(person, attribute);
    if (key === null) {
      unknown.push(id);
      continue;
    }
    const label = attributeLabel(person, attribute);
    const group = byKey.get(key) ?? { label, holders: [] };
    group.holders.push(id);
    if (compareIds(label, group.label) < 0) group.label = label;
    byKey.set(key, group);
  }

  const size = members.length;
  const found: Violation[] = [];
  if (quota.maxShare !== undefined) {
    const cap = maxShareCount(quota.maxShare, size);
    for (const { label: value, holders } of byKey.values()) {
      if (holders.length <= cap) continue;
      found.push({
        rule: 'quota_max_share',
        message: `${holders.length} of ${size} members`
          + ` (${formatPercent(holders.length / size)}) share ${attribute}`
          + ` '${value}'; at most ${formatPercent(quota.maxShare)} allowed`,
        figures: {
          attribute,
          value,
          count: holders.length,
          members: size,
          maxShare: quota.maxShare,
        },
        personIds: holders,
      });
    }
  }
  if (quota.maxCount !== undefined) {
    for (const { label: value, holders } of byKey.values()) {
      if (holders.length <= quota.maxCount) continue;
      found.push({
        rule: 'quota_max_count',
        message: `${holders.length} members have ${attribute} '${value}';`
          + ` at most ${quota.maxCount} allowed`,
        figures: {
          attribute,
          value,
          count: holders.length,
          maxCount: quota.maxCount,
        },
        personIds: holders,
      });
    }
  }
  if (quota.minDistinct !== undefined && byKey.size < quota.minDistinct) {
    // Members with no value are named: filling theirs in may be the fix.
    const blanks = unknown.length === 0 ? ''
      : ` (${plural(unknown.length, 'member has', 'members have')} no`
        + ` ${attribute} recorded)`;
    found.push({
      rule: 'quota_min_distinct',
      message: `only ${countOf(byKey.size, attribute)} on the roster;`
        + ` ${quota.minDistinct} distinct required${blanks}`,
      figures: {
        attribute,
        distinct: byKey.size,
        minDistinct: quota.minDistinct,
        unknown: unknown.length,
      },
      ...(unknown.length > 0 ? { personIds: unknown } : {}),
    });
  }
  return found;
}

function sortAndDedupe(violations: Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations
    .sort((a, b) => compareIds(a.rule, b.rule)
      || compareIds(a.message, b.message))
    .filter((v) => {
      const key = `${v.rule}\u0000${v.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
