import t from 'tap';
import { addPerson, type Tap } from '../helpers/app.js';
import { auditOf } from '../helpers/nominations.js';
import { rosterCycle } from '../helpers/rosters.js';

/** Confirmed with KE, BR and IN as experts; US and JP on the reserve. */
async function confirmed(t: Tap) {
  const rc = await rosterCycle(t);
  const [ke, br, ind] = rc.candidates;
  await rc.confirm([ke!.id, br!.id, ind!.id]);
  const base = `/v1/cycles/${rc.cycleId}`;
  return {
    ...rc,
    appoint: (body: unknown, token = rc.secretariat) =>
      rc.ctx.request('PUT', `${base}/officers`, { token, body }),
    stepDown: async (personId: string) => {
      const res = await rc.post(`/members/${personId}/stepping-down`,
        { reason: 'Leaving.' });
      if (res.statusCode !== 200) throw new Error(res.raw);
    },
    cycle: () => rc.ctx.app.ctx.db.selectFrom('cycles')
      .select(['chairId', 'coChairId']).where('id', '=', rc.cycleId)
      .executeTakeFirstOrThrow(),
    membership: (personId: string) => rc.ctx.app.ctx.db
      .selectFrom('memberships').selectAll()
      .where('cycleId', '=', rc.cycleId).where('personId', '=', personId)
      .executeTakeFirst(),
  };
}

t.test('appoints a new chair in place of one who stepped down',
  async (t) => {
    const rc = await confirmed(t);
    const [ke, br, ind] = rc.candidates;
    rc.ctx.clock.set('2027-06-01T12:00:00.000Z');
    await rc.stepDown(rc.chair.id);

    const suggestion = await rc.post('/roster/suggestion', {});
    t.equal(suggestion.statusCode, 200);
    t.match(suggestion.body, { feasible: false, kind: 'replacement',
      reasons: [{ rule: 'chair_required', personIds: [rc.chair.id] }] });
    t.match(suggestion.body.reasons[0].message,
      `PUT /v1/cycles/${rc.cycleId}/officers`, 'says how the seat is filled');
    const refill = await rc.post('/replacements',
      { personId: rc.candidates[3]!.id });
    t.equal(refill.statusCode, 409);
    t.match(refill.body.error.message, '/officers');

    const newcomer = await addPerson(rc.ctx, { country: 'SN' });
    const res = await rc.appoint({ chairId: newcomer.id,
      coChairId: rc.coChair.id });
    t.equal(res.statusCode, 200);
    t.match(res.body, { id: rc.cycleId, state: 'confirmed',
      chairId: newcomer.id, coChairId: rc.coChair.id });
    t.ok(res.body.reviewerIds.includes(newcomer.id));
    t.same(await rc.cycle(),
      { chairId: newcomer.id, coChairId: rc.coChair.id });

    t.match(await rc.membership(newcomer.id), { role: 'chair',
      termStart: '2027-06-01T12:00:00.000Z',
      termEnd: '2029-03-01T09:00:00.000Z', endedAt: null },
    'serves from today to the end of the term');
    t.match(await rc.membership(rc.chair.id),
      { role: 'chair', endedAt: '2027-06-01T12:00:00.000Z' });

    const events = await auditOf(rc.ctx, rc.cycleId);
    t.same(events.slice(-2).map((e) => e.action),
      ['cycle.officers_appointed', 'roster.member_replaced']);
    t.same(JSON.parse(events.at(-2)!.changes), {
      chairId: { before: rc.chair.id, after: newcomer.id },
    });
    const added = await auditOf(rc.ctx, `${rc.cycleId}:${newcomer.id}`);
    t.same(added.map((e) => e.action), ['membership.added']);
    t.match(JSON.parse(added[0]!.changes),
      { role: { after: 'chair' }, replacing: { after: rc.chair.id } });
    const verified = await rc.ctx.request('GET', '/v1/audit/verification',
      { token: rc.secretariat });
    t.match(verified.body, { ok: true });

    await rc.ctx.flush();
    const welcome = rc.ctx.mail.to(newcomer.email)
      .filter((m) => /^Welcome/.test(m.subject));
    t.equal(welcome.length, 1);
    t.match(welcome[0]!.text, /as chair/);
    t.match(welcome[0]!.text, /from 2027-06-01 to 2029-03-01/);

    const members = await rc.ctx.request('GET',
      `/v1/groups/${rc.slug}/members`);
    const listed = members.body.members
      .map((m: any) => [m.personId, m.role]);
    t.same(listed.slice(0, 2),
      [[newcomer.id, 'chair'], [rc.coChair.id, 'co_chair']]);
    t.same(listed.slice(2).map(([id]: string[]) => id).sort(),
      [ke!.id, br!.id, ind!.id].sort());

    const newToken = await rc.ctx.signIn(newcomer.email);
    const roster = await rc.ctx.request('GET',
      `/v1/cycles/${rc.cycleId}/roster`, { token: newToken });
    t.equal(roster.statusCode, 200, 'the new chair reads the roster');
    t.match(roster.body, { chairId: newcomer.id, vacatedIds: [],
      violations: [] });
    const none = await rc.post('/roster/suggestion', {});
    t.equal(none.statusCode, 409, 'no seat left to fill');
  });

