import t from 'tap';
import { addPerson } from '../helpers/app.js';
import { flat, reviewCycle } from '../helpers/review-fixtures.js';

t.test('writes a review, then rewrites it', async (t) => {
  const rc = await reviewCycle(t);
  const n = await rc.nominate();
  await rc.moveTo('reviewing');
  await rc.declare(rc.chair);

  const created = await rc.review(rc.chair, n.id,
    { relevance: 5, record: 3, contribution: 4 }, 'Strong on policy.');
  t.equal(created.statusCode, 201);
  t.match(created.body, { nominationId: n.id, reviewerId: rc.chair.id,
    scores: { relevance: 5, record: 3, contribution: 4 },
    weightedScore: 4, comment: 'Strong on policy.' });

  rc.ctx.clock.advance(60_000);
  const updated = await rc.review(rc.chair, n.id, flat(2));
  t.equal(updated.statusCode, 200);
  t.equal(updated.body.id, created.body.id);
  t.equal(updated.body.weightedScore, 2);
  t.equal(updated.body.comment, '', 'a PUT replaces the comment too');
  t.not(updated.body.updatedAt, created.body.updatedAt);

  const mine = await rc.ctx.request('GET',
    `/v1/nominations/${n.id}/reviews/mine`,
    { token: await rc.token(rc.chair) });
  t.equal(mine.statusCode, 200);
  t.same(mine.body, updated.body);
  const none = await rc.ctx.request('GET',
    `/v1/nominations/${n.id}/reviews/mine`,
    { token: await rc.token(rc.coChair) });
  t.equal(none.statusCode, 404);

  const rows = await rc.ctx.app.ctx.db.selectFrom('reviews').selectAll()
    .execute();
  t.equal(rows.length, 1);
  t.equal(rows[0]!.weightedScore, 2);
  t.same(JSON.parse(rows[0]!.scores), flat(2));
  const events = await rc.ctx.app.ctx.db.selectFrom('auditEvents')
    .selectAll().where('entity', '=', 'review').orderBy('seq').execute();
  t.same(events.map((e: { action: string }) => e.action),
    ['review.submitted', 'review.updated']);
  const change = JSON.parse(events[1]!.changes);
  t.same(change.weightedScore, { before: 4, after: 2 });
  t.same(change.comment, { personal: true });
  t.same(change.scores.after, flat(2), 'scores are not personal');
});

t.test('weighs the scores by the group\'s rubric', async (t) => {
  const rc = await reviewCycle(t);
  await rc.ctx.app.ctx.db.updateTable('groups').set({
    rules: JSON.stringify({
      ...JSON.parse((await rc.ctx.app.ctx.db.selectFrom('groups')
        .select('rules').where('slug', '=', rc.slug)
        .executeTakeFirstOrThrow()).rules),
      rubric: [
        { id: 'fit', label: 'Fit', weight: 3, min: 0, max: 10 },
        { id: 'record', label: 'Record', weight: 1, min: 0, max: 10 },
      ],
    }),
  }).where('slug', '=', rc.slug).execute();
  const n = await rc.nominate();
  await rc.moveTo('reviewing');
  await rc.declare(rc.chair);

  // (3 × 8 + 1 × 4) / (3 + 1) = 28 / 4 = 7
  const res = await rc.review(rc.chair, n.id, { fit: 8, record: 4 });
  t.equal(res.statusCode, 201);
  t.equal(res.body.weightedScore, 7);
  const out = await rc.review(rc.chair, n.id, { fit: 11, record: 0 });
  t.equal(out.statusCode, 400);
  t.same(out.body.error.details, [{ field: 'body.scores.fit',
    message: 'the score for fit must be between 0 and 10' }]);
});

