import t from 'tap';
import { testApp, type TestApp } from '../helpers/app.js';
import {
  auditOf,
  expert,
  invitationToken,
  nominate,
  nominated,
  nominatingCycle,
  nominationBody,
  statement,
} from '../helpers/nominations.js';

const DAY = 24 * 60 * 60 * 1000;

/** A cycle with one nomination of a new candidate, and their link. */
async function invited(ctx: TestApp, email = 'cleo@example.net') {
  const cycle = await nominatingCycle(ctx);
  const ana = await expert(ctx);
  const nomination = await nominated(ctx, ana, cycle, { email });
  const token = await invitationToken(ctx, email);
  return { cycle, ana, nomination, token };
}

async function statusOf(ctx: TestApp, id: string) {
  const row = await ctx.app.ctx.db.selectFrom('nominations')
    .select('status').where('id', '=', id).executeTakeFirst();
  return row?.status;
}

function answer(ctx: TestApp, token: string, body: unknown) {
  return ctx.request('POST', `/v1/invitations/${token}`, { body });
}

t.test('a link answers once', async (t) => {
  const ctx = await testApp(t);
  const { nomination, token } = await invited(ctx);

  const first = await answer(ctx, token, { decision: 'accept' });
  t.equal(first.statusCode, 200);
  t.equal(first.body.status, 'consented');

  for (const decision of ['accept', 'decline']) {
    const again = await answer(ctx, token, { decision });
    t.equal(again.statusCode, 410, `then ${decision}`);
    t.equal(again.body.error.code, 'invitation_gone');
  }
  t.equal((await ctx.request('GET', `/v1/invitations/${token}`)).statusCode,
    410);
  const page = await ctx.request('GET', `/invitations/${token}`);
  t.equal(page.statusCode, 410);
  t.match(page.raw, 'This link no longer works');
  t.equal(await statusOf(ctx, nomination.id), 'consented');
  const used = await ctx.app.ctx.db.selectFrom('invitations')
    .select('usedAt').where('nominationId', '=', nomination.id)
    .executeTakeFirst();
  t.equal(used?.usedAt, ctx.clock.now.toISOString());
});

t.test('accepting without a profile keeps the data and makes an expert',
  async (t) => {
    const ctx = await testApp(t);
    const { token } = await invited(ctx);
    const before = await ctx.app.ctx.db.selectFrom('people').selectAll()
      .where('email', '=', 'cleo@example.net').executeTakeFirstOrThrow();

    const res = await answer(ctx, token, { decision: 'accept' });
    t.equal(res.statusCode, 200);
    const after = await ctx.app.ctx.db.selectFrom('people').selectAll()
      .where('id', '=', before.id).executeTakeFirstOrThrow();
    t.same({ ...after, isExpert: 0, updatedAt: before.updatedAt }, before);
    t.equal(after.isExpert, 1);
    const events = await auditOf(ctx, before.id);
    const updated = events.find((e) => e.action === 'person.updated');
    t.same(JSON.parse(updated?.changes ?? '{}'),
      { expert: { before: false, after: true } });
    t.equal(updated?.actorId, before.id);
  });

t.test('a candidate may decline', async (t) => {
  const ctx = await testApp(t);
  const { cycle, nomination, token } = await invited(ctx);

  const withProfile = await answer(ctx, token, { decision: 'decline',
    profile: { affiliation: 'X', country: 'KE', expertise: [] } });
  t.equal(withProfile.statusCode, 400, 'a profile goes with accept only');

  const res = await answer(ctx, token, { decision: 'decline' });
  t.equal(res.statusCode, 200);
  t.equal(res.body.status, 'declined');
  t.equal(await statusOf(ctx, nomination.id), 'declined');
  const person = await ctx.app.ctx.db.selectFrom('people')
    .select(['id', 'isExpert']).where('email', '=', 'cleo@example.net')
    .executeTakeFirstOrThrow();
  t.equal(person.isExpert, 0, 'declining makes no expert');

  const events = await auditOf(ctx, nomination.id);
  const declined = events.find((e) => e.action === 'nomination.declined');
  t.equal(declined?.actorId, person.id);

  const ben = await expert(ctx);
  const endorsed = await ctx.request('POST',
    `/v1/nominations/${nomination.id}/endorsements`,
    { token: ben.token, body: { statement: statement() } });
  t.equal(endorsed.statusCode, 409);
  t.equal(endorsed.body.error.code, 'wrong_nomination_status');
  const renominated = await nominate(ctx, ben, cycle,
    nominationBody({ email: 'cleo@example.net' }));
  t.equal(renominated.statusCode, 409, 'a declined candidate stays out');
  t.equal(renominated.body.error.code, 'duplicate_nomination');
});

