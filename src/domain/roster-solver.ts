/**
 * The roster solver: proposes the highest-scoring roster that meets every
 * composition rule, or names the rules that cannot be met together; and
 * proposes the reserve candidate who best fills a vacated expert seat.
 *
 * The search is an exact branch and bound written here rather than a call
 * to a MIP solver: a MIP answer is optimal only up to the solver's gap and
 * feasibility tolerances, and which of several equal rosters it returns is
 * an accident of its internals. Here every comparison is between exact
 * integers, and ties are settled by one stated rule. The price is a search
 * that can grow exponentially on contrived pools; it then stops with a
 * SearchLimitError rather than return anything unproven.
 *
 * Scores are compared in billionths of a point (so that sums are exact
 * integers): two rosters whose totals differ by less than that are equal.
 * Among equal totals the roster that includes the best-ranked candidate on
 * which the two differ wins, ranking candidates by score (descending) and
 * then by id (ascending, by code unit). Each roster size is searched on
 * its own, visiting rosters in exactly that order and keeping only strict
 * improvements, which is what makes pruning at equal bounds safe; the
 * best of each size are then compared by the same rule.
 */
import {
  attributeKey,
  attributeLabel,
  compareIds,
  countOf,
  formatPercent,
  maxShareCount,
  validateRoster,
  type CompositionContext,
  type Figures,
  type RuleCode,
  type Violation,
} from './composition.js';
import type { GroupRules, PersonAttributes, QuotaAttribute } from './rules.js';

/** An eligible candidate with the score the caller ranks them by. */
export interface ScoredCandidate {
  personId: string;
  score: number;
}

export interface SuggestionInput {
  rules: GroupRules;
  chairId: string;
  coChairId: string;
  /** The eligible pool, each with a calibrated or raw score. */
  candidates: ScoredCandidate[];
  people: Map<string, PersonAttributes>;
  /** Other confirmed rosters with overlapping terms, per person. */
  otherConfirmedGroups: Map<string, number>;
  /** Experts who must stay (for instance when refilling one seat). */
  fixedExpertIds?: string[];
  /**
   * Most steps (one per candidate looked at) the search may take before
   * giving up with a SearchLimitError; DEFAULT_SEARCH_LIMIT when absent.
   */
  searchLimit?: number;
}

/**
 * A few seconds of work. The hardest pool measured with up to 8 experts
 * (1,000 candidates, one gender at 98%, one member per affiliation)
 * needed under a tenth of it; pools with many more seats and tightly
 * interlocking quotas can need exponentially more, and the search is
 * exact or nothing.
 */
export const DEFAULT_SEARCH_LIMIT = 50_000_000;

/**
 * The search stopped before it could prove a roster best, or prove that
 * none exists. Nothing approximate is returned in its place.
 */
export class SearchLimitError extends Error {
  constructor(readonly limit: number) {
    super(`the roster search stopped after ${limit} steps without settling`
      + ' the answer; narrow the pool or the rules');
    this.name = 'SearchLimitError';
  }
}

/** Why no roster (or no replacement) can meet the rules. */
export interface Reason {
  rule: string;
  message: string;
  figures: Figures;
  personIds?: string[];
}

/** A roster whose officers are known. */
export interface OfficeredRoster {
  chairId: string;
  coChairId: string;
  expertIds: string[];
}

export type Suggestion =
  | { feasible: true; roster: OfficeredRoster; total: number }
  | { feasible: false; reasons: Reason[] };

export interface ReplacementInput {
  rules: GroupRules;
  /** The confirmed roster the member leaves. */
  roster: OfficeredRoster;
  leavingId: string;
  /** The ranked reserve: eligible candidates not selected, with scores. */
  reserve: ScoredCandidate[];
  people: Map<string, PersonAttributes>;
  /** Counts that exclude the roster being refilled. */
  otherConfirmedGroups: Map<string, number>;
}

export type ReplacementSuggestion =
  | {
      feasible: true;
      personId: string;
      score: number;
      /** The roster with the newcomer in the vacated seat's position. */
      roster: OfficeredRoster;
    }
  | { feasible: false; reasons: Reason[] };

const UNITS_PER_POINT = 1e9;

/** What setting up one bound costs, in steps of its scan. */
const BOUND_OVERHEAD = 16;

type QuotaKind = 'maxShare' | 'minDistinct' | 'maxCount';

