import t from 'tap';
import { rosterCycle } from '../helpers/rosters.js';

const STAR = 'Ana | *Star*';

async function reportedCycle(t: Parameters<typeof rosterCycle>[0]) {
  const rc = await rosterCycle(t, { candidates: [
    { country: 'KE', gender: 'female', name: STAR },
    { country: 'BR', gender: 'male' },
    { country: 'IN', gender: 'female' },
    { country: 'US' },
  ] });
  await rc.score([5, 4, 3, 2]);
  return rc;
}

t.test('reports the confirmed roster as JSON', async (t) => {
  const rc = await reportedCycle(t);
  const [ke, br, ind] = rc.candidates;
  await rc.confirm([ke!.id, br!.id, ind!.id]);
  const url = `/v1/cycles/${rc.cycleId}/report`;

  const res = await rc.ctx.request('GET', url, { token: rc.secretariat });
  t.equal(res.statusCode, 200);
  t.match(res.body, {
    cycleId: rc.cycleId,
    group: { slug: 'labor-migration', name: 'Labor Migration' },
    cycleState: 'confirmed',
    rosterStatus: 'confirmed',
    term: { start: '2027-03-01T09:00:00.000Z' },
    violations: [],
    departed: [],
  });
  t.same(res.body.members.map((m: any) => [m.personId, m.role]), [
    [rc.chair.id, 'chair'], [rc.coChair.id, 'co_chair'],
    [ke!.id, 'expert'], [br!.id, 'expert'], [ind!.id, 'expert'],
  ]);
  const star = res.body.members[2];
  const nomination = rc.nominations[0]!;
  t.same(star.nominatedBy, { personId: nomination.nominator.id,
    name: nomination.nominator.name });
  t.same(star.endorsedBy, nomination.endorsers.map((e) =>
    ({ personId: e.id, name: e.name })));
  t.match(star, { name: STAR, country: 'KE', region: 'ssa',
    scores: { mean: 5, count: 2 } });
  t.type(star.scores.calibrated, 'number');
  t.notOk('gender' in star, 'no gender per member');
  t.equal(res.body.members[0].scores, null, 'an officer was not reviewed');

  const summaries = Object.fromEntries(res.body.rules.map((r: any) =>
    [`${r.rule} ${r.figures.attribute ?? ''}`.trim(), r]));
  t.match(summaries['quota_min_distinct region'], { met: true,
    summary: '4 regions, at least 3 required',
    figures: { distinct: 4, minDistinct: 3 } });
  t.match(summaries['quota_max_share gender'], { met: true,
    summary: 'largest gender share 40% (\'female\', 2 of 5 members); at'
      + ' most 60% allowed' });
  t.match(summaries['quota_max_count country'], { met: true,
    summary: 'at most 2 members per country; at most 2 allowed' });
  t.match(summaries.experts, { met: true,
    summary: '3 experts, between 3 and 8 required' });
  t.match(summaries.max_groups_per_person, { met: true });
  t.equal(res.body.rules.length, 5 + 4, 'five fixed rules, four quotas');

  const events = await rc.ctx.app.ctx.db.selectFrom('auditEvents')
    .selectAll().where('entityId', '=', rc.cycleId)
    .where('action', 'in', ['roster.submitted', 'roster.confirmed'])
    .orderBy('seq').execute();
  const secretariat = await rc.ctx.request('GET', '/v1/me',
    { token: rc.secretariat });
  t.same(res.body.submitted, { at: events[0]!.at,
    by: { personId: rc.chair.id, name: rc.chair.name } });
  t.same(res.body.confirmed, { at: events[1]!.at,
    by: { personId: events[1]!.actorId,
      name: secretariat.body.name } });

  const coChair = await rc.ctx.request('GET', url,
    { token: await rc.token(rc.coChair) });
  t.equal(coChair.statusCode, 200, 'officers read it too');
  const reviewer = await rc.ctx.request('GET', url,
    { token: await rc.token(rc.added[0]!) });
  t.equal(reviewer.statusCode, 403);
  const anonymous = await rc.ctx.request('GET', url);
  t.equal(anonymous.statusCode, 401);
});

