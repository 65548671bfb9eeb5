import t from 'tap';
import { testApp, type TestApp } from '../helpers/app.js';
import {
  AREA,
  NOMINATION_DEADLINE,
  OTHER_AREA,
  auditOf,
  candidate,
  expert,
  invitationToken,
  nominate,
  nominated,
  nominatingCycle,
  nominationBody,
  statement,
  type Expert,
} from '../helpers/nominations.js';

async function nominationRows(ctx: TestApp) {
  return ctx.app.ctx.db.selectFrom('nominations').selectAll()
    .orderBy('createdAt').execute();
}

async function personByEmail(ctx: TestApp, email: string) {
  return ctx.app.ctx.db.selectFrom('people').selectAll()
    .where('email', '=', email).executeTakeFirst();
}

function withdraw(ctx: TestApp, token: string | undefined, id: string) {
  return ctx.request('POST', `/v1/nominations/${id}/withdrawal`,
    token === undefined ? {} : { token });
}

function endorse(ctx: TestApp, by: Expert, id: string, length = 80) {
  return ctx.request('POST', `/v1/nominations/${id}/endorsements`,
    { token: by.token, body: { statement: statement(length) } });
}

/** Appoints a chair and a co-chair and adds a reviewer. */
async function staff(ctx: TestApp, cycleId: string) {
  const token = await ctx.secretariat();
  const chair = await expert(ctx);
  const coChair = await expert(ctx);
  const reviewer = await expert(ctx);
  const officers = await ctx.request('PUT', `/v1/cycles/${cycleId}/officers`,
    { token, body: { chairId: chair.id, coChairId: coChair.id } });
  if (officers.statusCode !== 200) throw new Error(officers.raw);
  const added = await ctx.request('POST', `/v1/cycles/${cycleId}/reviewers`,
    { token, body: { personId: reviewer.id } });
  if (added.statusCode !== 201) throw new Error(added.raw);
  return { chair, coChair, reviewer };
}

// Nomination rules, each at its boundary

t.test('accepts statements of 50 and 5000 characters, refuses 49 and 5001',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const ana = await expert(ctx);
    const ben = await expert(ctx);

    const cases: [Expert, number, number][] = [
      [ana, 49, 400], [ana, 50, 201], [ana, 5000, 201], [ben, 5001, 400],
    ];
    for (const [by, length, status] of cases) {
      const res = await nominate(ctx, by, cycle,
        nominationBody({}, { statement: statement(length) }));
      t.equal(res.statusCode, status, `${length} characters`);
      if (status === 201) {
        t.equal(res.body.statement.length, length);
      } else {
        t.equal(res.body.error.code, 'validation_failed');
        t.match(res.body.error.message, /body\.statement/);
        t.equal(res.body.error.details[0].field, 'body.statement');
      }
    }

    const rows = await nominationRows(ctx);
    t.same(rows.map((r) => r.statement.length), [50, 5000]);
  });

t.test('refuses a fourth live nomination; a withdrawn one frees a slot',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const ana = await expert(ctx);
    const first = await nominated(ctx, ana, cycle);
    await nominated(ctx, ana, cycle);
    await nominated(ctx, ana, cycle);

    const fourth = nominationBody({ email: 'fourth@example.net' });
    const refused = await nominate(ctx, ana, cycle, fourth);
    t.equal(refused.statusCode, 422);
    t.equal(refused.body.error.code, 'nomination_limit');
    t.match(refused.body.error.message, /3 live nominations.*limit is 3/);
    t.equal(await personByEmail(ctx, 'fourth@example.net'), undefined,
      'the refused candidate is not added as a person');

    t.equal((await withdraw(ctx, ana.token, first.id)).statusCode, 200);
    const accepted = await nominate(ctx, ana, cycle, fourth);
    t.equal(accepted.statusCode, 201);
    // All four share one instant, so their order in a list is no
    // guide: PostgreSQL moves an updated row, SQLite does not.
    const rows = await nominationRows(ctx);
    t.same(rows.map((r) => [r.id === first.id, r.status]).sort(), [
      [false, 'awaiting_consent'], [false, 'awaiting_consent'],
      [false, 'awaiting_consent'], [true, 'withdrawn'],
    ]);
  });

