import t from 'tap';
import { addPerson, testApp } from '../helpers/app.js';
import { rosterCycle } from '../helpers/rosters.js';

t.test('publishes the confirmed roster without contact data', async (t) => {
  const rc = await rosterCycle(t);
  const url = `/v1/groups/${rc.slug}/members`;

  const before = await rc.ctx.request('GET', url);
  t.equal(before.statusCode, 200, 'anyone may ask, signed in or not');
  t.same(before.body, { groupSlug: rc.slug, cycleId: null, term: null,
    members: [] }, 'nothing published before confirmation');

  const [ke, br, ind] = rc.candidates;
  await rc.confirm([ke!.id, br!.id, ind!.id]);
  const res = await rc.ctx.request('GET', url);
  t.equal(res.statusCode, 200);
  t.equal(res.body.cycleId, rc.cycleId);
  t.same(res.body.term, { start: '2027-03-01T09:00:00.000Z',
    end: '2029-03-01T09:00:00.000Z' });
  t.same(res.body.members.map((m: any) => [m.personId, m.role]), [
    [rc.chair.id, 'chair'],
    [rc.coChair.id, 'co_chair'],
    ...[ke!, br!, ind!].sort((a, b) => (`${a.name}` < `${b.name}` ? -1 : 1))
      .map((p) => [p.id, 'expert']),
  ]);
  t.same(res.body.members.find((m: any) => m.personId === ke!.id), {
    personId: ke!.id, name: ke!.name, affiliation: ke!.affiliation,
    country: 'KE', region: 'ssa', role: 'expert',
  });
  t.notMatch(res.raw, /@/, 'no address anywhere in the answer');
  for (const member of res.body.members) {
    t.same(Object.keys(member).sort(), ['affiliation', 'country', 'name',
      'personId', 'region', 'role']);
  }

  // A member who steps down leaves the published list.
  const down = await rc.post(`/members/${br!.id}/stepping-down`,
    { reason: 'Moving to a post incompatible with the role.' });
  t.equal(down.statusCode, 200);
  const after = await rc.ctx.request('GET', url);
  t.same(after.body.members.map((m: any) => m.personId).sort(),
    [rc.chair.id, rc.coChair.id, ke!.id, ind!.id].sort());
});

t.test('lists experts by name, case and accents aside', async (t) => {
  const rc = await rosterCycle(t);
  const [ke, br, ind] = rc.candidates;
  const token = await rc.ctx.secretariat();
  const names = new Map([[ke!.id, 'Zhang Wei'], [br!.id, 'de Souza Ana'],
    [ind!.id, 'Ångström Eva']]);
  for (const [id, name] of names) {
    const res = await rc.ctx.request('PATCH', `/v1/people/${id}`,
      { token, body: { name } });
    t.equal(res.statusCode, 200);
  }

  await rc.confirm([ke!.id, br!.id, ind!.id]);
  const res = await rc.ctx.request('GET', `/v1/groups/${rc.slug}/members`);
  t.same(res.body.members.filter((m: any) => m.role === 'expert')
    .map((m: any) => m.name), ['Ångström Eva', 'de Souza Ana', 'Zhang Wei'],
  'the same order on SQLite and on PostgreSQL, whatever its collation');
});

t.test('answers 404 for an unknown group', async (t) => {
  const ctx = await testApp(t);
  await addPerson(ctx);
  const res = await ctx.request('GET', '/v1/groups/no-such-group/members');
  t.equal(res.statusCode, 404);
  t.equal(res.body.error.code, 'not_found');
});
