import t from 'tap';
import { addPerson } from '../helpers/app.js';
import { auditOf } from '../helpers/nominations.js';
import { reviewCycle } from '../helpers/review-fixtures.js';
import { rosterCycle } from '../helpers/rosters.js';

const rules = (body: { violations: { rule: string }[] }) =>
  body.violations.map((v) => v.rule);

t.test('starts from the appointed officers and says what is missing',
  async (t) => {
    const rc = await rosterCycle(t);
    const res = await rc.roster();
    t.equal(res.statusCode, 200);
    t.match(res.body, {
      cycleId: rc.cycleId,
      chairId: rc.chair.id,
      coChairId: rc.coChair.id,
      expertIds: [],
      status: 'draft',
      returnReason: null,
      submittedAt: null,
      confirmedAt: null,
      updatedAt: null,
      vacatedIds: [],
    });
    t.same(rules(res.body), ['min_experts', 'quota_min_distinct']);
    t.same(res.body.violations[0].figures, { experts: 0, minExperts: 3 });

    const rows = await rc.ctx.app.ctx.db.selectFrom('rosters').selectAll()
      .execute();
    t.equal(rows.length, 0, 'reading saves nothing');
  });

t.test('saves a valid draft and audits it', async (t) => {
  const rc = await rosterCycle(t);
  const [a, b, c] = rc.candidates;
  const body = { chairId: rc.chair.id, coChairId: rc.coChair.id,
    expertIds: [c!.id, a!.id, b!.id] };
  const res = await rc.put(body);
  t.equal(res.statusCode, 200);
  t.match(res.body, { ...body, status: 'draft', violations: [],
    updatedAt: rc.ctx.clock.now.toISOString() });

  const row = await rc.ctx.app.ctx.db.selectFrom('rosters').selectAll()
    .where('cycleId', '=', rc.cycleId).executeTakeFirstOrThrow();
  t.equal(row.status, 'draft');
  t.same(JSON.parse(row.expertIds), body.expertIds, 'order kept');
  const events = await auditOf(rc.ctx, rc.cycleId);
  const saved = events.filter((e) => e.action === 'roster.saved');
  t.equal(saved.length, 1);
  t.equal(saved[0]!.actorId, rc.chair.id);
  t.same(JSON.parse(saved[0]!.changes).expertIds,
    { before: null, after: body.expertIds });

  const again = await rc.roster();
  t.same(again.body, res.body, 'GET shows what was saved');
});

t.test('reports each rule broken alone', async (t) => {
  const rc = await rosterCycle(t, {
    candidates: [
      { country: 'KE' }, { country: 'BR' }, { country: 'IN' },
      { country: 'NG' }, { country: 'GH' },
    ],
  });
  const [ke, br, ind, ng, gh] = rc.candidates;
  const officers = { chairId: rc.chair.id, coChairId: rc.coChair.id };

  t.test('min_experts', async (t) => {
    const res = await rc.put({ ...officers, expertIds: [ke!.id, br!.id] });
    t.equal(res.statusCode, 200, 'a draft is saved whatever it breaks');
    t.same(res.body.violations, [{
      rule: 'min_experts',
      message: 'only 2 experts on the roster; at least 3 required',
      figures: { experts: 2, minExperts: 3 },
    }]);
  });

  t.test('officers_distinct', async (t) => {
    const res = await rc.put({ chairId: rc.chair.id,
      coChairId: rc.chair.id, expertIds: [ke!.id, br!.id, ind!.id] });
    t.equal(res.statusCode, 200);
    t.same(rules(res.body), ['officers_distinct']);
    t.same(res.body.violations[0].personIds, [rc.chair.id]);
  });

  t.test('expert_not_eligible', async (t) => {
    const stranger = await addPerson(rc.ctx, { country: 'MX' });
    const res = await rc.put({ ...officers,
      expertIds: [ke!.id, br!.id, stranger.id] });
    t.same(rules(res.body), ['expert_not_eligible']);
    t.same(res.body.violations[0].personIds, [stranger.id]);
  });

  t.test('quota_min_distinct on regions', async (t) => {
    // France, then Kenya, Nigeria and Ghana: two regions only.
    const res = await rc.put({ ...officers,
      expertIds: [ke!.id, ng!.id, gh!.id] });
    t.same(res.body.violations, [{
      rule: 'quota_min_distinct',
      message: 'only 2 regions on the roster; 3 distinct required',
      figures: { attribute: 'region', distinct: 2, minDistinct: 3,
        unknown: 0 },
    }]);
  });

  t.test('quota_max_count on countries', async (t) => {
    const french = await rc.nominate({ candidate: { country: 'FR' } });
    const res = await rc.put({ ...officers,
      expertIds: [ke!.id, br!.id, french.candidate.id] });
    t.same(rules(res.body), ['quota_max_count']);
    t.match(res.body.violations[0].figures,
      { attribute: 'country', value: 'FR', count: 3, maxCount: 2 });
  });

  t.test('officers_not_appointed', async (t) => {
    const res = await rc.put({ chairId: ke!.id, coChairId: rc.coChair.id,
      expertIds: [br!.id, ind!.id, ng!.id] });
    t.same(rules(res.body), ['officers_not_appointed']);
    t.same(res.body.violations[0].personIds, [ke!.id]);
  });
});