const QUOTA_KINDS: QuotaKind[] = ['maxShare', 'minDistinct', 'maxCount'];

const KIND_RULES: Record<QuotaKind, RuleCode> = {
  maxShare: 'quota_max_share',
  minDistinct: 'quota_min_distinct',
  maxCount: 'quota_max_count',
};

/**
 * Violations of the officers and fixed experts alone that no choice of
 * further experts can repair; quotas that more members could satisfy
 * (shares, distinct counts) are left to the search.
 */
const IRREPARABLE = new Set<RuleCode>([
  'chair_required',
  'co_chair_required',
  'officers_distinct',
  'max_experts',
  'expert_not_eligible',
  'duplicate_member',
  'max_groups_per_person',
  'quota_max_count',
  'unknown_person',
]);

/** One limit of one quota, as the search and the explanations see it. */
interface QuotaRule {
  attribute: QuotaAttribute;
  kind: QuotaKind;
  limit: number;
}

interface PoolEntry {
  id: string;
  score: number;
  units: number;
}

/** The input, checked and put in canonical order once. */
interface Setting {
  input: SuggestionInput;
  context: CompositionContext;
  fixedIds: string[];
  fixed: PoolEntry[];
  /** Candidates the search may add, best-ranked first. */
  pool: PoolEntry[];
  atLimit: number;
  /** The fewest and most experts a roster may have, fixed ones included. */
  lo: number;
  hi: number;
  /** Steps left for all the searches of one call. */
  budget: { left: number; limit: number };
}

/** One quota attribute compiled for the search. */
interface AttributeModel {
  /** Value index of each pool entry, or -1 when unknown. */
  values: Int32Array;
  /**
   * For each pool entry, the next entry with another value: when a value
   * is full, the search jumps over the whole run of it.
   */
  runEnds: Int32Array;
  /** Members per value among the officers and fixed experts. */
  baseCounts: Int32Array;
  baseValues: number[];
  baseDistinct: number;
  maxCount: number;
  maxShares: number[];
  need: number;
}

/**
 * Proposes the roster with the highest total expert score among all that
 * meet every rule of validateRoster, or explains why none does.
 *
 * Officers and anyone at their maxGroupsPerPerson limit are left out of
 * the pool; candidates who are not known people are left out too. The
 * answer is provably optimal and the same for any order of candidates;
 * see the module comment for how ties are settled.
 *
 * @throws RangeError when a candidate is listed twice or a score is not a
 *   finite number small enough to be summed exactly.
 * @throws SearchLimitError when the search needs more than its limit.
 */
export function suggestRoster(input: SuggestionInput): Suggestion {
  const setting = prepare(input);

  const reasons = necessaryConditions(setting);
  if (reasons.length > 0) return { feasible: false, reasons };

  const quotas = quotaRules(input.rules);
  const chosen = search(setting, compile(setting, quotas), false);
  if (chosen === null) {
    return { feasible: false, reasons: explainConflict(setting, quotas) };
  }

  return answer(setting, chosen);
}

/**
 * Proposes the best-ranked reserve candidate (score descending, then id)
 * who, put in the seat of the expert who leaves, keeps every rule met,
 * the other members staying as they are; or, when none does, explains
 * for each broken rule how many reserve candidates it turns away.
 *
 * Officers are appointed, not drawn from the reserve: an officer leaving
 * is answered with the reason that the seat needs an appointment.
 *
 * @throws RangeError when leavingId is not on the roster, or a reserve
 *   candidate is listed twice.
 */