t.test('closes nominations at the deadline instant', async (t) => {
  const ctx = await testApp(t);
  const cycle = await nominatingCycle(ctx);
  const ana = await expert(ctx);
  const ben = await expert(ctx);
  const deadline = Date.parse(NOMINATION_DEADLINE);

  ctx.clock.set(new Date(deadline - 1).toISOString());
  const before = await nominate(ctx, ana, cycle);
  t.equal(before.statusCode, 201, 'one millisecond before');

  ctx.clock.set(NOMINATION_DEADLINE);
  const at = await nominate(ctx, ana, cycle);
  t.equal(at.statusCode, 422, 'at the deadline instant');
  t.equal(at.body.error.code, 'nomination_deadline_passed');

  ctx.clock.set(new Date(deadline + 1000).toISOString());
  const after = await nominate(ctx, ben, cycle);
  t.equal(after.statusCode, 422, 'one second after');
  t.equal(after.body.error.code, 'nomination_deadline_passed');

  t.equal((await nominationRows(ctx)).length, 1);
});

t.test('refuses a self-nomination in another case and spacing',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const ana = await expert(ctx, { email: 'ana.lopez@example.org' });

    const res = await nominate(ctx, ana, cycle, nominationBody(
      { email: '  Ana.Lopez@EXAMPLE.org ' }));
    t.equal(res.statusCode, 422);
    t.equal(res.body.error.code, 'self_nomination');
    t.same(await nominationRows(ctx), []);
  });

t.test('points a second nomination of a candidate to the first',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const ana = await expert(ctx);
    const ben = await expert(ctx);
    const first = await nominated(ctx, ana, cycle,
      { email: 'zara@example.net' });

    const second = await nominate(ctx, ben, cycle, nominationBody(
      { email: 'Zara@Example.NET', name: 'Zara Again' }));
    t.equal(second.statusCode, 409);
    t.equal(second.body.error.code, 'duplicate_nomination');
    t.same(second.body.error.details, { nominationId: first.id });

    // Once the first is withdrawn, the candidate may be nominated again.
    await withdraw(ctx, ana.token, first.id);
    const again = await nominate(ctx, ben, cycle, nominationBody(
      { email: 'zara@example.net' }));
    t.equal(again.statusCode, 201);
    t.equal(again.body.candidateId, first.candidateId, 'the same person');
    const people = await ctx.app.ctx.db.selectFrom('people')
      .select('id').where('email', '=', 'zara@example.net').execute();
    t.equal(people.length, 1);
  });

t.test('matches a known candidate by email and keeps their data',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const ana = await expert(ctx);
    const chen = await expert(ctx, { name: 'Dr Chen Wei',
      email: 'chen@example.org', affiliation: 'Fudan', country: 'CN' });

    const res = await nominate(ctx, ana, cycle, nominationBody({
      name: 'Someone Else', email: ' CHEN@example.org',
      affiliation: 'Elsewhere', country: 'US',
    }));
    t.equal(res.statusCode, 201);
    t.equal(res.body.candidateId, chen.id);
    t.same(res.body.candidate,
      { name: 'Dr Chen Wei', affiliation: 'Fudan', country: 'CN' });
    const events = await auditOf(ctx, chen.id);
    t.notOk(events.some((e) => e.action === 'person.updated'),
      'the stored person is not changed');
    await ctx.flush();
    t.equal(ctx.mail.to('chen@example.org').length, 1,
      'the invitation goes to the stored address');
  });