t.test('keeps a weighted score of 13/3 to full precision', async (t) => {
  const rc = await reviewCycle(t);
  const n = await rc.nominate();
  await rc.moveTo('reviewing');
  await rc.declare(rc.chair);

  const scores = { relevance: 5, record: 4, contribution: 4 };
  t.equal((await rc.review(rc.chair, n.id, scores)).statusCode, 201);
  const mine = await rc.ctx.request('GET',
    `/v1/nominations/${n.id}/reviews/mine`,
    { token: await rc.token(rc.chair) });
  t.equal(mine.body.weightedScore, 13 / 3, 'as computed, to the last bit');
  const row = await rc.ctx.app.ctx.db.selectFrom('reviews')
    .select('weightedScore').executeTakeFirstOrThrow();
  t.equal(row.weightedScore, 13 / 3);
});

t.test('names the criterion at fault in a bad set of scores', async (t) => {
  const rc = await reviewCycle(t);
  const n = await rc.nominate();
  await rc.moveTo('reviewing');
  await rc.declare(rc.chair);
  const cases: [string, Record<string, unknown>, string][] = [
    ['missing', { relevance: 4, record: 4 }, 'body.scores.contribution'],
    ['out of scale', { ...flat(4), record: 6 }, 'body.scores.record'],
    ['below scale', { ...flat(4), relevance: 0 }, 'body.scores.relevance'],
    ['not whole', { ...flat(4), contribution: 3.5 },
      'body.scores.contribution'],
    ['not a number', { ...flat(4), record: '4' }, 'body.scores.record'],
    ['unknown', { ...flat(4), charisma: 5 }, 'body.scores.charisma'],
  ];
  for (const [what, scores, field] of cases) {
    const res = await rc.review(rc.chair, n.id, scores as never);
    t.equal(res.statusCode, 400, what);
    t.equal(res.body.error.code, 'validation_failed', what);
    t.same(res.body.error.details.map((d: { field: string }) => d.field),
      [field], `${what}: names ${field}`);
  }
  const both = await rc.review(rc.chair, n.id,
    { relevance: 9, record: 4, extra: 1 });
  t.same(both.body.error.details.map((d: { field: string }) => d.field),
    ['body.scores.relevance', 'body.scores.contribution',
      'body.scores.extra'], 'every problem at once');
  t.equal((await rc.ctx.app.ctx.db.selectFrom('reviews').select('id')
    .execute()).length, 0, 'nothing stored');
});

t.test('reviews only eligible nominations', async (t) => {
  const rc = await reviewCycle(t);
  const waiting = await rc.nominate({ status: 'awaiting_consent' });
  const alone = await rc.nominate({ endorsers: [] });
  const withdrawn = await rc.nominate({ status: 'withdrawn' });
  await rc.moveTo('reviewing');
  await rc.declare(rc.chair);
  for (const n of [waiting, alone, withdrawn]) {
    const res = await rc.review(rc.chair, n.id, flat(4));
    t.equal(res.statusCode, 422);
    t.equal(res.body.error.code, 'nomination_not_eligible');
  }
  const alone2 = await rc.review(rc.chair, alone.id, flat(4));
  t.match(alone2.body.error.message, /1 of the 2 referrals/);
  t.equal((await rc.ctx.app.ctx.db.selectFrom('reviews').select('id')
    .execute()).length, 0);
});

t.test('reviews only while the cycle is reviewing or composing',
  async (t) => {
    const rc = await reviewCycle(t);
    const n = await rc.nominate();
    await rc.declare(rc.chair);
    const early = await rc.review(rc.chair, n.id, flat(4));
    t.equal(early.statusCode, 409);
    t.equal(early.body.error.code, 'wrong_cycle_state');

    await rc.moveTo('reviewing');
    await rc.moveTo('composing');
    const composing = await rc.review(rc.chair, n.id, flat(4));
    t.equal(composing.statusCode, 201, 'still open while composing');

    await rc.moveTo('cancelled');
    const late = await rc.review(rc.chair, n.id, flat(5));
    t.equal(late.statusCode, 409);
    const row = await rc.ctx.app.ctx.db.selectFrom('reviews').selectAll()
      .executeTakeFirstOrThrow();
    t.equal(row.weightedScore, 4, 'the review is unchanged');
  });