export function suggestReplacement(
  input: ReplacementInput,
): ReplacementSuggestion {
  const { roster, leavingId, rules } = input;
  if (leavingId === roster.chairId || leavingId === roster.coChairId) {
    const chair = leavingId === roster.chairId;
    return {
      feasible: false,
      reasons: [{
        rule: chair ? 'chair_required' : 'co_chair_required',
        message: `the ${chair ? 'chair' : 'co-chair'} is leaving; officers`
          + ' are appointed by the secretariat, not drawn from the reserve',
        figures: {},
        personIds: [leavingId],
      }],
    };
  }
  const seat = roster.expertIds.indexOf(leavingId);
  if (seat < 0) {
    throw new RangeError(`${leavingId} is not on the roster`);
  }

  const staying = roster.expertIds.filter((id) => id !== leavingId);
  const onRoster = new Set([roster.chairId, roster.coChairId, ...staying]);
  const reserve = rank(input.reserve)
    .filter((c) => !onRoster.has(c.personId) && c.personId !== leavingId);
  const context: CompositionContext = {
    rules,
    people: input.people,
    eligibleIds: new Set([...staying, ...reserve.map((c) => c.personId)]),
    otherConfirmedGroups: input.otherConfirmedGroups,
  };

  const refusals = new Map<string, { ids: string[]; example: string }>();
  for (const candidate of reserve) {
    const expertIds = [...staying];
    expertIds.splice(seat, 0, candidate.personId);
    const proposal = { ...roster, expertIds };
    const violations = validateRoster(proposal, context);
    if (violations.length === 0) {
      return {
        feasible: true,
        personId: candidate.personId,
        score: candidate.score,
        roster: proposal,
      };
    }
    for (const v of violations) {
      const refusal = refusals.get(v.rule)
        ?? { ids: [], example: v.message };
      if (!refusal.ids.includes(candidate.personId)) {
        refusal.ids.push(candidate.personId);
      }
      refusals.set(v.rule, refusal);
    }
  }

  if (reserve.length === 0) {
    return {
      feasible: false,
      reasons: [{
        rule: 'reserve_empty',
        message: 'the reserve has no candidate who is not already on the'
          + ' roster',
        figures: { reserve: 0 },
      }],
    };
  }
  const reasons = [...refusals].map(([rule, refusal]): Reason => ({
    rule,
    message: `${refusal.ids.length} of ${reserve.length} reserve`
      + ` ${reserve.length === 1 ? 'candidate' : 'candidates'} would leave`
      + ` '${rule}' broken (for the best ranked: ${refusal.example})`,
    figures: { candidates: refusal.ids.length, reserve: reserve.length },
    personIds: [...refusal.ids].sort(compareIds),
  }));
  return { feasible: false, reasons: sortReasons(reasons) };
}

/* ------------------------------------------------------------------ */
/* Preparing the input                                                 */
/* ------------------------------------------------------------------ */

/**
 * Candidates in rank order: score descending (compared in units), then id.
 * Also refuses input that the search cannot rank.
 */
function rank(candidates: ScoredCandidate[]): ScoredCandidate[] {
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.personId)) {
      throw new RangeError(`candidate ${c.personId} is listed twice`);
    }
    if (!Number.isFinite(c.score)) {
      throw new RangeError(`candidate ${c.personId} has no finite score`);
    }
    seen.add(c.personId);
  }
  return [...candidates].sort((a, b) => toUnits(b.score) - toUnits(a.score)
    || compareIds(a.personId, b.personId));
}

function toUnits(score: number): number {
  return Math.round(score * UNITS_PER_POINT);
}

function toEntry(c: ScoredCandidate): PoolEntry {
  return {
    id: c.personId,
    score: c.score,
    units: toUnits(c.score),
  };
}

function prepare(input: SuggestionInput): Setting {
  const { rules, people, otherConfirmedGroups } = input;
  const ranked = rank(input.candidates).map(toEntry);
  const byId = new Map(ranked.map((e) => [e.id, e]));
  const fixedIds = input.fixedExpertIds ?? [];
  const taken = new Set([input.chairId, input.coChairId, ...fixedIds]);

  const known = ranked.filter((e) => !taken.has(e.id) && people.has(e.id));
  const free = (e: PoolEntry): boolean =>
    (otherConfirmedGroups.get(e.id) ?? 0) < rules.maxGroupsPerPerson;
  const pool = known.filter(free);

  const fixed = [...new Set(fixedIds)]
    .map((id) => byId.get(id))
    .filter((e): e is PoolEntry => e !== undefined);
  const lo = Math.max(rules.minExperts, fixed.length);
  const hi = Math.min(rules.maxExperts, fixed.length + pool.length);

  const searchLimit = input.searchLimit ?? DEFAULT_SEARCH_LIMIT;
  const largest = ranked.reduce((m, e) => Math.max(m, Math.abs(e.units)), 0);
  if (largest * Math.max(1, hi) > Number.MAX_SAFE_INTEGER) {
    throw new RangeError('scores too large to be summed exactly');
  }

  return {
    input,
    context: {
      rules,
      people,
      eligibleIds: new Set(ranked.map((e) => e.id)),
      otherConfirmedGroups,
    },
    fixedIds,
    fixed,
    pool,
    atLimit: known.length - pool.length,
    lo,
    hi,
    budget: { left: searchLimit, limit: searchLimit },
  };
}

