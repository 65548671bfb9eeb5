import t from 'tap';
import type { Tap } from '../helpers/app.js';
import { auditOf } from '../helpers/nominations.js';
import { rosterCycle } from '../helpers/rosters.js';

const SHARED = 'Institute of Shared Affiliation';

/**
 * Confirmed with KE, BR and IN; US and JP on the reserve, US ranked
 * first but from BR's affiliation.
 */
async function confirmedWithReserve(t: Tap) {
  const rc = await rosterCycle(t, { candidates: [
    { country: 'KE' }, { country: 'BR', affiliation: SHARED },
    { country: 'IN' }, { country: 'US', affiliation: SHARED },
    { country: 'JP' },
  ] });
  await rc.score([5, 5, 4, 3, 2]);
  const [ke, br, ind] = rc.candidates;
  await rc.confirm([ke!.id, br!.id, ind!.id]);
  return rc;
}

t.test('refills a vacated seat from the reserve', async (t) => {
  const rc = await confirmedWithReserve(t);
  const [ke, br, ind, us, jp] = rc.candidates;
  const db = rc.ctx.app.ctx.db;

  rc.ctx.clock.set('2027-06-01T12:00:00.000Z');
  const reason = 'Appointed to a government post.';
  const down = await rc.post(`/members/${ke!.id}/stepping-down`,
    { reason });
  t.equal(down.statusCode, 200);
  t.match(down.body, { cycleId: rc.cycleId, personId: ke!.id,
    role: 'expert', endedAt: '2027-06-01T12:00:00.000Z' });
  const ended = (await auditOf(rc.ctx, `${rc.cycleId}:${ke!.id}`)).at(-1)!;
  t.equal(ended.action, 'membership.ended');
  t.same(JSON.parse(ended.changes), {
    endedAt: { before: null, after: '2027-06-01T12:00:00.000Z' },
    reason: { personal: true },
  }, 'the reason itself stays out of the trail');

  const roster = await rc.roster();
  t.same(roster.body.vacatedIds, [ke!.id]);
  t.same(roster.body.violations.map((v: any) => v.rule), ['min_experts'],
    'the roster as it stands is one expert short');

  // US ranks first on the reserve but would make two members of one
  // affiliation; JP keeps every rule.
  const suggestion = await rc.post('/roster/suggestion', {},
    rc.chairToken);
  t.equal(suggestion.statusCode, 200);
  t.match(suggestion.body, {
    feasible: true,
    kind: 'replacement',
    leavingId: ke!.id,
    personId: jp!.id,
    basis: 'calibrated',
    roster: { chairId: rc.chair.id, coChairId: rc.coChair.id,
      expertIds: [jp!.id, br!.id, ind!.id] },
  });
  t.type(suggestion.body.score, 'number');

  const refused = await rc.post('/replacements', { personId: us!.id });
  t.equal(refused.statusCode, 422);
  t.equal(refused.body.error.code, 'roster_invalid');
  t.same(refused.body.error.details.violations.map((v: any) => v.rule),
    ['quota_max_count']);
  const member = await rc.post('/replacements', { personId: ind!.id });
  t.equal(member.statusCode, 422);
  t.equal(member.body.error.code, 'not_in_reserve');
  const byChair = await rc.post('/replacements', { personId: jp!.id },
    rc.chairToken);
  t.equal(byChair.statusCode, 403);

  const res = await rc.post('/replacements', { personId: jp!.id });
  t.equal(res.statusCode, 201);
  t.match(res.body, { status: 'confirmed', vacatedIds: [], violations: [],
    expertIds: [jp!.id, br!.id, ind!.id] });

  const membership = await db.selectFrom('memberships').selectAll()
    .where('cycleId', '=', rc.cycleId).where('personId', '=', jp!.id)
    .executeTakeFirstOrThrow();
  t.match(membership, { role: 'expert', endedAt: null,
    termStart: '2027-06-01T12:00:00.000Z',
    termEnd: '2029-03-01T09:00:00.000Z' }, 'serves from today');
  const nomination = await db.selectFrom('nominations').select('status')
    .where('id', '=', rc.nominations[4]!.id).executeTakeFirstOrThrow();
  t.equal(nomination.status, 'selected');
  t.same((await auditOf(rc.ctx, `${rc.cycleId}:${jp!.id}`))
    .map((e) => e.action), ['membership.added']);
  t.same((await auditOf(rc.ctx, rc.nominations[4]!.id))
    .map((e) => e.action),
    ['nomination.status_changed', 'nomination.status_changed']);
  t.equal((await auditOf(rc.ctx, rc.cycleId)).at(-1)!.action,
    'roster.member_replaced');

  await rc.ctx.flush();
  const welcome = rc.ctx.mail.to(jp!.email)
    .filter((m) => /^Welcome/.test(m.subject));
  t.equal(welcome.length, 1);
  t.match(welcome[0]!.text, /from 2027-06-01 to 2029-03-01/);

  const members = await rc.ctx.request('GET',
    `/v1/groups/${rc.slug}/members`);
  t.same(members.body.members.map((m: any) => m.personId).sort(),
    [rc.chair.id, rc.coChair.id, jp!.id, br!.id, ind!.id].sort());

  const none = await rc.post('/roster/suggestion', {});
  t.equal(none.statusCode, 409, 'no seat left to fill');
  const again = await rc.post('/replacements', { personId: us!.id });
  t.equal(again.statusCode, 409);
});