t.test('keeps reviews independent until one\'s own is in', async (t) => {
  const rc = await reviewCycle(t);
  const n = await rc.nominate();
  await rc.moveTo('reviewing');
  for (const person of rc.panel) await rc.declare(person);
  const url = `/v1/nominations/${n.id}/reviews`;
  const [chair, coChair, added] = rc.panel as [typeof rc.chair,
    typeof rc.chair, typeof rc.chair];

  const before = await rc.ctx.request('GET', url,
    { token: await rc.token(chair) });
  t.equal(before.statusCode, 403);
  t.equal(before.body.error.code, 'review_first');

  await rc.review(chair, n.id, flat(4), 'Chair\'s view.');
  const own = await rc.ctx.request('GET', url,
    { token: await rc.token(chair) });
  t.equal(own.statusCode, 200);
  t.equal(own.body.length, 1);
  const other = await rc.ctx.request('GET', url,
    { token: await rc.token(coChair) });
  t.equal(other.statusCode, 403, 'the co-chair has not reviewed yet');
  t.equal(other.body.error.code, 'review_first');

  await rc.review(coChair, n.id, flat(2));
  const after = await rc.ctx.request('GET', url,
    { token: await rc.token(coChair) });
  t.equal(after.statusCode, 200);
  t.same(after.body.map((r: { reviewerId: string }) => r.reviewerId).sort(),
    [chair.id, coChair.id].sort());
  t.ok(after.body.every((r: { counted: boolean }) => r.counted));

  const secretariat = await rc.ctx.request('GET', url,
    { token: await rc.ctx.secretariat() });
  t.equal(secretariat.statusCode, 200, 'the secretariat sees all');
  t.equal(secretariat.body.length, 2);
  const stillNot = await rc.ctx.request('GET', url,
    { token: await rc.token(added) });
  t.equal(stillNot.body.error.code, 'review_first');

  const candidate = await rc.ctx.request('GET', url,
    { token: await rc.token(n.candidate) });
  t.equal(candidate.statusCode, 403, 'the candidate never sees reviews');
  const nominator = await rc.ctx.request('GET', url,
    { token: await rc.token(n.nominator) });
  t.equal(nominator.statusCode, 403);
  const outsider = await addPerson(rc.ctx);
  const hidden = await rc.ctx.request('GET', url,
    { token: await rc.token(outsider) });
  t.equal(hidden.statusCode, 404);
  const anonymous = await rc.ctx.request('GET', url);
  t.equal(anonymous.statusCode, 401);
});

t.test('refuses a reviewer of another group\'s cycle', async (t) => {
  const rc = await reviewCycle(t);
  const n = await rc.nominate();
  await rc.moveTo('reviewing');
  const other = await reviewCycle(t, { ctx: rc.ctx,
    slug: 'remittances-and-diaspora' });
  await other.moveTo('reviewing');
  const stranger = other.added[0]!;
  await other.declare(stranger);

  const scored = await rc.review(stranger, n.id, flat(4));
  t.equal(scored.statusCode, 404);
  const read = await rc.ctx.request('GET', `/v1/nominations/${n.id}/reviews`,
    { token: await rc.token(stranger) });
  t.equal(read.statusCode, 404);
  const declared = await rc.ctx.request('POST',
    `/v1/nominations/${n.id}/conflicts`,
    { token: await rc.token(stranger), body: { reason: 'Curious.' } });
  t.equal(declared.statusCode, 404);
  const ranking = await rc.ctx.request('GET',
    `/v1/cycles/${rc.cycleId}/ranking`, { token: await rc.token(stranger) });
  t.equal(ranking.statusCode, 403);
  const declarations = await rc.ctx.request('GET',
    `/v1/cycles/${rc.cycleId}/declarations`,
    { token: await rc.token(stranger) });
  t.equal(declarations.statusCode, 403);
  t.equal((await rc.ctx.app.ctx.db.selectFrom('reviews').select('id')
    .execute()).length, 0);
});