function quotaRules(rules: GroupRules): QuotaRule[] {
  const found: QuotaRule[] = [];
  for (const quota of rules.quotas) {
    for (const kind of QUOTA_KINDS) {
      const limit = quota[kind];
      if (limit !== undefined) {
        found.push({ attribute: quota.attribute, kind, limit });
      }
    }
  }
  return found;
}

function describeQuota(quota: QuotaRule): string {
  const limit = quota.kind === 'maxShare'
    ? formatPercent(quota.limit)
    : String(quota.limit);
  return `${quota.attribute} ${quota.kind} ${limit}`;
}

function sortReasons(reasons: Reason[]): Reason[] {
  return reasons.sort((a, b) => compareIds(a.rule, b.rule)
    || compareIds(a.message, b.message));
}

function toReason(v: Violation): Reason {
  return {
    rule: v.rule,
    message: v.message,
    figures: v.figures ?? {},
    ...(v.personIds ? { personIds: v.personIds } : {}),
  };
}

/* ------------------------------------------------------------------ */
/* Necessary conditions, checked before any search                     */
/* ------------------------------------------------------------------ */

/** The people always on the roster: officers, then fixed experts. */
function baseIds(setting: Setting): string[] {
  const { chairId, coChairId } = setting.input;
  return [...new Set([chairId, coChairId, ...setting.fixed.map((e) => e.id)])];
}