t.test('checks the areas of focus against the cycle\'s group', async (t) => {
  const ctx = await testApp(t);
  const cycle = await nominatingCycle(ctx);
  const ana = await expert(ctx);

  const foreign = await nominate(ctx, ana, cycle, nominationBody({},
    { focusAreas: [OTHER_AREA, 'remittance-cost-reduction'] }));
  t.equal(foreign.statusCode, 422);
  t.equal(foreign.body.error.code, 'unknown_focus_area');
  t.same(foreign.body.error.details,
    { focusAreas: ['remittance-cost-reduction'] });

  const twice = await nominate(ctx, ana, cycle,
    nominationBody({}, { focusAreas: [AREA, AREA] }));
  t.equal(twice.statusCode, 400);
  t.equal(twice.body.error.details[0].field, 'body.focusAreas');

  const none = await nominate(ctx, ana, cycle,
    nominationBody({}, { focusAreas: [] }));
  t.equal(none.statusCode, 400);
  t.match(none.body.error.message, /body\.focusAreas/);

  const both = await nominate(ctx, ana, cycle,
    nominationBody({}, { focusAreas: [AREA, OTHER_AREA] }));
  t.equal(both.statusCode, 201);
  t.same(both.body.focusAreas, [AREA, OTHER_AREA]);
  t.equal((await nominationRows(ctx)).length, 1);
});

t.test('takes nominations only while the cycle is nominating', async (t) => {
  const ctx = await testApp(t);
  const cycle = await nominatingCycle(ctx, { state: 'draft' });
  const ana = await expert(ctx);

  const draft = await nominate(ctx, ana, cycle);
  t.equal(draft.statusCode, 409);
  t.equal(draft.body.error.code, 'wrong_cycle_state');
  t.match(draft.body.error.message, /nominating; it is draft/);

  await ctx.request('POST', `/v1/cycles/${cycle}/transitions`,
    { token: await ctx.secretariat(), body: { to: 'cancelled' } });
  const cancelled = await nominate(ctx, ana, cycle);
  t.equal(cancelled.statusCode, 409);
  t.equal(cancelled.body.error.code, 'wrong_cycle_state');

  const missing = await nominate(ctx, ana, 'no-such-cycle');
  t.equal(missing.statusCode, 404);
  t.same(await nominationRows(ctx), []);
});

t.test('lets only experts nominate', async (t) => {
  const ctx = await testApp(t);
  const cycle = await nominatingCycle(ctx);
  const guest = await expert(ctx, { expert: false });

  const refused = await nominate(ctx, guest, cycle);
  t.equal(refused.statusCode, 403);
  t.equal(refused.body.error.code, 'forbidden');

  const anonymous = await ctx.request('POST',
    `/v1/cycles/${cycle}/nominations`, { body: nominationBody() });
  t.equal(anonymous.statusCode, 401);
  t.equal(anonymous.body.error.code, 'unauthenticated');
  t.same(await nominationRows(ctx), []);
});

// The whole path

