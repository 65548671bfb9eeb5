import t from 'tap';
import { validateRoster } from '../../src/domain/composition.js';
import { suggestRoster } from '../../src/domain/roster-solver.js';
import type { PersonAttributes } from '../../src/domain/rules.js';
import { rosterCycle, type RosterCycle } from '../helpers/rosters.js';

/**
 * France for the officers; two candidates from Sub-Saharan Africa at the
 * top, so that the best three by score show only two regions and the
 * solver must reach further down; and one candidate nobody reviewed.
 */
const POOL = [
  { country: 'KE' }, { country: 'NG' }, { country: 'GH' },
  { country: 'BR' }, { country: 'IN' }, { country: 'JP' },
];
const SCORES = [5, 5, 4, 3, 2];

/** What the solver answers for the cycle, from what the API shows. */
async function expected(rc: RosterCycle, basis: 'calibrated' | 'raw') {
  const token = rc.secretariat;
  const group = await rc.ctx.request('GET', `/v1/groups/${rc.slug}`);
  const ranking = await rc.ctx.request('GET',
    `/v1/cycles/${rc.cycleId}/ranking?sort=${basis}`, { token });
  const people = new Map<string, PersonAttributes>();
  for (const person of [rc.chair, rc.coChair, ...rc.candidates]) {
    const res = await rc.ctx.request('GET', `/v1/people/${person.id}`,
      { token });
    const { id, gender, region, affiliation, country } = res.body;
    people.set(id, { id, gender, region, affiliation, country });
  }
  const rules = group.body.rules;
  const scores = ranking.body.items.map((i: any) => ({
    personId: i.candidateId as string,
    score: (basis === 'calibrated' ? i.calibrated : i.mean) as number | null,
  }));
  // A candidate without a score ranks below every scored one: worth less
  // than the widest gap any two rosters' scored experts could make.
  const known = scores.filter((c: { score: number | null }) =>
    c.score !== null).map((c: { score: number }) => Math.abs(c.score));
  const floor = -(2 * rules.maxExperts * Math.max(0, ...known) + 1);
  const input = {
    rules,
    chairId: rc.chair.id,
    coChairId: rc.coChair.id,
    candidates: scores.map((c: { personId: string; score: number | null }) =>
      ({ personId: c.personId, score: c.score ?? floor })),
    people,
    otherConfirmedGroups: new Map<string, number>(),
  };
  const unscored = new Set(scores.filter(
    (c: { score: number | null }) => c.score === null)
    .map((c: { personId: string }) => c.personId));
  return { input, unscored, answer: suggestRoster(input) };
}

t.test('suggests what the solver computes, and it is valid', async (t) => {
  const rc = await rosterCycle(t, { candidates: POOL });
  await rc.score(SCORES);
  const [ke, ng, gh, br, , jp] = rc.candidates;

  const res = await rc.post('/roster/suggestion', {}, rc.chairToken);
  t.equal(res.statusCode, 200);
  const { input, answer } = await expected(rc, 'calibrated');
  if (!answer.feasible) throw new Error('the pool should be feasible');
  t.same(res.body, {
    feasible: true,
    kind: 'roster',
    roster: answer.roster,
    total: answer.total,
    score: 'calibrated',
    basis: 'calibrated',
    unscoredIds: [],
  });
  t.same(validateRoster(res.body.roster, {
    rules: input.rules, people: input.people,
    eligibleIds: new Set(rc.candidates.map((c) => c.id)),
    otherConfirmedGroups: new Map(),
  }), []);
  // The third region comes from BR, below average but reviewed, rather
  // than from JP, whom nobody reviewed: an unscored candidate is not an
  // average one, and ranks after every scored candidate.
  t.same(new Set(res.body.roster.expertIds),
    new Set([ke!.id, ng!.id, gh!.id, br!.id]));
  t.notOk(res.body.roster.expertIds.includes(jp!.id));

  const saved = await rc.put(res.body.roster);
  t.same(saved.body.violations, [], 'the API agrees it is valid');

  const twice = await rc.post('/roster/suggestion', undefined,
    await rc.token(rc.coChair));
  t.same(twice.body, res.body, 'the same answer again, without a body');
  const rows = await rc.ctx.app.ctx.db.selectFrom('rosters').selectAll()
    .execute();
  t.same(JSON.parse(rows[0]!.expertIds), res.body.roster.expertIds,
    'suggesting saved nothing over the draft');
});