function tally(
  ids: string[],
  people: Map<string, PersonAttributes>,
  attribute: QuotaAttribute,
): Tally {
  const counts = new Map<string, number>();
  const labels = new Map<string, string>();
  let unknown = 0;
  for (const id of ids) {
    const person = people.get(id);
    const key = attributeKey(person, attribute);
    if (key === null) {
      unknown += 1;
      continue;
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
    labels.set(key, firstLabel(labels.get(key), attributeLabel(person,
      attribute)));
  }
  return { counts, labels, unknown };
}

/** How many people hold each value, by key, and how it is spelled. */
interface Tally {
  counts: Map<string, number>;
  labels: Map<string, string>;
  unknown: number;
}

function firstLabel(a: string | undefined, b: string | undefined): string {
  if (a === undefined || b === undefined) return a ?? b ?? '';
  return compareIds(a, b) <= 0 ? a : b;
}

/**
 * Cheap checks, each of one rule alone, that no roster can pass: every
 * one that fails is reported, and the search runs only when all pass.
 */
function necessaryConditions(setting: Setting): Reason[] {
  const { input, context, fixed, pool, lo, hi } = setting;
  const { rules } = input;
  const reasons = validateRoster(
    {
      chairId: input.chairId,
      coChairId: input.coChairId,
      expertIds: setting.fixedIds,
    },
    context,
  ).filter((v) => IRREPARABLE.has(v.rule)).map(toReason);

  if (rules.minExperts > rules.maxExperts) {
    reasons.push({
      rule: 'min_experts',
      message: `the rules ask for at least ${rules.minExperts} experts but`
        + ` allow at most ${rules.maxExperts}`,
      figures: {
        minExperts: rules.minExperts,
        maxExperts: rules.maxExperts,
      },
    });
  }
  const available = fixed.length + pool.length;
  if (available < rules.minExperts) {
    const { atLimit } = setting;
    const busy = atLimit === 0 ? ''
      : ` (${atLimit} more ${atLimit === 1 ? 'is' : 'are'} at the limit of`
        + ` ${rules.maxGroupsPerPerson} other groups)`;
    reasons.push({
      rule: 'min_experts',
      message: `only ${available} eligible`
        + ` ${available === 1 ? 'candidate' : 'candidates'} can serve${busy},`
        + ` at least ${rules.minExperts} experts required`,
      figures: {
        available,
        minExperts: rules.minExperts,
        atGroupLimit: setting.atLimit,
      },
    });
  }

  if (lo <= hi) {
    for (const quota of quotaRules(rules)) {
      const reason = quotaCondition(setting, quota);
      if (reason !== null) reasons.push(reason);
    }
  }
  return sortReasons(reasons);
}

function quotaCondition(setting: Setting, quota: QuotaRule): Reason | null {
  const { people } = setting.context;
  const { fixed, pool, lo, hi } = setting;
  const { attribute, limit } = quota;
  const base = tally(baseIds(setting), people, attribute);
  const offered = tally(pool.map((e) => e.id), people, attribute);
  const open = lo - fixed.length;

  // How many pool members fit under a cap on every value's count.
  const usable = (cap: number): number => {
    let total = offered.unknown;
    for (const [value, count] of offered.counts) {
      const room = cap - (base.counts.get(value) ?? 0);
      total += Math.max(0, Math.min(room, count));
    }
    return total;
  };
  const figures = { attribute, [quota.kind]: limit };

  if (quota.kind === 'maxCount') {
    const fit = usable(limit);
    if (fit >= open) return null;
    return {
      rule: 'quota_max_count',
      message: `${describeQuota(quota)} leaves only ${fit} of the`
        + ` ${pool.length} eligible candidates usable; ${open} more experts`
        + ' required',
      figures: { ...figures, usable: fit, required: open },
    };
  }

  if (quota.kind === 'minDistinct') {
    const all = new Set([...base.counts.keys(), ...offered.counts.keys()]);
    if (all.size < limit) {
      return {
        rule: 'quota_min_distinct',
        message: `only ${countOf(all.size, attribute)} among the officers`
          + ` and eligible candidates; ${limit} distinct required`,
        figures: { ...figures, distinctAvailable: all.size },
      };
    }
    const fresh = all.size - base.counts.size;
    const seats = hi - fixed.length;
    const reachable = base.counts.size + Math.min(seats, fresh);
    if (reachable >= limit) return null;
    return {
      rule: 'quota_min_distinct',
      message: `at most ${countOf(reachable, attribute)} possible:`
        + ` the officers${fixed.length > 0 ? ' and fixed experts' : ''}`
        + ` show ${base.counts.size} and only ${seats} expert seats are`
        + ` open; ${limit} distinct required`,
      figures: { ...figures, distinctReachable: reachable, openSeats: seats },
    };
  }

  for (let experts = lo; experts <= hi; experts += 1) {
    const cap = maxShareCount(limit, experts + 2);
    const fits = [...base.counts.values()].every((count) => count <= cap);
    if (fits && usable(cap) >= experts - fixed.length) return null;
  }
  const pooled = new Map(base.counts);
  for (const [value, count] of offered.counts) {
    pooled.set(value, (pooled.get(value) ?? 0) + count);
  }
  const [topKey, topCount] = [...pooled].sort((a, b) => b[1] - a[1]
    || compareIds(a[0], b[0]))[0] ?? ['', 0];
  const top = firstLabel(base.labels.get(topKey),
    offered.labels.get(topKey));
  const population = base.unknown + offered.unknown
    + [...pooled.values()].reduce((sum, n) => sum + n, 0);
  return {
    rule: 'quota_max_share',
    message: `maxShare ${limit} on ${attribute} cannot be met: no roster of`
      + ` ${lo + 2} to ${hi + 2} members keeps every ${attribute} at or`
      + ` below ${formatPercent(limit)} (${attribute} '${top}' covers`
      + ` ${topCount} of the ${population} officers and eligible candidates)`,
    figures: {
      ...figures,
      value: top,
      count: topCount,
      people: population,
      minMembers: lo + 2,
      maxMembers: hi + 2,
    },
  };
}

/* ------------------------------------------------------------------ */
/* Explaining a conflict between quotas                                */
/* ------------------------------------------------------------------ */

/**
 * Names a smallest set of quota limits that cannot be met together: each
 * limit is dropped in turn, and stays dropped if the rest still admit no
 * roster. Every limit left is needed for the conflict.
 */
function explainConflict(setting: Setting, quotas: QuotaRule[]): Reason[] {
  let conflict = quotas;
  for (const quota of quotas) {
    const without = conflict.filter((q) => q !== quota);
    if (search(setting, compile(setting, without), true) === null) {
      conflict = without;
    }
  }
  if (conflict.length === 0) {
    throw new Error('roster solver: no quota explains the infeasibility');
  }

  const { lo, hi, pool } = setting;
  const sizes = lo === hi ? `${lo}` : `${lo} to ${hi}`;
  const reasons = conflict.map((quota): Reason => {
    const others = conflict.filter((q) => q !== quota).map(describeQuota);
    const together = others.length === 0 ? ''
      : ` together with ${joinWithAnd(others)}`;
    return {
      rule: KIND_RULES[quota.kind],
      message: `${describeQuota(quota)} cannot be met${together} by any`
        + ` roster of ${sizes} experts drawn from the ${pool.length} eligible`
        + ' candidates',
      figures: {
        attribute: quota.attribute,
        [quota.kind]: quota.limit,
        minExperts: lo,
        maxExperts: hi,
        candidates: pool.length,
        conflictsWith: others.join('; '),
      },
    };
  });
  return sortReasons(reasons);
}

function joinWithAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/* ------------------------------------------------------------------ */
/* The search                                                          */
/* ------------------------------------------------------------------ */

function compile(setting: Setting, quotas: QuotaRule[]): AttributeModel[] {
  const { people } = setting.context;
  const attributes = [...new Set(quotas.map((q) => q.attribute))];
  const base = baseIds(setting);

  return attributes.map((attribute) => {
    const limits = quotas.filter((q) => q.attribute === attribute);
    const index = new Map<string, number>();
    const intern = (id: string): number => {
      const value = attributeKey(people.get(id), attribute);
      if (value === null) return -1;
      const known = index.get(value);
      if (known !== undefined) return known;
      index.set(value, index.size);
      return index.size - 1;
    };

    const baseValues = base.map(intern).filter((v) => v >= 0);
    const values = Int32Array.from(setting.pool, (e) => intern(e.id));
    const runEnds = new Int32Array(values.length);
    for (let j = values.length - 1; j >= 0; j -= 1) {
      runEnds[j] = values[j] === values[j + 1] ? runEnds[j + 1] ?? 0 : j + 1;
    }
    const baseCounts = new Int32Array(index.size);
    for (const v of baseValues) baseCounts[v] = (baseCounts[v] ?? 0) + 1;

    const limitsOf = (kind: QuotaKind): number[] => limits
      .filter((q) => q.kind === kind).map((q) => q.limit);
    return {
      values,
      runEnds,
      baseCounts,
      baseValues,
      baseDistinct: new Set(baseValues).size,
      maxCount: Math.min(Infinity, ...limitsOf('maxCount')),
      maxShares: limitsOf('maxShare'),
      need: Math.max(0, ...limitsOf('minDistinct')),
    };
  });
}

/** The most members any value may have with this many experts. */
function capFor(model: AttributeModel, experts: number): number {
  let cap = model.maxCount;
  for (const share of model.maxShares) {
    cap = Math.min(cap, maxShareCount(share, experts + 2));
  }
  return cap;
}

/** The search's running counts for one quota attribute. */
class AttributeTally {
  readonly counts: Int32Array;
  distinct: number;
  /** The cap on any value's count at the roster size searched. */
  readonly cap: number;
  /** Scratch for bounds: extra counts, and values already represented. */
  readonly extra: Int32Array;
  readonly seen: Uint8Array;
  readonly touched: number[] = [];

  constructor(readonly model: AttributeModel, experts: number) {
    this.counts = Int32Array.from(model.baseCounts);
    this.distinct = model.baseDistinct;
    this.cap = capFor(model, experts);
    this.extra = new Int32Array(model.baseCounts.length);
    this.seen = new Uint8Array(model.baseCounts.length);
  }

  /** Whether the officers and fixed experts alone stay within the cap. */
  baseFits(): boolean {
    return this.counts.every((count) => count <= this.cap);
  }

  valueAt(j: number): number {
    return this.model.values[j] ?? -1;
  }

  count(v: number): number {
    return this.counts[v] ?? 0;
  }

  /** -1 if j fits under this cap, else the first entry that might. */
  blockedUntil(j: number): number {
    const v = this.valueAt(j);
    if (v < 0 || this.count(v) < this.cap) return -1;
    return this.model.runEnds[j] ?? j + 1;
  }

  move(j: number, step: 1 | -1): void {
    const v = this.valueAt(j);
    if (v < 0) return;
    const count = this.count(v) + step;
    this.counts[v] = count;
    if (step === 1 && count === 1) this.distinct += 1;
    if (step === -1 && count === 0) this.distinct -= 1;
  }

  /** Whether a bound's capped greedy may still take the person at j. */
  roomFor(j: number): boolean {
    const v = this.valueAt(j);
    return v < 0 || this.count(v) + (this.extra[v] ?? 0) < this.cap;
  }

  markTaken(j: number): void {
    const v = this.valueAt(j);
    if (v < 0) return;
    this.touch(v);
    this.extra[v] = (this.extra[v] ?? 0) + 1;
  }

  /** Marks j's value as represented if it is new; says whether it was. */
  representsNew(j: number): boolean {
    const v = this.valueAt(j);
    if (v < 0 || this.count(v) > 0 || this.seen[v] === 1) return false;
    this.touch(v);
    this.seen[v] = 1;
    return true;
  }

  private touch(v: number): void {
    if ((this.extra[v] ?? 0) === 0 && this.seen[v] === 0) this.touched.push(v);
  }

  resetScratch(): void {
    for (const v of this.touched) {
      this.extra[v] = 0;
      this.seen[v] = 0;
    }
    this.touched.length = 0;
  }
}

/** A roster found by the search: pool indices in rank order, and total. */
interface Found {
  chosen: number[];
  units: number;
}

/**
 * The tie-breaking rule on two rosters of equal total: whether `a` holds
 * the best-ranked candidate on which the two differ.
 */
function preferred(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i += 1) {
    const mine = a[i] ?? Infinity;
    const theirs = b[i] ?? Infinity;
    if (mine !== theirs) return mine < theirs;
  }
  return false;
}