t.test('refills several vacated seats one at a time', async (t) => {
  const rc = await rosterCycle(t);
  await rc.score([5, 4, 3, 2, 1]);
  const [ke, br, ind, us, jp] = rc.candidates;
  await rc.confirm([ke!.id, br!.id, ind!.id]);
  for (const person of [ke, br]) {
    const res = await rc.post(`/members/${person!.id}/stepping-down`,
      { reason: 'Leaving.' });
    t.equal(res.statusCode, 200);
  }

  const first = await rc.post('/roster/suggestion', {});
  t.match(first.body, { feasible: true, leavingId: ke!.id,
    personId: us!.id, roster: { expertIds: [us!.id, ind!.id] } },
    'the other vacated seat waits its turn');
  t.equal((await rc.post('/replacements', { personId: us!.id }))
    .statusCode, 201);
  const between = await rc.roster();
  t.same(between.body.vacatedIds, [br!.id]);
  t.same(between.body.expertIds, [us!.id, br!.id, ind!.id]);

  const second = await rc.post('/roster/suggestion', {});
  t.match(second.body, { feasible: true, leavingId: br!.id,
    personId: jp!.id });
  const done = await rc.post('/replacements', { personId: jp!.id });
  t.equal(done.statusCode, 201);
  t.same(done.body.expertIds, [us!.id, jp!.id, ind!.id]);
  t.same(done.body.violations, []);
});

t.test('leaves an officer\'s seat to the secretariat', async (t) => {
  const rc = await rosterCycle(t);
  const [ke, br, ind, us] = rc.candidates;
  await rc.confirm([ke!.id, br!.id, ind!.id]);
  await rc.post(`/members/${rc.chair.id}/stepping-down`,
    { reason: 'Illness.' });

  const res = await rc.post('/roster/suggestion', {});
  t.equal(res.statusCode, 200);
  t.match(res.body, { feasible: false, kind: 'replacement',
    reasons: [{ rule: 'chair_required', personIds: [rc.chair.id] }] });
  const refill = await rc.post('/replacements', { personId: us!.id });
  t.equal(refill.statusCode, 409);
});

t.test('records stepping down only for a current member', async (t) => {
  const rc = await rosterCycle(t);
  const [ke, br, ind, us] = rc.candidates;
  const early = await rc.post(`/members/${ke!.id}/stepping-down`,
    { reason: 'Leaving.' });
  t.equal(early.statusCode, 409, 'nothing confirmed yet');
  t.equal(early.body.error.code, 'wrong_cycle_state');

  await rc.confirm([ke!.id, br!.id, ind!.id]);
  const stranger = await rc.post(`/members/${us!.id}/stepping-down`,
    { reason: 'Leaving.' });
  t.equal(stranger.statusCode, 404);
  const byChair = await rc.post(`/members/${ke!.id}/stepping-down`,
    { reason: 'Leaving.' }, rc.chairToken);
  t.equal(byChair.statusCode, 403);
  const noReason = await rc.post(`/members/${ke!.id}/stepping-down`, {});
  t.equal(noReason.statusCode, 400);
  t.equal((await rc.post(`/members/${ke!.id}/stepping-down`,
    { reason: 'Leaving.' })).statusCode, 200);
  const twice = await rc.post(`/members/${ke!.id}/stepping-down`,
    { reason: 'Leaving.' });
  t.equal(twice.statusCode, 409);
  const events = await rc.ctx.app.ctx.db.selectFrom('auditEvents')
    .select('action').where('action', '=', 'membership.ended').execute();
  t.equal(events.length, 1);
});

t.test('proposes a reviewed reserve candidate before an unreviewed one',
  async (t) => {
    const rc = await rosterCycle(t);
    // JP was never reviewed; US was, and scored below average.
    await rc.score([5, 4, 3, 2]);
    const [ke, br, ind, us, jp] = rc.candidates;
    await rc.confirm([ke!.id, br!.id, ind!.id]);
    await rc.post(`/members/${ke!.id}/stepping-down`, { reason: 'Leaving.' });

    const first = await rc.post('/roster/suggestion', {});
    t.equal(first.statusCode, 200);
    t.match(first.body, { feasible: true, leavingId: ke!.id,
      personId: us!.id });
    t.ok(first.body.score < 0, 'below average, but a score');
    t.equal((await rc.post('/replacements', { personId: us!.id }))
      .statusCode, 201);

    await rc.post(`/members/${br!.id}/stepping-down`, { reason: 'Leaving.' });
    const second = await rc.post('/roster/suggestion', {});
    t.match(second.body, { feasible: true, leavingId: br!.id,
      personId: jp!.id, score: null }, 'the unreviewed one, said so');
  });