t.test('refuses to appoint over a seat that is not vacated', async (t) => {
  const rc = await confirmed(t);
  const newcomer = await addPerson(rc.ctx);

  const held = await rc.appoint({ chairId: newcomer.id,
    coChairId: rc.coChair.id });
  t.equal(held.statusCode, 409);
  t.equal(held.body.error.code, 'seat_not_vacated');
  t.match(held.body.error.message, /^the chair has not stepped down/);
  const same = await rc.appoint({ chairId: rc.chair.id,
    coChairId: rc.coChair.id });
  t.equal(same.statusCode, 409, 'nothing to fill');

  await rc.stepDown(rc.chair.id);
  const again = await rc.appoint({ chairId: rc.chair.id,
    coChairId: rc.coChair.id });
  t.equal(again.statusCode, 409, 'naming who left fills nothing');
  const distinct = await rc.appoint({ chairId: newcomer.id,
    coChairId: newcomer.id });
  t.equal(distinct.statusCode, 422);
  t.equal(distinct.body.error.code, 'officers_distinct');

  t.same(await rc.cycle(),
    { chairId: rc.chair.id, coChairId: rc.coChair.id });
  t.equal(await rc.membership(newcomer.id), undefined);
  t.notOk((await auditOf(rc.ctx, rc.cycleId))
    .some((e) => e.action === 'roster.member_replaced'));
});

t.test('refuses to change both officers when only one stepped down',
  async (t) => {
    const rc = await confirmed(t);
    await rc.stepDown(rc.coChair.id);
    const [first, second] = [await addPerson(rc.ctx),
      await addPerson(rc.ctx)];

    const both = await rc.appoint({ chairId: first.id,
      coChairId: second.id });
    t.equal(both.statusCode, 409);
    t.equal(both.body.error.code, 'seat_not_vacated');
    const swap = await rc.appoint({ chairId: rc.coChair.id,
      coChairId: first.id });
    t.equal(swap.statusCode, 409, 'the chair still serves');

    t.same(await rc.cycle(),
      { chairId: rc.chair.id, coChairId: rc.coChair.id });
    t.equal(await rc.membership(first.id), undefined);

    const res = await rc.appoint({ chairId: rc.chair.id,
      coChairId: second.id });
    t.equal(res.statusCode, 200, 'the vacated seat alone is filled');
    t.match(await rc.membership(second.id), { role: 'co_chair' });
  });

t.test('refuses a newcomer who is or was on the roster', async (t) => {
  const rc = await confirmed(t);
  const [ke, br] = rc.candidates;
  await rc.stepDown(rc.chair.id);
  await rc.stepDown(br!.id);

  const expert = await rc.appoint({ chairId: ke!.id,
    coChairId: rc.coChair.id });
  t.equal(expert.statusCode, 422);
  t.equal(expert.body.error.code, 'already_member');
  t.match(expert.body.error.message, /serves on this roster as expert/);
  const former = await rc.appoint({ chairId: br!.id,
    coChairId: rc.coChair.id });
  t.equal(former.statusCode, 422);
  t.equal(former.body.error.code, 'already_member');
  t.match(former.body.error.message, /stepped down from this roster/);
  const stranger = await rc.appoint({
    chairId: '00000000-0000-4000-8000-000000000000',
    coChairId: rc.coChair.id,
  });
  t.equal(stranger.statusCode, 404);

  t.same(await rc.cycle(),
    { chairId: rc.chair.id, coChairId: rc.coChair.id });
  t.match(await rc.membership(ke!.id), { role: 'expert', endedAt: null });
});