/**
 * The best roster over every allowed number of experts (or, with
 * `anyRoster`, the first valid one found), as pool indices; null if none.
 * Each size is searched on its own so that a maxShare is an exact cap;
 * larger sizes go first, as they usually score more and so prune more.
 */
function search(
  setting: Setting,
  models: AttributeModel[],
  anyRoster: boolean,
): number[] | null {
  const profiles = profilesOf(setting.pool.length, models);
  let best: Found | null = null;
  for (let experts = setting.hi; experts >= setting.lo; experts -= 1) {
    const found = searchSize(
      setting,
      models,
      profiles,
      experts,
      best,
      anyRoster,
    );
    if (found === null) continue;
    if (best === null || found.units > best.units
      || (found.units === best.units && preferred(found.chosen, best.chosen))) {
      best = found;
    }
    if (anyRoster) break;
  }
  return best?.chosen ?? null;
}

/**
 * Numbers each pool entry by its quota profile: two entries share a number
 * when they hold the same value (or none) on every quota attribute.
 */
function profilesOf(size: number, models: AttributeModel[]): Int32Array {
  const index = new Map<string, number>();
  return Int32Array.from({ length: size }, (_, j) => {
    const key = models.map((m) => m.values[j] ?? -1).join(',');
    const known = index.get(key);
    if (known !== undefined) return known;
    index.set(key, index.size);
    return index.size - 1;
  });
}