t.test('reports as Markdown when asked', async (t) => {
  const rc = await reportedCycle(t);
  const [ke, br, ind] = rc.candidates;
  const url = `/v1/cycles/${rc.cycleId}/report`;
  const headers = { accept: 'text/markdown' };

  const draft = await rc.ctx.request('GET', url,
    { token: rc.secretariat, headers });
  t.equal(draft.statusCode, 200);
  t.match(draft.raw, 'Not submitted yet.\nNot confirmed yet.');
  t.match(draft.raw, /\| experts \| \*\*no\*\* \| 0 experts, between 3/);
  t.match(draft.raw, '## Violations');

  await rc.confirm([ke!.id, br!.id, ind!.id]);
  await rc.post(`/members/${br!.id}/stepping-down`, { reason: 'Leaving.' });
  const res = await rc.ctx.request('GET', url,
    { token: rc.secretariat, headers });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/markdown/);
  const md = res.raw;
  t.match(md, /^# Roster of Labor Migration\n/);
  t.match(md, 'Confirmed by Secretariat on 2027-01-10 09:00 UTC.');
  t.match(md, `Submitted by ${rc.chair.name} on 2027-01-10 09:00 UTC.`);
  t.match(md, '| Role | Name | Affiliation | Country | Nominated by |');
  t.match(md, '| Expert | Ana \\| \\*Star\\* |',
    'names cannot break the table or turn bold');
  t.match(md, `| ${rc.nominations[0]!.nominator.name} |`);
  t.match(md, '| 5.00 |');
  t.match(md, '| quota_min_distinct | yes | 3 regions, at least 3'
    + ' required |', 'BR stepped down: three regions left');
  t.match(md, '## Members who stepped down');
  t.match(md, /\| Expert \| Person \d+ \| 2027-01-10 09:00 UTC \|/);
  t.notMatch(md, /@/, 'no addresses');
});

t.test('withholds from an officer the figures the ranking withholds',
  async (t) => {
    const rc = await reportedCycle(t);
    const [ke, br, ind] = rc.candidates;
    // The chair turns out to have endorsed KE: a conflict from then on.
    await rc.ctx.app.ctx.db.insertInto('endorsements').values({
      id: 'late-endorsement', nominationId: rc.nominations[0]!.id,
      endorserId: rc.chair.id, statement: 'I endorse this nomination.',
      createdAt: rc.ctx.clock.now.toISOString(),
    }).execute();
    const url = `/v1/cycles/${rc.cycleId}/report`;
    const scoresOf = async (token: string) => {
      const res = await rc.ctx.request('GET', url, { token });
      t.equal(res.statusCode, 200);
      return new Map(res.body.members.map((m: any) =>
        [m.personId, m.scores]));
    };

    await rc.put({ chairId: rc.chair.id, coChairId: rc.coChair.id,
      expertIds: [ke!.id, br!.id, ind!.id] });
    const ranking = await rc.ctx.request('GET',
      `/v1/cycles/${rc.cycleId}/ranking`, { token: rc.chairToken });
    const line = ranking.body.items.find(
      (i: any) => i.candidateId === ke!.id);
    t.equal(line.withheld, 'conflict_of_interest', 'the ranking hides KE');

    const byChair = await scoresOf(rc.chairToken);
    t.match(byChair.get(ke!.id), { mean: null, calibrated: null,
      withheld: 'conflict_of_interest' }, 'and so does the report');
    t.match(byChair.get(br!.id), { mean: 4, withheld: null });
    const bySecretariat = await scoresOf(rc.secretariat);
    t.match(bySecretariat.get(ke!.id), { mean: 5, withheld: null },
      'the secretariat sees every figure');

    // A reviewer who has not reviewed a nomination sees its figures only
    // once reviews are closed.
    const added = rc.added[0]!;
    await rc.ctx.app.ctx.db.updateTable('cycles')
      .set({ coChairId: added.id }).where('id', '=', rc.cycleId).execute();
    await rc.put({ chairId: rc.chair.id, coChairId: added.id,
      expertIds: [ke!.id, br!.id, ind!.id] });
    const byNewcomer = await scoresOf(await rc.token(added));
    t.match(byNewcomer.get(br!.id), { mean: null, withheld: 'review_first' });
    await rc.post('/roster/submission', {}, rc.chairToken);
    await rc.post('/roster/confirmation', {});
    const afterwards = await scoresOf(await rc.token(added));
    t.match(afterwards.get(br!.id), { mean: 4, withheld: null });
    t.match((await scoresOf(rc.chairToken)).get(ke!.id),
      { mean: null, withheld: 'conflict_of_interest' },
      'a conflict outlasts the reviews');
  });
