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
  const input = {
    rules,
    chairId: rc.chair.id,
    coChairId: rc.coChair.id,
    candidates: ranking.body.items.map((i: any) => ({
      personId: i.candidateId,
      score: (basis === 'calibrated' ? i.calibrated : i.mean) ?? 0,
    })),
    people,
    otherConfirmedGroups: new Map<string, number>(),
  };
  return { input, answer: suggestRoster(input) };
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
  });
  t.same(validateRoster(res.body.roster, {
    rules: input.rules, people: input.people,
    eligibleIds: new Set(rc.candidates.map((c) => c.id)),
    otherConfirmedGroups: new Map(),
  }), []);
  // Calibrated scores centre on 0, so the unreviewed candidate, counted
  // at 0, brings the third region at a better price than BR's
  // below-average score.
  t.same(new Set(res.body.roster.expertIds),
    new Set([ke!.id, ng!.id, gh!.id, jp!.id]));
  t.notOk(res.body.roster.expertIds.includes(br!.id));

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
  // Raw means are all positive, so every candidate who fits is taken:
  // the unreviewed one too, counted at 0.
  t.equal(res.body.roster.expertIds.length, 6);
  t.equal(res.body.total, 5 + 5 + 4 + 3 + 2 + 0);
});

t.test('counts a candidate without a score as 0', async (t) => {
  const rc = await rosterCycle(t);
  const res = await rc.post('/roster/suggestion', {}, rc.chairToken);
  t.equal(res.statusCode, 200);
  t.equal(res.body.feasible, true, 'no review yet: still a roster');
  t.equal(res.body.total, 0);
  // All tie at 0; among equal totals the solver prefers the roster with
  // the better-ranked candidate, so every candidate who fits is taken,
  // in id order.
  const ids = rc.candidates.map((c) => c.id).sort();
  t.same(res.body.roster.expertIds, ids);
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