t.test('ranks by the raw mean when asked', async (t) => {
  const rc = await rosterCycle(t, { candidates: POOL });
  await rc.score(SCORES);
  const res = await rc.post('/roster/suggestion', { score: 'raw' },
    rc.secretariat);
  t.equal(res.statusCode, 200);
  const { answer } = await expected(rc, 'raw');
  if (!answer.feasible) throw new Error('the pool should be feasible');
  t.equal(res.body.score, 'raw');
  t.same(res.body.roster, answer.roster);
  t.equal(res.body.total, answer.total);
  // Raw means are all positive, so every reviewed candidate who fits is
  // taken; the unreviewed one is not needed, so is left out.
  t.equal(res.body.roster.expertIds.length, 5);
  t.notOk(res.body.roster.expertIds.includes(rc.candidates[5]!.id));
  t.equal(res.body.total, 5 + 5 + 4 + 3 + 2);
  t.same(res.body.unscoredIds, []);
});

t.test('ranks candidates without a score last, and says so',
  async (t) => {
    const rc = await rosterCycle(t);
    const res = await rc.post('/roster/suggestion', {}, rc.chairToken);
    t.equal(res.statusCode, 200);
    t.equal(res.body.feasible, true, 'no review yet: still a roster');
    // Nobody is scored: the rules need three experts, no more are
    // taken, and ties go to the lower ids.
    const ids = rc.candidates.map((c) => c.id).sort().slice(0, 3);
    t.same(res.body.roster.expertIds, ids);
    t.same(res.body.unscoredIds, ids, 'each named as taken unscored');
    t.equal(res.body.total, 0, 'the total counts scored experts only');
  });

t.test('takes an unscored candidate only when the rules need one',
  async (t) => {
    // KE and NG (Sub-Saharan Africa) reviewed; a third region is only
    // to be had from BR, whom nobody reviewed.
    const rc = await rosterCycle(t, { candidates: [
      { country: 'KE' }, { country: 'NG' }, { country: 'GH' },
      { country: 'BR' },
    ] });
    await rc.score([4, 3, 2]);
    const [ke, ng, gh, br] = rc.candidates;
    for (const basis of ['calibrated', 'raw'] as const) {
      const res = await rc.post('/roster/suggestion', { score: basis });
      t.equal(res.statusCode, 200);
      const { answer } = await expected(rc, basis);
      if (!answer.feasible) throw new Error('the pool should be feasible');
      t.same(res.body.roster, answer.roster, `${basis}: the solver's roster`);
      t.ok(res.body.roster.expertIds.includes(br!.id),
        `${basis}: BR brings the third region`);
      t.same(res.body.unscoredIds, [br!.id], `${basis}: and is named`);
      const scored = res.body.roster.expertIds.filter(
        (id: string) => id !== br!.id);
      t.ok(scored.includes(ke!.id), `${basis}: the best is kept`);
      if (basis === 'raw') {
        t.same(new Set(scored), new Set([ke!.id, ng!.id, gh!.id]));
        t.equal(res.body.total, 4 + 3 + 2, 'raw: BR adds nothing');
      }
    }
  });

t.test('explains a pool that cannot meet the rules', async (t) => {
  const rc = await rosterCycle(t, { candidates: [
    { country: 'KE' }, { country: 'NG' }, { country: 'GH' },
  ] });
  const res = await rc.post('/roster/suggestion', {});
  t.equal(res.statusCode, 200);
  t.same(res.body, {
    feasible: false,
    kind: 'roster',
    basis: 'calibrated',
    reasons: [{
      rule: 'quota_min_distinct',
      message: 'only 2 regions among the officers and eligible'
        + ' candidates; 3 distinct required',
      figures: { attribute: 'region', minDistinct: 3,
        distinctAvailable: 2 },
    }],
  });
});

t.test('needs officers, the right state and the right people',
  async (t) => {
    const rc = await rosterCycle(t, { state: 'reviewing' });
    const ok = await rc.post('/roster/suggestion', {}, rc.chairToken);
    t.equal(ok.statusCode, 200, 'suggests while reviewing too');

    const reviewer = await rc.post('/roster/suggestion', {},
      await rc.token(rc.added[0]!));
    t.equal(reviewer.statusCode, 403);
    const anonymous = await rc.ctx.request('POST',
      `/v1/cycles/${rc.cycleId}/roster/suggestion`, { body: {} });
    t.equal(anonymous.statusCode, 401);
    const bad = await rc.post('/roster/suggestion', { score: 'best' });
    t.equal(bad.statusCode, 400);

    // Officers cannot be removed through the API; the guard still holds
    // should the data lack them.
    await rc.ctx.app.ctx.db.updateTable('cycles').set({ coChairId: null })
      .where('id', '=', rc.cycleId).execute();
    const none = await rc.post('/roster/suggestion', {});
    t.equal(none.statusCode, 422);
    t.equal(none.body.error.code, 'officers_required');

    await rc.moveTo('cancelled');
    const late = await rc.post('/roster/suggestion', {});
    t.equal(late.statusCode, 409);
    t.equal(late.body.error.code, 'wrong_cycle_state');
  });