/**
 * Depth-first branch and bound over the pool in rank order for rosters of
 * exactly `experts` experts, trying each candidate in before leaving them
 * out: rosters are met in tie-breaking order, so only a strict gain over
 * this size's incumbent matters, and only a tie or better over `rival`
 * (the best of the sizes searched before).
 *
 * Bounds relax the rules so that they can only overestimate: the least of
 * a plain greedy, a greedy per attribute that respects that attribute's
 * caps (exact for one partition constraint), and, per attribute short of
 * distinct values, the best representatives of the missing number of new
 * values plus the best of the rest.
 */
function searchSize(
  setting: Setting,
  models: AttributeModel[],
  profiles: Int32Array,
  experts: number,
  rival: Found | null,
  anyRoster: boolean,
): Found | null {
  const tallies = models.map((m) => new AttributeTally(m, experts));
  if (!tallies.every((t) => t.baseFits())) return null;
  const capped = tallies.filter((t) => Number.isFinite(t.cap));
  const poolUnits = setting.pool.map((e) => e.units);
  const size = poolUnits.length;
  const { budget } = setting;
  const fixedCount = setting.fixed.length;
  const chosen: number[] = [];
  let units = setting.fixed.reduce((sum, e) => sum + e.units, 0);
  let best: Found | null = null;

  const spend = (steps: number): void => {
    budget.left -= steps;
    if (budget.left < 0) throw new SearchLimitError(budget.limit);
  };

  // -1 when the entry at j fits every cap, else the next entry that may.
  const nextFit = (j: number): number => {
    for (const t of tallies) {
      const next = t.blockedUntil(j);
      if (next >= 0) return next;
    }
    return -1;
  };

  const move = (j: number, step: 1 | -1): void => {
    for (const t of tallies) t.move(j, step);
    units += step * (poolUnits[j] ?? 0);
    if (step === 1) chosen.push(j);
    else chosen.pop();
  };

  const bound = (start: number): number => {
    const slots = experts - fixedCount - chosen.length;
    const needs = tallies.map((t) => Math.max(0, t.model.need - t.distinct));
    if (needs.some((n) => n > slots)) return -Infinity;

    const top: number[] = [];
    const cappedLists = capped.map((): number[] => []);
    const reps = tallies.map((): number[] => []);
    // When one capped greedy is all that still takes items, a run of a
    // value it has filled is skipped whole.
    let lone: AttributeTally | null = null;
    let steps = 0;
    for (let j = start; j < size; j += 1) {
      steps += 1;
      const next = nextFit(j);
      if (next >= 0) {
        j = next - 1;
        continue;
      }
      if (lone !== null && !lone.roomFor(j)) {
        j = (lone.model.runEnds[j] ?? j + 1) - 1;
        continue;
      }
      const u = poolUnits[j] ?? 0;
      if (top.length < slots) top.push(u);
      let open = top.length < slots ? 1 : 0;
      lone = null;
      for (const [a, t] of capped.entries()) {
        const list = cappedLists[a] ?? [];
        if (list.length >= slots) continue;
        if (t.roomFor(j)) {
          list.push(u);
          t.markTaken(j);
        }
        if (list.length < slots) {
          open += 1;
          lone = t;
        }
      }
      for (const [a, t] of tallies.entries()) {
        const list = reps[a] ?? [];
        const need = needs[a] ?? 0;
        if (list.length >= need) continue;
        if (t.representsNew(j)) list.push(u);
        if (list.length < need) open += 1;
      }
      if (open === 0) break;
      if (open > 1) lone = null;
    }
    for (const t of tallies) t.resetScratch();
    spend(steps + BOUND_OVERHEAD);

    // Lists are in rank order, so each prefix is the best of its length.
    const sumOf = (list: number[], count: number): number => list.length
      < count ? -Infinity : list.slice(0, count).reduce((s, u) => s + u, 0);
    let gain = sumOf(top, slots);
    for (const list of cappedLists) gain = Math.min(gain, sumOf(list, slots));
    tallies.forEach((_, a) => {
      const need = needs[a] ?? 0;
      if (need === 0) return;
      const list = reps[a] ?? [];
      gain = Math.min(gain, sumOf(list, need) + sumOf(top, slots - need));
    });
    return gain === -Infinity ? gain : units + gain;
  };

  let done = false;
  const explore = (start: number): void => {
    if (fixedCount + chosen.length === experts) {
      if (tallies.some((t) => t.distinct < t.model.need)) return;
      if (best !== null && units <= best.units) return;
      best = { chosen: [...chosen], units };
      done = anyRoster;
      return;
    }
    // Once a profile has been tried here, a later (so no better ranked,
    // no higher scored) entry of that profile can only give rosters that
    // swapping it for the earlier one matches or beats.
    const tried = new Set<number>();
    for (let j = start; j < size; j += 1) {
      const next = nextFit(j);
      if (next >= 0) {
        j = next - 1;
        continue;
      }
      const profile = profiles[j] ?? j;
      if (tried.has(profile)) continue;
      tried.add(profile);
      const limit = bound(j);
      if (limit === -Infinity
        || (best !== null && limit <= best.units)
        || (rival !== null && limit < rival.units)) {
        return;
      }
      spend(1);
      move(j, 1);
      explore(j + 1);
      move(j, -1);
      if (done) return;
    }
  };

  explore(0);
  return best;
}

function answer(setting: Setting, chosen: number[]): Suggestion {
  const { input, context } = setting;
  const picked = setting.pool.filter((_, j) => chosen.includes(j));
  const experts = [...setting.fixed, ...picked]
    .sort((a, b) => b.score - a.score || compareIds(a.id, b.id));
  const roster: OfficeredRoster = {
    chairId: input.chairId,
    coChairId: input.coChairId,
    expertIds: experts.map((e) => e.id),
  };

  // The search and validateRoster encode the rules separately; a
  // disagreement is a bug to surface, never a roster to propose.
  const violations = validateRoster(roster, context);
  if (violations.length > 0) {
    throw new Error('roster solver proposed a roster that breaks '
      + violations.map((v) => v.rule).join(', '));
  }

  const total = experts.reduce((sum, e) => sum + e.score, 0);
  return { feasible: true, roster, total };
}
