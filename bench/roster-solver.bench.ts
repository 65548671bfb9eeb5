/**
 * Benchmark of the roster solver on a 500-candidate pool with the
 * partnership's four default quotas. Run: npx tsx bench/roster-solver.bench.ts
 *
 * Absolute times depend on the machine, so each is also given as a ratio to
 * two baselines measured in the same run on the same pool: validating one
 * roster, and a greedy top-k pick that ignores the quotas.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

import { validateRoster } from '../src/domain/composition.js';
import {
  suggestRoster,
  type ScoredCandidate,
  type Suggestion,
  type SuggestionInput,
} from '../src/domain/roster-solver.js';
import type { PersonAttributes } from '../src/domain/rules.js';
import { rulesWith } from '../test/helpers/domain.js';

const POOL_SIZE = 500;
const REPETITIONS = 7;

/**
 * A seeded linear congruential generator, so that every run sees the same
 * pool; its weak low bits do not matter for drawing test data.
 */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// Country codes by World Bank region; Europe is listed more often so that
// the pool is as lopsided as nomination pools tend to be.
const COUNTRIES: [string, string][] = [
  ['DE', 'eca'], ['FR', 'eca'], ['IT', 'eca'], ['ES', 'eca'], ['PL', 'eca'],
  ['SE', 'eca'], ['NL', 'eca'], ['GB', 'eca'], ['NG', 'ssa'], ['KE', 'ssa'],
  ['GH', 'ssa'], ['SN', 'ssa'], ['IN', 'sa'], ['BD', 'sa'], ['PK', 'sa'],
  ['MX', 'lac'], ['BR', 'lac'], ['CO', 'lac'], ['MA', 'mena'],
  ['JO', 'mena'], ['PH', 'eap'], ['ID', 'eap'], ['US', 'na'], ['CA', 'na'],
];

interface Scenario {
  name: string;
  input: SuggestionInput;
}

/**
 * The pool: normal scores (calibrated z-scores), a skewed spread of
 * affiliations and countries, a few unknown genders and a few people at
 * their group limit. `lopsided` gives the best-scored fifth a single region
 * and five affiliations, so that the top of the ranking conflicts.
 */
function makeInput(seed: number, lopsided: boolean): SuggestionInput {
  const random = prng(seed);
  const normal = (): number =>
    Math.sqrt(-2 * Math.log(1 - random()))
    * Math.cos(2 * Math.PI * random());
  const pick = (items: [string, string][]): [string, string] =>
    items[Math.floor(random() * items.length)] ?? ['DE', 'eca'];

  const people = new Map<string, PersonAttributes>();
  const candidates: ScoredCandidate[] = [];
  const busy = new Map<string, number>();
  for (let i = 0; i < POOL_SIZE; i += 1) {
    const id = `c${String(i).padStart(3, '0')}`;
    const score = normal();
    const top = lopsided && i < POOL_SIZE / 5;
    const [country, region] = top ? ['DE', 'eca'] : pick(COUNTRIES);
    const draw = random();
    const gender = draw < 0.46 ? 'female' : draw < 0.92 ? 'male'
      : draw < 0.94 ? 'non-binary' : null;
    // Squaring a uniform draw favours the low-numbered organisations.
    const org = top ? Math.floor(random() * 5)
      : Math.floor(random() ** 2 * 150);
    people.set(id, { id, gender, region, affiliation: `org-${org}`, country });
    candidates.push({ personId: id, score: top ? score + 3 : score });
    if (random() < 0.05) busy.set(id, 2);
  }
  people.set('chair', {
    id: 'chair',
    gender: 'female',
    region: 'eca',
    affiliation: 'org-0',
    country: 'DE',
  });
  people.set('cochair', {
    id: 'cochair',
    gender: 'male',
    region: 'eca',
    affiliation: 'org-1',
    country: 'FR',
  });

  return {
    rules: rulesWith(),
    chairId: 'chair',
    coChairId: 'cochair',
    candidates,
    people,
    otherConfirmedGroups: busy,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle] ?? 0
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Median milliseconds over the repetitions, after one warm-up call. */
function time(run: () => unknown, repetitions = REPETITIONS): number {
  run();
  const samples: number[] = [];
  for (let i = 0; i < repetitions; i += 1) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

// Collecting garbage on demand makes heap deltas mean something; the flag
// can be switched on from inside the process.
v8.setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/**
 * Heap growth across one call, collected before: roughly all it allocates,
 * unless the collector happened to run in between.
 */
function heapDelta(run: () => unknown): number {
  collect();
  const before = process.memoryUsage().heapUsed;
  run();
  return process.memoryUsage().heapUsed - before;
}

function greedyTopK(input: SuggestionInput): string[] {
  return [...input.candidates]
    .sort((a, b) => b.score - a.score)
    .slice(0, input.rules.maxExperts)
    .map((c) => c.personId);
}

function describe(suggestion: Suggestion): string {
  if (!suggestion.feasible) {
    return `no roster:\n${suggestion.reasons
      .map((r) => `  ${r.rule}: ${r.message}`).join('\n')}`;
  }
  const { expertIds } = suggestion.roster;
  return `${expertIds.length} experts, total ${suggestion.total.toFixed(3)}`;
}

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => i === 0
    ? cell.padEnd(widths[i] ?? 0)
    : cell.padStart(widths[i] ?? 0)).join('  ');
}