t.test('nominate, consent by the mailed link, endorse: eligible',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const ana = await expert(ctx, { name: 'Ana Lopez',
      email: 'ana@example.org' });
    const ben = await expert(ctx, { name: 'Ben Okafor' });
    const who = candidate({ name: 'Cleo Mwangi',
      email: 'cleo@example.net', affiliation: 'Nairobi Uni', country: 'KE' });

    // Nominate
    const created = await nominate(ctx, ana, cycle, {
      candidate: who, statement: statement(300), focusAreas: [AREA],
    });
    t.equal(created.statusCode, 201);
    const id = created.body.id as string;
    t.match(created.body, {
      cycleId: cycle, nominatorId: ana.id, status: 'awaiting_consent',
      referrals: 1, eligible: false, flags: [], endorserIds: [],
      candidate: { name: 'Cleo Mwangi', affiliation: 'Nairobi Uni',
        country: 'KE' },
    });
    const cleo = await personByEmail(ctx, 'cleo@example.net');
    t.equal(cleo?.isExpert, 0, 'a new candidate is not an expert yet');

    // The mails: the invitation and the nominator's receipt
    const token = await invitationToken(ctx, 'cleo@example.net');
    const [invitation] = ctx.mail.to('cleo@example.net');
    t.match(invitation?.subject, /nominated for the Labor Migration group/);
    t.match(invitation?.text, 'Ana Lopez has nominated you');
    t.match(invitation?.text, statement(300));
    t.match(invitation?.text, 'until 2027-01-24 09:00 UTC');
    t.match(invitation?.text, 'secretariat at secretariat@localhost');
    t.match(invitation?.text, /affiliation \(Nairobi Uni\).*Kenya/);
    t.match(invitation?.html, `/invitations/${token}`);
    const [receipt] = ctx.mail.to('ana@example.org');
    t.match(receipt?.subject, 'Your nomination of Cleo Mwangi');
    t.match(receipt?.text, 'at least 2 referrals');
    t.notMatch(receipt?.text, token, 'the nominator never sees the link');
    const stored = await ctx.app.ctx.db.selectFrom('invitations')
      .selectAll().where('nominationId', '=', id).execute();
    t.equal(stored.length, 1);
    t.not(stored[0]?.tokenHash, token, 'only the hash is stored');
    t.equal(stored[0]?.expiresAt, '2027-01-24T09:00:00.000Z');

    // The candidate reads and accepts
    const shown = await ctx.request('GET', `/v1/invitations/${token}`);
    t.equal(shown.statusCode, 200);
    t.match(shown.body, {
      nominationId: id, nominatorName: 'Ana Lopez',
      group: { name: 'Labor Migration' }, status: 'awaiting_consent',
      candidate: { email: 'cleo@example.net' },
    });
    const accepted = await ctx.request('POST', `/v1/invitations/${token}`, {
      body: { decision: 'accept', profile: { affiliation: 'Strathmore',
        country: 'ug', gender: 'female', expertise: ['labour markets'] } },
    });
    t.equal(accepted.statusCode, 200);
    t.equal(accepted.body.status, 'consented');
    const after = await personByEmail(ctx, 'cleo@example.net');
    t.match(after, { isExpert: 1, affiliation: 'Strathmore', country: 'UG',
      region: 'ssa', gender: 'female' });

    // A third expert endorses; the nominator is told
    const endorsed = await endorse(ctx, ben, id);
    t.equal(endorsed.statusCode, 201);
    t.match(endorsed.body, { nominationId: id, endorserId: ben.id,
      statement: statement(80) });
    await ctx.flush();
    const notice = ctx.mail.to('ana@example.org')[1];
    t.match(notice?.subject, 'Ben Okafor endorsed your nomination');
    t.match(notice?.text, 'now has 2 referrals');

    const read = await ctx.request('GET', `/v1/nominations/${id}`,
      { token: ana.token });
    t.equal(read.statusCode, 200);
    t.match(read.body, { eligible: true, referrals: 2,
      candidate: { affiliation: 'Strathmore' } });

    // The trail, and a chain that still verifies
    const secretariat = await ctx.secretariat();
    const trail = await ctx.request('GET',
      `/v1/audit?entityId=${id}`, { token: secretariat });
    t.same(trail.body.items.map((e: { action: string }) => e.action),
      ['nomination.created', 'invitation.issued', 'nomination.consented']);
    t.equal(trail.body.items[2].actorId, cleo?.id,
      'the candidate answered');
    const personTrail = await auditOf(ctx, cleo!.id);
    t.same(personTrail.map((e) => e.action),
      ['person.created', 'person.updated']);
    t.notMatch(personTrail[1]?.changes, 'Strathmore',
      'no personal values in the trail');
    const endorsements = await ctx.request('GET',
      '/v1/audit?action=endorsement.created', { token: secretariat });
    t.equal(endorsements.body.items.length, 1);
    t.equal(endorsements.body.items[0].actorId, ben.id);
    const chain = await ctx.request('GET', '/v1/audit/verification',
      { token: secretariat });
    t.equal(chain.body.ok, true);

    // Having accepted, the candidate is an expert who may nominate
    const cleoToken = await ctx.signIn('cleo@example.net');
    const byCleo = await nominate(ctx,
      { id: cleo!.id, email: 'cleo@example.net', token: cleoToken }, cycle);
    t.equal(byCleo.statusCode, 201);
  });

// Endorsements