t.test('refuses a newcomer who breaks a quota', async (t) => {
  const rc = await confirmed(t);
  const [ke] = rc.candidates;
  await rc.stepDown(rc.chair.id);
  const colleague = await addPerson(rc.ctx,
    { affiliation: ke!.affiliation as string });

  const res = await rc.appoint({ chairId: colleague.id,
    coChairId: rc.coChair.id });
  t.equal(res.statusCode, 422);
  t.equal(res.body.error.code, 'roster_invalid');
  t.match(res.body.error.details.violations, [{ rule: 'quota_max_count',
    personIds: [colleague.id, ke!.id].sort() }]);
  t.equal(res.body.error.details.violations.length, 1);

  t.same(await rc.cycle(),
    { chairId: rc.chair.id, coChairId: rc.coChair.id });
  t.equal(await rc.membership(colleague.id), undefined);
  await rc.ctx.flush();
  t.same(rc.ctx.mail.to(colleague.email), []);
});

t.test('only the secretariat appoints', async (t) => {
  const rc = await confirmed(t);
  await rc.stepDown(rc.chair.id);
  const newcomer = await addPerson(rc.ctx);
  const body = { chairId: newcomer.id, coChairId: rc.coChair.id };

  const coChair = await rc.appoint(body, await rc.token(rc.coChair));
  t.equal(coChair.statusCode, 403);
  const anonymous = await rc.ctx.request('PUT',
    `/v1/cycles/${rc.cycleId}/officers`, { body });
  t.equal(anonymous.statusCode, 401);
  t.same(await rc.cycle(),
    { chairId: rc.chair.id, coChairId: rc.coChair.id });
});

t.test('fills both officer seats at once, a reserve candidate included',
  async (t) => {
    const rc = await confirmed(t);
    const [, , , us] = rc.candidates;
    await rc.stepDown(rc.chair.id);
    await rc.stepDown(rc.coChair.id);
    const newcomer = await addPerson(rc.ctx);

    const res = await rc.appoint({ chairId: us!.id,
      coChairId: newcomer.id });
    t.equal(res.statusCode, 200);
    t.match(await rc.membership(us!.id), { role: 'chair' });
    t.match(await rc.membership(newcomer.id), { role: 'co_chair' });
    const nomination = await rc.ctx.app.ctx.db.selectFrom('nominations')
      .select('status').where('id', '=', rc.nominations[3]!.id)
      .executeTakeFirstOrThrow();
    t.equal(nomination.status, 'selected', 'off the reserve');

    const roster = await rc.roster();
    t.equal(roster.statusCode, 403, 'the old chair reads no more');
    const none = await rc.post('/roster/suggestion', {});
    t.equal(none.statusCode, 409);
  });

t.test('appoints an officer while an expert seat waits for its refill',
  async (t) => {
    const rc = await confirmed(t);
    const [ke, br, ind, us] = rc.candidates;
    await rc.stepDown(ke!.id);
    await rc.stepDown(rc.chair.id);
    const newcomer = await addPerson(rc.ctx);

    const res = await rc.appoint({ chairId: newcomer.id,
      coChairId: rc.coChair.id });
    t.equal(res.statusCode, 200, 'one expert short is not held against it');

    const suggestion = await rc.post('/roster/suggestion', {});
    t.match(suggestion.body, { feasible: true, leavingId: ke!.id,
      roster: { chairId: newcomer.id, coChairId: rc.coChair.id } });
    const refill = await rc.post('/replacements', { personId: us!.id });
    t.equal(refill.statusCode, 201);
    t.match(refill.body, { chairId: newcomer.id, vacatedIds: [],
      violations: [], expertIds: [us!.id, br!.id, ind!.id] });
  });