const scenarios: Scenario[] = [
  { name: 'default quotas', input: makeInput(20240601, false) },
  { name: 'top fifth lopsided', input: makeInput(20240601, true) },
  { name: 'no valid roster', input: conflicting() },
];

/**
 * Every North American candidate works for the chair's organisation, so
 * seven regions and one member per organisation exclude each other: each
 * quota passes its own quick check and only the search finds the clash.
 */
function conflicting(): SuggestionInput {
  const input = makeInput(20240601, false);
  const people = new Map([...input.people].map(([id, p]) =>
    [id, p.region === 'na' && id !== 'chair'
      ? { ...p, affiliation: 'org-0' }
      : p]));
  const rules = rulesWith({
    quotas: [...rulesWith().quotas, { attribute: 'region', minDistinct: 7 }],
  });
  return { ...input, people, rules };
}

const header = ['scenario', 'solver ms', 'validate ms', 'x validate',
  'greedy ms', 'x greedy', 'heap KiB'];
const widths = [20, 10, 11, 10, 10, 9, 9];
const lines = [row(header, widths), row(widths.map((w) => '-'.repeat(w)),
  widths)];
const outcomes: string[] = [];

for (const { name, input } of scenarios) {
  const suggestion = suggestRoster(input);
  const roster = suggestion.feasible ? suggestion.roster
    : { chairId: input.chairId, coChairId: input.coChairId,
      expertIds: greedyTopK(input) };
  const context = {
    rules: input.rules,
    people: input.people,
    eligibleIds: new Set(input.candidates.map((c) => c.personId)),
    otherConfirmedGroups: input.otherConfirmedGroups,
  };

  const solver = time(() => suggestRoster(input));
  // The baselines are far quicker than one timer tick; each sample runs
  // them a thousand times.
  const validate = time(() => {
    for (let i = 0; i < 1000; i += 1) validateRoster(roster, context);
  }) / 1000;
  const greedy = time(() => {
    for (let i = 0; i < 1000; i += 1) greedyTopK(input);
  }) / 1000;
  const heap = heapDelta(() => suggestRoster(input));

  lines.push(row([
    name,
    solver.toFixed(2),
    validate.toFixed(4),
    (solver / validate).toFixed(0),
    greedy.toFixed(4),
    (solver / greedy).toFixed(0),
    (heap / 1024).toFixed(0),
  ], widths));
  outcomes.push(`${name}: ${describe(suggestion)}`);
}

console.log(`roster solver, ${POOL_SIZE} candidates, median of`
  + ` ${REPETITIONS} runs (node ${process.version})\n`);
console.log(lines.join('\n'));
console.log(`\n${outcomes.join('\n')}`);