t.test('refuses endorsements that break a rule', async (t) => {
  const ctx = await testApp(t);
  const cycle = await nominatingCycle(ctx);
  const ana = await expert(ctx);
  const ben = await expert(ctx);
  const dan = await expert(ctx);
  const guest = await expert(ctx, { expert: false });
  const nomination = await nominated(ctx, ana, cycle, { email: dan.email });

  const cases: [string, Expert, number, string][] = [
    ['the candidate', dan, 422, 'self_endorsement'],
    ['the nominator', ana, 422, 'nominator_endorsement'],
    ['a non-expert', guest, 403, 'forbidden'],
  ];
  for (const [who, by, status, code] of cases) {
    const res = await endorse(ctx, by, nomination.id);
    t.equal(res.statusCode, status, who);
    t.equal(res.body.error.code, code, who);
  }

  const short = await endorse(ctx, ben, nomination.id, 49);
  t.equal(short.statusCode, 400);
  t.equal(short.body.error.details[0].field, 'body.statement');

  t.equal((await endorse(ctx, ben, nomination.id, 50)).statusCode, 201);
  const twice = await endorse(ctx, ben, nomination.id);
  t.equal(twice.statusCode, 409);
  t.equal(twice.body.error.code, 'already_endorsed');

  const missing = await endorse(ctx, ben, 'no-such-nomination');
  t.equal(missing.statusCode, 404);
  const anonymous = await ctx.request('POST',
    `/v1/nominations/${nomination.id}/endorsements`,
    { body: { statement: statement() } });
  t.equal(anonymous.statusCode, 401);

  const rows = await ctx.app.ctx.db.selectFrom('endorsements')
    .selectAll().execute();
  t.same(rows.map((r) => r.endorserId), [ben.id]);
});

t.test('answers an endorser with the endorsement, not the nomination',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const ana = await expert(ctx);
    const ben = await expert(ctx);
    const nomination = await nominated(ctx, ana, cycle);

    const endorsed = await endorse(ctx, ben, nomination.id);
    t.equal(endorsed.statusCode, 201);
    t.same(Object.keys(endorsed.body).sort(),
      ['createdAt', 'endorserId', 'id', 'nominationId', 'statement']);
    t.notMatch(endorsed.raw, nomination.candidateId,
      'nothing of the candidate');
    t.notMatch(endorsed.raw, statement(), 'nor the nominator\'s statement');
    const row = await ctx.app.ctx.db.selectFrom('endorsements')
      .select(['id', 'endorserId']).executeTakeFirst();
    t.same(row, { id: endorsed.body.id, endorserId: ben.id });

    const read = await ctx.request('GET', `/v1/nominations/${nomination.id}`,
      { token: ben.token });
    t.equal(read.statusCode, 404, 'still hidden from the endorser');
    const mine = await ctx.request('GET', `/v1/nominations/${nomination.id}`,
      { token: ana.token });
    t.match(mine.body, { referrals: 2, endorserIds: [ben.id] });
  });

t.test('takes endorsements only on a live nomination before the deadline',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const ana = await expert(ctx);
    const ben = await expert(ctx);
    const open = await nominated(ctx, ana, cycle);
    const gone = await nominated(ctx, ana, cycle);
    await withdraw(ctx, ana.token, gone.id);

    const withdrawn = await endorse(ctx, ben, gone.id);
    t.equal(withdrawn.statusCode, 409);
    t.equal(withdrawn.body.error.code, 'wrong_nomination_status');

    ctx.clock.set(new Date(Date.parse(NOMINATION_DEADLINE) - 1)
      .toISOString());
    t.equal((await endorse(ctx, ben, open.id)).statusCode, 201,
      'one millisecond before the deadline');
    ctx.clock.set(NOMINATION_DEADLINE);
    const late = await endorse(ctx, await expert(ctx), open.id);
    t.equal(late.statusCode, 422);
    t.equal(late.body.error.code, 'nomination_deadline_passed');

    const { chair } = await staff(ctx, cycle);
    const moved = await ctx.request('POST',
      `/v1/cycles/${cycle}/transitions`,
      { token: await ctx.secretariat(), body: { to: 'reviewing' } });
    t.equal(moved.statusCode, 200);
    const reviewing = await endorse(ctx, chair, open.id);
    t.equal(reviewing.statusCode, 409);
    t.equal(reviewing.body.error.code, 'wrong_cycle_state');
  });

