import t, { type Test } from 'tap';
import { addPerson } from '../helpers/app.js';
import { flat, reviewCycle } from '../helpers/review-fixtures.js';

/**
 * A cycle where reviewer R has one nomination of each kind of conflict,
 * and one without; the chair has reviewed every nomination.
 */
async function conflictedCycle(t: Test) {
  const rc = await reviewCycle(t);
  const r = rc.added[0]!;
  const free = await rc.nominate();
  const kinds = {
    is_candidate: await rc.nominate({ candidate: r }),
    is_nominator: await rc.nominate({ nominator: r }),
    is_endorser: await rc.nominate({ endorsers: [r] }),
    same_affiliation: await rc.nominate({
      candidate: { affiliation: ` ${String(r.affiliation).toUpperCase()}` },
    }),
    declared: await rc.nominate(),
    restricted: await rc.nominate(),
  };
  await rc.moveTo('reviewing');
  for (const person of rc.panel) await rc.declare(person);
  await rc.rule(r, 'restricted', [kinds.restricted.id]);
  const declared = await rc.ctx.request('POST',
    `/v1/nominations/${kinds.declared.id}/conflicts`,
    { token: await rc.token(r), body: { reason: 'I supervised her PhD.' } });
  t.equal(declared.statusCode, 201, 'declares a conflict');
  for (const n of [free, ...Object.values(kinds)]) {
    const res = await rc.review(rc.chair, n.id, flat(4));
    t.equal(res.statusCode, 201, 'the chair reviews');
  }
  return { rc, r, free, kinds };
}

t.test('every kind of conflict refuses scoring and hides the reviews',
  async (t) => {
    const { rc, r, free, kinds } = await conflictedCycle(t);
    const token = await rc.token(r);

    for (const [kind, n] of Object.entries(kinds)) {
      const scored = await rc.review(r, n.id, flat(3));
      t.equal(scored.statusCode, 403, `${kind}: no scoring`);
      t.equal(scored.body.error.code, 'conflict_of_interest');
      t.ok(scored.body.error.details.reasons.includes(kind),
        `${kind}: named as the reason`);
      const read = await rc.ctx.request('GET',
        `/v1/nominations/${n.id}/reviews`, { token });
      t.equal(read.statusCode, 403, `${kind}: no reading`);
      t.equal(read.body.error.code, 'conflict_of_interest');
    }

    const ok = await rc.review(r, free.id, flat(3));
    t.equal(ok.statusCode, 201, 'no conflict: scores');
    const reviews = await rc.ctx.app.ctx.db.selectFrom('reviews')
      .select('nominationId').where('reviewerId', '=', r.id).execute();
    t.same(reviews.map((x: { nominationId: string }) => x.nominationId),
      [free.id], 'only the free nomination has R\'s review');
  });

t.test('records a declared conflict once, with its audit event',
  async (t) => {
    const { rc, r, kinds } = await conflictedCycle(t);
    const again = await rc.ctx.request('POST',
      `/v1/nominations/${kinds.declared.id}/conflicts`,
      { token: await rc.token(r), body: { reason: 'Still.' } });
    t.equal(again.statusCode, 409);
    t.equal(again.body.error.code, 'conflict_already_declared');
    const empty = await rc.ctx.request('POST',
      `/v1/nominations/${kinds.declared.id}/conflicts`,
      { token: await rc.token(rc.coChair), body: { reason: '' } });
    t.equal(empty.statusCode, 400);

    const rows = await rc.ctx.app.ctx.db.selectFrom('conflicts').selectAll()
      .execute();
    t.equal(rows.length, 1);
    t.match(rows[0], { nominationId: kinds.declared.id, personId: r.id,
      kind: 'declared', reason: 'I supervised her PhD.', recordedBy: r.id });
    const events = await rc.ctx.app.ctx.db.selectFrom('auditEvents')
      .selectAll().where('action', '=', 'conflict.declared').execute();
    t.equal(events.length, 1);
    t.equal(events[0]!.actorId, r.id);
    t.same(JSON.parse(events[0]!.changes).reason, { personal: true });
  });

t.test('the secretariat lifts a shared-affiliation conflict, and only that',
  async (t) => {
    const { rc, r, kinds } = await conflictedCycle(t);
    const lift = (nominationId: string, token: string) =>
      rc.ctx.request('POST',
        `/v1/nominations/${nominationId}/conflicts/${r.id}/lifting`,
        { token, body: { reason: 'A large institute; different units.' } });
    const secretariat = await rc.ctx.secretariat();

    const byChair = await lift(kinds.same_affiliation.id,
      await rc.token(rc.chair));
    t.equal(byChair.statusCode, 403);
    for (const kind of ['is_nominator', 'declared', 'restricted'] as const) {
      const refused = await lift(kinds[kind].id, secretariat);
      t.equal(refused.statusCode, 422, `${kind} cannot be lifted`);
      t.equal(refused.body.error.code, 'conflict_not_liftable');
    }

    const lifted = await lift(kinds.same_affiliation.id, secretariat);
    t.equal(lifted.statusCode, 201);
    t.same(lifted.body.reasons, []);
    t.same(lifted.body.derived, ['same_affiliation']);
    t.equal(lifted.body.affiliationLifted.reason,
      'A large institute; different units.');
    const twice = await lift(kinds.same_affiliation.id, secretariat);
    t.equal(twice.statusCode, 409);

    const scored = await rc.review(r, kinds.same_affiliation.id, flat(5));
    t.equal(scored.statusCode, 201, 'the reviewer may now score it');
    const rows = await rc.ctx.app.ctx.db.selectFrom('conflicts').selectAll()
      .where('kind', '=', 'affiliation_lifted').execute();
    t.equal(rows.length, 1);
    t.equal(rows[0]!.personId, r.id);
    const events = await rc.ctx.app.ctx.db.selectFrom('auditEvents')
      .selectAll().where('action', '=', 'conflict.lifted').execute();
    t.equal(events.length, 1);
    t.same(JSON.parse(events[0]!.changes).kind,
      { before: null, after: 'affiliation_lifted' });

    // The candidate who reviews keeps the candidate's conflict.
    const own = await lift(kinds.is_candidate.id, secretariat);
    t.equal(own.statusCode, 201, 'their shared affiliation is lifted');
    t.same(own.body.reasons, ['is_candidate']);
  });