t.test('an unanswered invitation expires after consentDays', async (t) => {
  const ctx = await testApp(t);
  const { cycle, ana, nomination, token } = await invited(ctx);
  const expiresAt = Date.parse('2027-01-24T09:00:00.000Z');

  ctx.clock.set(new Date(expiresAt - 1).toISOString());
  await ctx.flush();
  t.equal(await statusOf(ctx, nomination.id), 'awaiting_consent');
  t.equal((await ctx.request('GET', `/v1/invitations/${token}`)).statusCode,
    200, 'one millisecond before its expiry');

  ctx.clock.set(new Date(expiresAt).toISOString());
  t.equal((await ctx.request('GET', `/v1/invitations/${token}`)).statusCode,
    410, 'at its expiry');

  // consentDays (14) and one day after the nomination
  ctx.clock.set(new Date(expiresAt + DAY).toISOString());
  await ctx.flush();
  t.equal(await statusOf(ctx, nomination.id), 'expired');
  const refused = await answer(ctx, token, { decision: 'accept' });
  t.equal(refused.statusCode, 410);
  t.equal(refused.body.error.code, 'invitation_gone');

  const events = await auditOf(ctx, nomination.id);
  const expiry = events.filter((e) => e.action === 'nomination.expired');
  t.equal(expiry.length, 1);
  t.equal(expiry[0]?.actorId, null, 'the service expired it');
  await ctx.flush();
  t.equal((await auditOf(ctx, nomination.id)).length, events.length,
    'a second run changes nothing');

  const shown = await ctx.request('GET', `/v1/nominations/${nomination.id}`,
    { token: ana.token });
  t.equal(shown.body.status, 'expired');
  const fresh = await nominate(ctx, ana, cycle,
    nominationBody({ email: 'cleo@example.net' }));
  t.equal(fresh.statusCode, 201, 'the candidate may be nominated afresh');
});

t.test('an unknown link answers 404', async (t) => {
  const ctx = await testApp(t);
  const api = await ctx.request('GET', '/v1/invitations/not-a-token');
  t.equal(api.statusCode, 404);
  t.equal(api.body.error.code, 'not_found');
  const post = await answer(ctx, 'not-a-token', { decision: 'accept' });
  t.equal(post.statusCode, 404);
  const page = await ctx.request('GET', '/invitations/not-a-token');
  t.equal(page.statusCode, 404);
  t.match(page.headers['content-type'], 'text/html');
  t.match(page.raw, 'not known');
});

t.test('the link opens a page that shows the nomination, escaped',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const ana = await expert(ctx, { name: 'Ana <b>Lopez</b>' });
    const res = await nominate(ctx, ana, cycle, nominationBody({
      name: '<script>alert(1)</script>', email: 'x@example.net',
    }, { statement: `${statement(60)} "quoted" & <img src=x>` }));
    t.equal(res.statusCode, 201);
    const token = await invitationToken(ctx, 'x@example.net');

    const page = await ctx.request('GET', `/invitations/${token}`);
    t.equal(page.statusCode, 200);
    t.match(page.headers['content-type'], 'text/html');
    t.equal(page.headers['cache-control'], 'no-store');
    t.equal(page.headers['referrer-policy'], 'no-referrer');
    const csp = String(page.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    t.ok(nonce, 'scripts need the page\'s nonce');
    t.match(page.raw, `<script nonce="${nonce}">`);
    t.equal(page.raw.match(/<script/g)?.length, 1, 'one script only');
    t.match(page.raw, '&lt;script&gt;alert(1)&lt;/script&gt;');
    t.match(page.raw, 'Ana &lt;b&gt;Lopez&lt;/b&gt;');
    t.match(page.raw, '&quot;quoted&quot; &amp; &lt;img src=x&gt;');
    t.notMatch(page.raw, '<img src=x>');
    t.match(page.raw, 'secretariat@localhost');
    t.match(page.raw, '../v1/invitations/', 'answers through the API');
    t.notMatch(page.raw, token, 'the token is not written into the page');

    const [mail] = ctx.mail.to('x@example.net');
    t.match(mail?.html, '&lt;script&gt;alert(1)&lt;/script&gt;');
    t.notMatch(mail?.html, '<script>');

    t.equal(await ctx.request('GET', `/invitations/${token}`)
      .then((r) => r.statusCode), 200, 'reading spends nothing');
  });

t.test('an answer to a withdrawn nomination is refused', async (t) => {
  const ctx = await testApp(t);
  const { ana, nomination, token } = await invited(ctx);
  await ctx.request('POST', `/v1/nominations/${nomination.id}/withdrawal`,
    { token: ana.token });

  const res = await answer(ctx, token, { decision: 'accept' });
  t.equal(res.statusCode, 410);
  t.equal(await statusOf(ctx, nomination.id), 'withdrawn');
  const person = await ctx.app.ctx.db.selectFrom('people')
    .select('isExpert').where('email', '=', 'cleo@example.net')
    .executeTakeFirstOrThrow();
  t.equal(person.isExpert, 0);
});