t.test('lists several broken rules at once', async (t) => {
  const rc = await rosterCycle(t);
  const [ke] = rc.candidates;
  const res = await rc.put({ chairId: null, coChairId: rc.coChair.id,
    expertIds: [ke!.id, ke!.id, 'no-such-person'] });
  t.equal(res.statusCode, 200);
  t.same(rules(res.body), [
    'chair_required',
    'duplicate_member',
    'expert_not_eligible',
    'min_experts',
    'quota_min_distinct',
    'unknown_person',
  ]);
  const byRule = Object.fromEntries(res.body.violations
    .map((v: { rule: string }) => [v.rule, v]));
  t.same(byRule.duplicate_member.personIds, [ke!.id]);
  t.same(byRule.expert_not_eligible.personIds, ['no-such-person']);
  t.same(byRule.unknown_person.personIds, ['no-such-person']);
  t.same(byRule.min_experts.figures, { experts: 2, minExperts: 3 },
    'a person listed twice takes one seat');
  t.match(byRule.quota_min_distinct.figures,
    { attribute: 'region', distinct: 2 });
});

t.test('saving a submitted roster makes it a draft again', async (t) => {
  const rc = await rosterCycle(t);
  const ids = rc.candidates.map((c) => c.id);
  const body = { chairId: rc.chair.id, coChairId: rc.coChair.id,
    expertIds: ids.slice(0, 3) };
  await rc.put(body);
  const submitted = await rc.post('/roster/submission', {}, rc.chairToken);
  t.equal(submitted.body.status, 'submitted');

  const res = await rc.put({ ...body, expertIds: ids.slice(0, 4) });
  t.equal(res.statusCode, 200);
  t.equal(res.body.status, 'draft');
  t.equal(res.body.submittedAt, null);
  const events = (await auditOf(rc.ctx, rc.cycleId))
    .filter((e) => e.entity === 'roster').map((e) => e.action);
  t.same(events, ['roster.saved', 'roster.submitted', 'roster.saved']);
});

t.test('drafts only while reviewing or composing', async (t) => {
  const rc = await reviewCycle(t);
  const token = await rc.token(rc.chair);
  const body = { chairId: rc.chair.id, coChairId: rc.coChair.id,
    expertIds: [] };
  const early = await rc.ctx.request('PUT',
    `/v1/cycles/${rc.cycleId}/roster`, { token, body });
  t.equal(early.statusCode, 409);
  t.equal(early.body.error.code, 'wrong_cycle_state');
  t.equal(early.body.error.message,
    'this needs the cycle to be reviewing or composing; it is nominating');

  await rc.moveTo('reviewing');
  const reviewing = await rc.ctx.request('PUT',
    `/v1/cycles/${rc.cycleId}/roster`, { token, body });
  t.equal(reviewing.statusCode, 200, 'a draft may start while reviewing');

  await rc.moveTo('cancelled');
  const late = await rc.ctx.request('PUT',
    `/v1/cycles/${rc.cycleId}/roster`, { token, body });
  t.equal(late.statusCode, 409);
  const rows = await rc.ctx.app.ctx.db.selectFrom('auditEvents')
    .select('action').where('action', '=', 'roster.saved').execute();
  t.equal(rows.length, 1, 'refused saves leave no trace');
});

t.test('only the chair saves the draft', async (t) => {
  const rc = await rosterCycle(t);
  const body = { chairId: rc.chair.id, coChairId: rc.coChair.id,
    expertIds: [] };
  for (const [who, token] of [
    ['co-chair', await rc.token(rc.coChair)],
    ['secretariat', rc.secretariat],
    ['reviewer', await rc.token(rc.added[0]!)],
  ] as const) {
    const res = await rc.put(body, token);
    t.equal(res.statusCode, 403, who);
    t.equal(res.body.error.code, 'forbidden');
  }
  const anonymous = await rc.ctx.request('PUT',
    `/v1/cycles/${rc.cycleId}/roster`, { body });
  t.equal(anonymous.statusCode, 401);
  const rows = await rc.ctx.app.ctx.db.selectFrom('rosters').selectAll()
    .execute();
  t.equal(rows.length, 0);
});

t.test('shows the roster to officers and the secretariat only',
  async (t) => {
    const rc = await rosterCycle(t);
    const url = `/v1/cycles/${rc.cycleId}/roster`;
    for (const token of [rc.chairToken, await rc.token(rc.coChair),
      rc.secretariat]) {
      t.equal((await rc.ctx.request('GET', url, { token })).statusCode, 200);
    }
    const reviewer = await rc.ctx.request('GET', url,
      { token: await rc.token(rc.added[0]!) });
    t.equal(reviewer.statusCode, 403, 'a reviewer who is not an officer');
    const candidate = await rc.ctx.request('GET', url,
      { token: await rc.ctx.signIn(rc.candidates[0]!.email) });
    t.equal(candidate.statusCode, 403);
    const anonymous = await rc.ctx.request('GET', url);
    t.equal(anonymous.statusCode, 401);
    t.equal(anonymous.body.error.code, 'unauthenticated');
    const unknown = await rc.ctx.request('GET', '/v1/cycles/nope/roster',
      { token: rc.secretariat });
    t.equal(unknown.statusCode, 404);
  });

t.test('refuses a malformed draft with 400', async (t) => {
  const rc = await rosterCycle(t);
  const good = { chairId: rc.chair.id, coChairId: rc.coChair.id,
    expertIds: [] };
  const bad: [string, unknown][] = [
    ['numbers for ids', { ...good, expertIds: [1, 2, 3] }],
    ['a number for the chair', { ...good, chairId: 7 }],
    ['no expert list', { chairId: good.chairId, coChairId: good.coChairId }],
    ['an empty id', { ...good, expertIds: [''] }],
    ['an unknown field', { ...good, extra: true }],
    ['a list', [good]],
  ];
  for (const [what, body] of bad) {
    const res = await rc.put(body);
    t.equal(res.statusCode, 400, what);
    t.equal(res.body.error.code, 'validation_failed', what);
  }
});