// Withdrawal

t.test('lets the nominator or the candidate withdraw, nobody else',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const { reviewer } = await staff(ctx, cycle);
    const ana = await expert(ctx);
    const dan = await expert(ctx);
    const eve = await expert(ctx);
    const nomination = await nominated(ctx, ana, cycle, { email: dan.email });
    const token = await invitationToken(ctx, dan.email);

    const anonymous = await withdraw(ctx, undefined, nomination.id);
    t.equal(anonymous.statusCode, 401);
    const stranger = await withdraw(ctx, eve.token, nomination.id);
    t.equal(stranger.statusCode, 404, 'hidden from who may not see it');
    const seer = await withdraw(ctx, reviewer.token, nomination.id);
    t.equal(seer.statusCode, 403, 'refused to who may see it');
    const secretariat = await withdraw(ctx, await ctx.secretariat(),
      nomination.id);
    t.equal(secretariat.statusCode, 403);
    const junk = await ctx.request('POST',
      `/v1/nominations/${nomination.id}/withdrawal`,
      { token: dan.token, body: { reason: 'x' } });
    t.equal(junk.statusCode, 400);

    const done = await ctx.request('POST',
      `/v1/nominations/${nomination.id}/withdrawal`,
      { token: dan.token, body: {} });
    t.equal(done.statusCode, 200);
    t.equal(done.body.status, 'withdrawn');
    const again = await withdraw(ctx, ana.token, nomination.id);
    t.equal(again.statusCode, 409);
    t.equal(again.body.error.code, 'wrong_nomination_status');

    const events = await auditOf(ctx, nomination.id);
    const withdrawal = events.find((e) => e.action === 'nomination.withdrawn');
    t.equal(withdrawal?.actorId, dan.id);
    t.match(withdrawal?.changes, '"after":"withdrawn"');
    const link = await ctx.request('GET', `/v1/invitations/${token}`);
    t.equal(link.statusCode, 410, 'the invitation is gone with it');
  });

t.test('allows withdrawal until the cycle ends', async (t) => {
  const ctx = await testApp(t);
  const cycle = await nominatingCycle(ctx);
  await staff(ctx, cycle);
  const ana = await expert(ctx);
  const first = await nominated(ctx, ana, cycle);
  const second = await nominated(ctx, ana, cycle);
  const secretariat = await ctx.secretariat();

  await ctx.request('POST', `/v1/cycles/${cycle}/transitions`,
    { token: secretariat, body: { to: 'reviewing' } });
  const reviewing = await withdraw(ctx, ana.token, first.id);
  t.equal(reviewing.statusCode, 200, 'still possible while reviewing');

  await ctx.request('POST', `/v1/cycles/${cycle}/transitions`,
    { token: secretariat, body: { to: 'cancelled' } });
  const cancelled = await withdraw(ctx, ana.token, second.id);
  t.equal(cancelled.statusCode, 409);
  t.equal(cancelled.body.error.code, 'wrong_cycle_state');
  const row = await ctx.app.ctx.db.selectFrom('nominations')
    .select('status').where('id', '=', second.id).executeTakeFirst();
  t.equal(row?.status, 'awaiting_consent');
});

// Visibility

