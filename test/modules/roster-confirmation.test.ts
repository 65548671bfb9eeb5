import t from 'tap';
import { auditOf } from '../helpers/nominations.js';
import { rosterCycle } from '../helpers/rosters.js';

const db = (rc: { ctx: { app: { ctx: { db: any } } } }) => rc.ctx.app.ctx.db;

t.test('submits, returns, resubmits and confirms a roster', async (t) => {
  const rc = await rosterCycle(t);
  const [ke, br, ind, us, jp] = rc.candidates;
  // Besides the five eligible nominations: one short of referrals, one
  // awaiting consent and one withdrawn.
  const thin = await rc.nominate({ candidate: { country: 'MX' },
    endorsers: [] });
  const waiting = await rc.nominate({ candidate: { country: 'AR' },
    status: 'awaiting_consent' });
  const withdrawn = await rc.nominate({ candidate: { country: 'CL' },
    status: 'withdrawn' });
  const officers = { chairId: rc.chair.id, coChairId: rc.coChair.id };

  // An invalid draft cannot be submitted.
  await rc.put({ ...officers, expertIds: [ke!.id, br!.id] });
  const invalid = await rc.post('/roster/submission', {}, rc.chairToken);
  t.equal(invalid.statusCode, 422);
  t.equal(invalid.body.error.code, 'roster_invalid');
  t.same(invalid.body.error.details.violations.map((v: any) => v.rule),
    ['min_experts']);
  t.equal((await rc.roster()).body.status, 'draft', 'still a draft');

  const experts = [ke!.id, br!.id, ind!.id];
  await rc.put({ ...officers, expertIds: experts });
  const coChair = await rc.post('/roster/submission', {},
    await rc.token(rc.coChair));
  t.equal(coChair.statusCode, 403, 'only the chair submits');
  const submitted = await rc.post('/roster/submission', {}, rc.chairToken);
  t.equal(submitted.statusCode, 200);
  t.match(submitted.body, { status: 'submitted', violations: [],
    submittedAt: rc.ctx.clock.now.toISOString() });
  const twice = await rc.post('/roster/submission', {}, rc.chairToken);
  t.equal(twice.statusCode, 409);
  t.equal(twice.body.error.code, 'wrong_roster_status');

  await rc.ctx.flush();
  const toSecretariat = rc.ctx.mail.to(rc.ctx.settings.secretariatEmail);
  t.equal(toSecretariat.length, 1);
  t.match(toSecretariat[0]!.subject, /roster for Labor Migration awaits/);
  t.match(toSecretariat[0]!.text, /3 experts/);
  t.match(toSecretariat[0]!.text,
    `http://peerpanel.test/cycles/${rc.cycleId}/roster`);

  // The chair may not confirm; the secretariat returns it.
  const byChair = await rc.post('/roster/confirmation', {}, rc.chairToken);
  t.equal(byChair.statusCode, 403);
  const noReason = await rc.post('/roster/return', { reason: '  ' });
  t.equal(noReason.statusCode, 400);
  const reason = 'Please consider a second expert from Asia.';
  const returned = await rc.post('/roster/return', { reason });
  t.equal(returned.statusCode, 200);
  t.match(returned.body, { status: 'returned', returnReason: reason });
  const again = await rc.post('/roster/return', { reason });
  t.equal(again.statusCode, 409, 'a returned roster is not returned again');
  const early = await rc.post('/roster/confirmation', {});
  t.equal(early.statusCode, 409, 'a returned roster is not confirmed');
  t.equal(early.body.error.code, 'wrong_roster_status');

  await rc.ctx.flush();
  const toChair = rc.ctx.mail.to(rc.chair.email)
    .filter((m) => /returned/.test(m.subject));
  t.equal(toChair.length, 1);
  t.match(toChair[0]!.text, reason);
  t.match(toChair[0]!.html, 'Please consider a second expert from Asia.');

  // Resubmitted as it stands: the chair disagrees.
  rc.ctx.clock.advance(60_000);
  const resubmitted = await rc.post('/roster/submission', undefined,
    rc.chairToken);
  t.equal(resubmitted.statusCode, 200);
  t.match(resubmitted.body, { status: 'submitted', returnReason: null });
  await rc.ctx.flush();
  t.equal(rc.ctx.mail.to(rc.ctx.settings.secretariatEmail).length, 2,
    'each submission is announced');

  rc.ctx.clock.advance(60_000);
  const confirmedAt = rc.ctx.clock.now.toISOString();
  const confirmed = await rc.post('/roster/confirmation', {});
  t.equal(confirmed.statusCode, 200);
  t.match(confirmed.body, { status: 'confirmed', confirmedAt,
    expertIds: experts, violations: [] });

  // The cycle, the memberships and every nomination.
  const cycle = await rc.ctx.request('GET', `/v1/cycles/${rc.cycleId}`,
    { token: rc.secretariat });
  t.equal(cycle.body.state, 'confirmed');
  const memberships = await db(rc).selectFrom('memberships').selectAll()
    .where('cycleId', '=', rc.cycleId).orderBy('personId').execute();
  t.same(memberships.map((m: any) => [m.personId, m.role]).sort(), [
    [rc.chair.id, 'chair'], [rc.coChair.id, 'co_chair'],
    ...experts.map((id) => [id, 'expert']),
  ].sort());
  for (const m of memberships) {
    t.match(m, { termStart: cycle.body.termStart,
      termEnd: cycle.body.termEnd, endedAt: null, createdAt: confirmedAt });
  }
  const statuses = Object.fromEntries((await db(rc)
    .selectFrom('nominations').select(['id', 'status'])
    .where('cycleId', '=', rc.cycleId).execute())
    .map((n: any) => [n.id, n.status]));
  const [nKe, nBr, nIn, nUs, nJp] = rc.nominations;
  t.same(statuses, {
    [nKe!.id]: 'selected', [nBr!.id]: 'selected', [nIn!.id]: 'selected',
    [nUs!.id]: 'reserve', [nJp!.id]: 'reserve',
    [thin.id]: 'not_selected', [waiting.id]: 'expired',
    [withdrawn.id]: 'withdrawn',
  });

  // The audit trail.
  const cycleEvents = (await auditOf(rc.ctx, rc.cycleId))
    .map((e) => `${e.entity} ${e.action}`);
  t.same(cycleEvents.slice(-2), ['cycle cycle.transitioned',
    'roster roster.confirmed']);
  const confirmation = (await auditOf(rc.ctx, rc.cycleId))
    .find((e) => e.action === 'roster.confirmed')!;
  t.equal(confirmation.at, confirmedAt);
  t.match(JSON.parse(confirmation.changes),
    { status: { before: 'submitted', after: 'confirmed' } });
  for (const nomination of [nKe, nUs, thin]) {
    const events = await auditOf(rc.ctx, nomination!.id);
    t.same(events.map((e) => e.action), ['nomination.status_changed']);
  }
  t.same(await auditOf(rc.ctx, withdrawn.id), [], 'settled ones untouched');
  const added = await db(rc).selectFrom('auditEvents').select('entityId')
    .where('action', '=', 'membership.added').execute();
  t.equal(added.length, 5);

  // The mail: a welcome to each member, a courteous note to the others.
  await rc.ctx.flush();
  for (const member of [rc.chair, rc.coChair, ke, br, ind]) {
    const welcome = rc.ctx.mail.to(member!.email)
      .filter((m) => /^Welcome/.test(m.subject));
    t.equal(welcome.length, 1, `welcome to ${member!.email}`);
  }
  t.match(rc.ctx.mail.to(rc.chair.email).at(-1)!.text, /as chair/);
  t.match(rc.ctx.mail.to(ke!.email).at(-1)!.text,
    /as expert\. Your term runs from 2027-03-01 to 2029-03-01/);
  for (const candidate of [us, jp]) {
    const notes = rc.ctx.mail.to(candidate!.email);
    t.equal(notes.length, 1);
    t.match(notes[0]!.subject, /selection: thank you/);
    t.match(notes[0]!.text, /on the reserve list/);
  }
  const notes = rc.ctx.mail.to(thin.candidate.email);
  t.equal(notes.length, 1);
  t.notMatch(notes[0]!.text, /reserve/);
  t.match(notes[0]!.text, /later cycle/);
  t.equal(rc.ctx.mail.to(waiting.candidate.email).length, 0);
  t.equal(rc.ctx.mail.to(withdrawn.candidate.email).length, 0);

  // Nothing more to do on this roster.
  const after = await rc.put({ ...officers, expertIds: experts });
  t.equal(after.statusCode, 409);
  const confirmedTwice = await rc.post('/roster/confirmation', {});
  t.equal(confirmedTwice.statusCode, 409);
});

