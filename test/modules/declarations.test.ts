import t from 'tap';
import { addPerson } from '../helpers/app.js';
import { flat, reviewCycle } from '../helpers/review-fixtures.js';

async function auditOf(rc: { ctx: { app: any } }, action: string) {
  return rc.ctx.app.ctx.db.selectFrom('auditEvents').selectAll()
    .where('action', '=', action).orderBy('seq').execute();
}

t.test('files a declaration, and files it again', async (t) => {
  const rc = await reviewCycle(t);
  const url = `/v1/cycles/${rc.cycleId}/declarations`;
  const token = await rc.token(rc.added[0]!);

  const filed = await rc.ctx.request('POST', url, { token, body: {
    interests: 'Adviser to a recruitment agency until 2025.',
    affiliations: ['University of Ghana'],
    relations: 'None.',
  } });
  t.equal(filed.statusCode, 201);
  t.match(filed.body, {
    cycleId: rc.cycleId, personId: rc.added[0]!.id,
    interests: 'Adviser to a recruitment agency until 2025.',
    affiliations: ['University of Ghana'], relations: 'None.',
    ruling: null, restrictedNominationIds: [],
  });

  const ruled = await rc.ctx.request('POST',
    `${url}/${rc.added[0]!.id}/ruling`, {
      token: await rc.ctx.secretariat(),
      body: { ruling: 'cleared', note: 'Past role only.' },
    });
  t.equal(ruled.statusCode, 200);
  t.equal(ruled.body.ruling, 'cleared');
  t.equal(ruled.body.rulingNote, 'Past role only.');

  const again = await rc.ctx.request('POST', url, { token, body: {
    interests: 'Adviser to a recruitment agency until 2025; board member.',
  } });
  t.equal(again.statusCode, 200);
  t.equal(again.body.id, filed.body.id);
  t.equal(again.body.ruling, null, 'a re-filed declaration is unruled');
  t.equal(again.body.rulingNote, null);
  t.same(again.body.affiliations, []);

  const rows = await rc.ctx.app.ctx.db.selectFrom('declarations')
    .selectAll().execute();
  t.equal(rows.length, 1);
  t.equal(rows[0]!.ruling, null);
  const [created] = await auditOf(rc, 'declaration.filed');
  t.same(JSON.parse(created.changes).interests, { personal: true },
    'the declaration\'s text stays out of the audit trail');
  t.equal((await auditOf(rc, 'declaration.updated')).length, 1);
  const [ruling] = await auditOf(rc, 'declaration.ruled');
  t.same(JSON.parse(ruling.changes).ruling,
    { before: null, after: 'cleared' });
});

t.test('refuses a declaration from someone not reviewing', async (t) => {
  const rc = await reviewCycle(t);
  const outsider = await addPerson(rc.ctx);
  const res = await rc.ctx.request('POST',
    `/v1/cycles/${rc.cycleId}/declarations`,
    { token: await rc.token(outsider), body: { interests: 'None.' } });
  t.equal(res.statusCode, 403);
  t.equal(res.body.error.code, 'forbidden');
  const bad = await rc.ctx.request('POST',
    `/v1/cycles/${rc.cycleId}/declarations`,
    { token: await rc.token(rc.chair), body: { interests: '' } });
  t.equal(bad.statusCode, 400);
  t.equal(bad.body.error.code, 'validation_failed');
  t.equal(await rc.ctx.app.ctx.db.selectFrom('declarations')
    .select('id').execute().then((r: unknown[]) => r.length), 0);
});

t.test('shows all declarations to the secretariat and officers, '
  + 'and a reviewer their own', async (t) => {
  const rc = await reviewCycle(t, { reviewers: 2 });
  for (const person of rc.panel) await rc.declare(person);
  const url = `/v1/cycles/${rc.cycleId}/declarations`;

  const all = await rc.ctx.request('GET', url,
    { token: await rc.ctx.secretariat() });
  t.equal(all.statusCode, 200);
  t.equal(all.body.length, 4);
  const byChair = await rc.ctx.request('GET', url,
    { token: await rc.token(rc.coChair) });
  t.equal(byChair.body.length, 4);

  const own = await rc.ctx.request('GET', url,
    { token: await rc.token(rc.added[1]!) });
  t.equal(own.statusCode, 200);
  t.same(own.body.map((d: { personId: string }) => d.personId),
    [rc.added[1]!.id]);

  const outsider = await addPerson(rc.ctx);
  const refused = await rc.ctx.request('GET', url,
    { token: await rc.token(outsider) });
  t.equal(refused.statusCode, 403);
});