t.test('shows each caller the nominations they may see', async (t) => {
  const ctx = await testApp(t);
  const cycle = await nominatingCycle(ctx);
  const { chair, reviewer } = await staff(ctx, cycle);
  const ana = await expert(ctx);
  const ben = await expert(ctx);
  const eve = await expert(ctx);
  const mine = await nominated(ctx, ana, cycle, { email: 'c1@example.net' });
  const theirs = await nominated(ctx, ben, cycle);
  const c1 = await ctx.signIn('c1@example.net');
  const secretariat = await ctx.secretariat();

  const list = async (token?: string) => ctx.request('GET',
    `/v1/cycles/${cycle}/nominations`, token ? { token } : {});
  // Made in the same instant, they come in id order.
  const ids = (res: { body: { id: string }[] }) =>
    res.body.map((n) => n.id).sort();
  const all = [mine.id, theirs.id].sort();

  t.equal((await list()).statusCode, 401, 'anonymous');
  t.same(ids(await list(eve.token)), [], 'an unrelated expert');
  t.same(ids(await list(ana.token)), [mine.id], 'the nominator');
  t.same(ids(await list(c1)), [mine.id], 'the candidate');
  t.same(ids(await list(reviewer.token)), all, 'a reviewer');
  t.same(ids(await list(chair.token)), all, 'an officer');
  t.same(ids(await list(secretariat)), all, 'the secretariat');

  const read = async (token?: string) => (await ctx.request('GET',
    `/v1/nominations/${mine.id}`, token ? { token } : {})).statusCode;
  t.equal(await read(), 401, 'anonymous');
  t.equal(await read(eve.token), 404, 'an unrelated expert');
  t.equal(await read(ben.token), 404, 'another nominator');
  t.equal(await read(ana.token), 200, 'the nominator');
  t.equal(await read(c1), 200, 'the candidate');
  t.equal(await read(reviewer.token), 200, 'a reviewer');
  t.equal(await read(chair.token), 200, 'an officer');
  t.equal(await read(secretariat), 200, 'the secretariat');

  const missing = await ctx.request('GET', '/v1/nominations/nope',
    { token: secretariat });
  t.equal(missing.statusCode, 404);
  const noCycle = await list(secretariat).then(() => ctx.request('GET',
    '/v1/cycles/nope/nominations', { token: secretariat }));
  t.equal(noCycle.statusCode, 404);
});

t.test('tells a person their roles in open cycles', async (t) => {
  const ctx = await testApp(t);
  const cycle = await nominatingCycle(ctx);
  const { chair, reviewer } = await staff(ctx, cycle);
  const eve = await expert(ctx);

  const roles = async (token: string) => (await ctx.request('GET',
    '/v1/me', { token })).body.cycleRoles;
  const entry = (role: string) =>
    ({ cycleId: cycle, groupSlug: 'labor-migration', role });
  t.same(await roles(chair.token), [entry('chair'), entry('reviewer')]);
  t.same(await roles(reviewer.token), [entry('reviewer')]);
  t.same(await roles(eve.token), []);

  await ctx.request('POST', `/v1/cycles/${cycle}/transitions`,
    { token: await ctx.secretariat(), body: { to: 'cancelled' } });
  t.same(await roles(chair.token), [], 'a cancelled cycle is not open');
});

// Flags

t.test('flags mutual nominations and colleague endorsers', async (t) => {
  const ctx = await testApp(t);
  const cycle = await nominatingCycle(ctx);
  const ana = await expert(ctx);
  const ben = await expert(ctx);
  const eve = await expert(ctx, { affiliation: '  UNIVERSITY OF LAGOS ' });
  const fay = await expert(ctx, { affiliation: 'Elsewhere' });

  const anaForBen = await nominated(ctx, ana, cycle, { email: ben.email });
  const benForAna = await nominated(ctx, ben, cycle, { email: ana.email });
  const colleague = await nominated(ctx, fay, cycle,
    { affiliation: 'University of Lagos', country: 'NG' });
  t.equal((await endorse(ctx, eve, colleague.id)).statusCode, 201);
  const plain = await nominated(ctx, fay, cycle);

  const res = await ctx.request('GET', `/v1/cycles/${cycle}/nominations`,
    { token: await ctx.secretariat() });
  const flags = new Map(res.body.map(
    (n: { id: string; flags: string[] }) => [n.id, n.flags]));
  t.same(flags.get(anaForBen.id), ['mutual_nomination', 'referral_ring']);
  t.same(flags.get(benForAna.id), ['mutual_nomination', 'referral_ring']);
  t.same(flags.get(colleague.id), ['endorser_same_affiliation']);
  t.same(flags.get(plain.id), []);

  // A withdrawn nomination takes part in no flag.
  await withdraw(ctx, ben.token, benForAna.id);
  const detail = await ctx.request('GET', `/v1/nominations/${anaForBen.id}`,
    { token: ana.token });
  t.same(detail.body.flags, []);
});