t.test('lists every reviewer\'s conflicts to the secretariat and officers',
  async (t) => {
    const { rc, r, free, kinds } = await conflictedCycle(t);
    const url = `/v1/nominations/${kinds.is_endorser.id}/conflicts`;

    const res = await rc.ctx.request('GET', url,
      { token: await rc.ctx.secretariat() });
    t.equal(res.statusCode, 200);
    t.same(res.body.map((c: { reviewerId: string }) => c.reviewerId),
      rc.panel.map((p) => p.id));
    t.same(res.body.find((c: { reviewerId: string }) => c.reviewerId === r.id)
      .reasons, ['is_endorser']);
    t.same(res.body[0].reasons, [], 'the chair has none');

    const declared = await rc.ctx.request('GET',
      `/v1/nominations/${kinds.declared.id}/conflicts`,
      { token: await rc.token(rc.coChair) });
    t.equal(declared.statusCode, 200);
    t.match(declared.body[2], { reviewerId: r.id, reasons: ['declared'],
      declared: { reason: 'I supervised her PhD.', recordedBy: r.id } });

    const byReviewer = await rc.ctx.request('GET',
      `/v1/nominations/${free.id}/conflicts`, { token: await rc.token(r) });
    t.equal(byReviewer.statusCode, 403);
    const outsider = await addPerson(rc.ctx);
    const hidden = await rc.ctx.request('GET',
      `/v1/nominations/${free.id}/conflicts`,
      { token: await rc.token(outsider) });
    t.equal(hidden.statusCode, 404);
  });

t.test('a conflict declared after reviewing takes the review out',
  async (t) => {
    const rc = await reviewCycle(t);
    const n = await rc.nominate();
    await rc.moveTo('reviewing');
    const r = rc.added[0]!;
    await rc.declare(r);
    await rc.declare(rc.chair);
    t.equal((await rc.review(r, n.id, flat(5))).statusCode, 201);
    t.equal((await rc.review(rc.chair, n.id, flat(3))).statusCode, 201);

    const declared = await rc.ctx.request('POST',
      `/v1/nominations/${n.id}/conflicts`,
      { token: await rc.token(r), body: { reason: 'I learnt we co-author.' } });
    t.equal(declared.statusCode, 201);

    const all = await rc.ctx.request('GET', `/v1/nominations/${n.id}/reviews`,
      { token: await rc.ctx.secretariat() });
    t.equal(all.body.length, 2, 'the review is kept');
    const counted = new Map(all.body.map(
      (x: { reviewerId: string; counted: boolean }) =>
        [x.reviewerId, x.counted]));
    t.equal(counted.get(r.id), false, 'R\'s review no longer counts');
    t.equal(counted.get(rc.chair.id), true);
    const ranking = await rc.ctx.request('GET',
      `/v1/cycles/${rc.cycleId}/ranking`,
      { token: await rc.ctx.secretariat() });
    t.match(ranking.body.items[0], { mean: 3, count: 1,
      conflicts: [{ reviewerId: r.id, reasons: ['declared'] }] });
  });

t.test('declares conflicts only while reviews are open', async (t) => {
  const rc = await reviewCycle(t);
  const n = await rc.nominate();
  await rc.declare(rc.chair);
  const res = await rc.ctx.request('POST', `/v1/nominations/${n.id}/conflicts`,
    { token: await rc.token(rc.chair), body: { reason: 'A colleague.' } });
  t.equal(res.statusCode, 409);
  t.equal(res.body.error.code, 'wrong_cycle_state');
  t.equal((await rc.ctx.app.ctx.db.selectFrom('conflicts').select('id')
    .execute()).length, 0);
});

t.test('an affiliation named in the declaration conflicts its candidates',
  async (t) => {
    const rc = await reviewCycle(t);
    const r = rc.added[0]!;
    const colleague = await rc.nominate({
      candidate: { affiliation: 'University of Ghana' },
    });
    const other = await rc.nominate();
    await rc.moveTo('reviewing');
    const filed = await rc.ctx.request('POST',
      `/v1/cycles/${rc.cycleId}/declarations`, {
        token: await rc.token(r),
        body: { interests: 'Visiting fellow in Accra.',
          affiliations: [' university of ghana '] },
      });
    t.equal(filed.statusCode, 201);

    const refused = await rc.review(r, colleague.id, flat(4));
    t.equal(refused.statusCode, 403);
    t.equal(refused.body.error.code, 'conflict_of_interest');
    t.same(refused.body.error.details.reasons, ['same_affiliation']);
    t.equal((await rc.review(r, other.id, flat(4))).statusCode, 201);

    // A presumption like any shared affiliation: the secretariat may
    // lift it, with a reason.
    const lifted = await rc.ctx.request('POST',
      `/v1/nominations/${colleague.id}/conflicts/${r.id}/lifting`,
      { token: await rc.ctx.secretariat(),
        body: { reason: 'The fellowship ended in 2020.' } });
    t.equal(lifted.statusCode, 201);
    t.same(lifted.body.reasons, []);
    t.equal((await rc.review(r, colleague.id, flat(4))).statusCode, 201);
  });