t.test('gates reviewing on the declaration and its ruling', async (t) => {
  const rc = await reviewCycle(t);
  const n1 = await rc.nominate();
  const n2 = await rc.nominate();
  await rc.moveTo('reviewing');
  const reviewer = rc.added[0]!;

  const none = await rc.review(reviewer, n1.id, flat(4));
  t.equal(none.statusCode, 403);
  t.equal(none.body.error.code, 'declaration_required');
  const conflict = await rc.ctx.request('POST',
    `/v1/nominations/${n1.id}/conflicts`,
    { token: await rc.token(reviewer), body: { reason: 'We co-author.' } });
  t.equal(conflict.statusCode, 403);
  t.equal(conflict.body.error.code, 'declaration_required');

  // Unruled: the reviewer may review before the secretariat gets to it.
  await rc.declare(reviewer);
  const unruled = await rc.review(reviewer, n1.id, flat(4));
  t.equal(unruled.statusCode, 201);

  await rc.rule(reviewer, 'excluded');
  const excluded = await rc.review(reviewer, n2.id, flat(4));
  t.equal(excluded.statusCode, 403);
  t.equal(excluded.body.error.code, 'reviewer_excluded');
  const refile = await rc.ctx.request('POST',
    `/v1/cycles/${rc.cycleId}/declarations`,
    { token: await rc.token(reviewer), body: { interests: 'Nothing.' } });
  t.equal(refile.statusCode, 403, 're-filing does not undo an exclusion');
  t.equal(refile.body.error.code, 'reviewer_excluded');

  await rc.rule(reviewer, 'cleared');
  const cleared = await rc.review(reviewer, n2.id, flat(3));
  t.equal(cleared.statusCode, 201);
  const reviews = await rc.ctx.app.ctx.db.selectFrom('reviews')
    .select(['nominationId', 'reviewerId']).execute();
  t.equal(reviews.length, 2);
});

t.test('a restriction keeps the reviewer from the named nominations',
  async (t) => {
    const rc = await reviewCycle(t);
    const n1 = await rc.nominate();
    const n2 = await rc.nominate();
    await rc.moveTo('reviewing');
    const reviewer = rc.added[0]!;
    await rc.declare(reviewer, 'I advised the candidate of one nomination.');
    const url = `/v1/cycles/${rc.cycleId}/declarations/${reviewer.id}/ruling`;
    const secretariat = await rc.ctx.secretariat();

    const empty = await rc.ctx.request('POST', url, { token: secretariat,
      body: { ruling: 'restricted' } });
    t.equal(empty.statusCode, 400);
    t.equal(empty.body.error.details[0].field, 'body.nominationIds');
    const stranger = await rc.ctx.request('POST', url, { token: secretariat,
      body: { ruling: 'restricted', nominationIds: ['nope'] } });
    t.equal(stranger.statusCode, 422);
    t.equal(stranger.body.error.code, 'unknown_nomination');
    const byChair = await rc.ctx.request('POST', url, {
      token: await rc.token(rc.chair),
      body: { ruling: 'restricted', nominationIds: [n1.id] },
    });
    t.equal(byChair.statusCode, 403);

    await rc.rule(reviewer, 'restricted', [n1.id]);
    const refused = await rc.review(reviewer, n1.id, flat(4));
    t.equal(refused.statusCode, 403);
    t.equal(refused.body.error.code, 'conflict_of_interest');
    t.same(refused.body.error.details.reasons, ['restricted']);
    const allowed = await rc.review(reviewer, n2.id, flat(4));
    t.equal(allowed.statusCode, 201);

    // Re-filing returns the declaration to unruled, but the restriction
    // stands until the secretariat rules again.
    await rc.declare(reviewer, 'Updated declaration.');
    const still = await rc.review(reviewer, n1.id, flat(4));
    t.equal(still.body.error.code, 'conflict_of_interest');
    const row = await rc.ctx.app.ctx.db.selectFrom('declarations')
      .selectAll().executeTakeFirstOrThrow();
    t.equal(row.ruling, null);
    t.same(JSON.parse(row.restrictedNominationIds), [n1.id]);
  });