t.test('checks the roster again at confirmation', async (t) => {
  const rc = await rosterCycle(t);
  const [ke, br, ind] = rc.candidates;
  await rc.put({ chairId: rc.chair.id, coChairId: rc.coChair.id,
    expertIds: [ke!.id, br!.id, ind!.id] });
  t.equal((await rc.post('/roster/submission', {}, rc.chairToken))
    .statusCode, 200);

  // The candidate withdraws after submission.
  const withdrawal = await rc.ctx.request('POST',
    `/v1/nominations/${rc.nominations[0]!.id}/withdrawal`,
    { token: await rc.ctx.signIn(ke!.email) });
  t.equal(withdrawal.statusCode, 200);

  const res = await rc.post('/roster/confirmation', {});
  t.equal(res.statusCode, 422);
  t.equal(res.body.error.code, 'roster_invalid');
  t.same(res.body.error.details.violations.map((v: any) => v.rule),
    ['expert_not_eligible']);

  const cycle = await db(rc).selectFrom('cycles').select('state')
    .where('id', '=', rc.cycleId).executeTakeFirstOrThrow();
  t.equal(cycle.state, 'composing', 'nothing confirmed');
  t.equal((await db(rc).selectFrom('memberships').selectAll().execute())
    .length, 0);
  t.equal((await rc.roster()).body.status, 'submitted');
});

t.test('submits and confirms only while composing', async (t) => {
  const rc = await rosterCycle(t, { state: 'reviewing' });
  const noDraft = await rc.post('/roster/submission', {}, rc.chairToken);
  t.equal(noDraft.statusCode, 409);
  t.equal(noDraft.body.error.code, 'wrong_cycle_state');

  await rc.moveTo('composing');
  const unsaved = await rc.post('/roster/submission', {}, rc.chairToken);
  t.equal(unsaved.statusCode, 409, 'nothing saved to submit');
  const unsubmitted = await rc.post('/roster/confirmation', {});
  t.equal(unsubmitted.statusCode, 409);
  t.equal(unsubmitted.body.error.code, 'wrong_roster_status');

  const [ke, br, ind] = rc.candidates;
  await rc.put({ chairId: rc.chair.id, coChairId: rc.coChair.id,
    expertIds: [ke!.id, br!.id, ind!.id] });
  await rc.post('/roster/submission', {}, rc.chairToken);
  const back = await rc.ctx.request('POST',
    `/v1/cycles/${rc.cycleId}/transitions`,
    { token: rc.chairToken, body: { to: 'reviewing' } });
  t.equal(back.statusCode, 200, 'the chair takes the cycle back');
  const res = await rc.post('/roster/confirmation', {});
  t.equal(res.statusCode, 409);
  t.equal(res.body.error.code, 'wrong_cycle_state');
  const direct = await rc.ctx.request('POST',
    `/v1/cycles/${rc.cycleId}/transitions`,
    { token: rc.secretariat, body: { to: 'confirmed' } });
  t.equal(direct.statusCode, 409, 'confirmed only through the roster');
});

t.test('lets a nomination still awaiting consent lapse at confirmation',
  async (t) => {
    const rc = await rosterCycle(t);
    const [ke, br, ind] = rc.candidates;
    // Nominator and endorser: the referrals are there, the consent not.
    const waiting = await rc.nominate({ candidate: { country: 'AR' },
      status: 'awaiting_consent' });
    await rc.confirm([ke!.id, br!.id, ind!.id]);

    const shown = await rc.ctx.request('GET',
      `/v1/nominations/${waiting.id}`, { token: rc.secretariat });
    t.equal(shown.statusCode, 200);
    t.equal(shown.body.status, 'expired', 'the invitation lapses');
    t.equal(shown.body.eligible, false,
      'a consent never given does not become eligibility');
    const ranking = await rc.ctx.request('GET',
      `/v1/cycles/${rc.cycleId}/ranking`, { token: rc.secretariat });
    t.notOk(ranking.body.items.some(
      (i: { nominationId: string }) => i.nominationId === waiting.id),
    'the ranking leaves it out');
    t.same((await auditOf(rc.ctx, waiting.id)).map((e) => [e.action,
      JSON.parse(e.changes).status]), [['nomination.status_changed',
      { before: 'awaiting_consent', after: 'expired' }]]);

    await rc.ctx.flush();
    t.same(rc.ctx.mail.to(waiting.candidate.email), [],
      'no "not selected" note to someone who never took part');
  });
