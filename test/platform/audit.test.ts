import t, { type Test } from 'tap';
import { sql } from 'kysely';
import { hashEvent } from '../../src/audit/audit.repository.js';
import { runCli } from '../../src/cli.js';
import { addPerson, testApp, type TestApp } from '../helpers/app.js';

async function auditRows(ctx: TestApp) {
  return ctx.app.ctx.db.selectFrom('auditEvents').selectAll()
    .orderBy('seq').execute();
}

async function me(ctx: TestApp, token: string): Promise<{ id: string }> {
  return (await ctx.request('GET', '/v1/me', { token })).body;
}

/** Runs `peerpanel audit verify` on the test app's database. */
async function cliVerify(ctx: TestApp) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['audit', 'verify'], {
    DATA_DIR: ctx.dataDir,
    DATABASE_URL: ctx.settings.databaseUrl,
    LOG_LEVEL: 'silent',
    WORKER_INTERVAL_MS: '0',
  }, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

t.test('records who changed a person, in which request, without values',
  async (t) => {
    const ctx = await testApp(t);
    const token = await ctx.secretariat();
    const secretariat = await me(ctx, token);

    const created = await ctx.request('POST', '/v1/people', {
      token,
      body: {
        name: 'Zelda Quixotic-Marsh',
        email: 'zelda.quixotic@example.org',
        affiliation: 'Institute of Unlikely Names',
        country: 'KE',
        gender: 'woman',
      },
    });
    t.equal(created.statusCode, 201);
    const id = created.body.id as string;
    const createdRequestId = created.headers['x-request-id'];
    t.type(createdRequestId, 'string');

    const [createEvent, ...others] = (await auditRows(ctx))
      .filter((e) => e.entityId === id);
    t.equal(others.length, 0, 'one event for one creation');
    t.match(createEvent, {
      actorId: secretariat.id,
      action: 'person.created',
      entity: 'person',
      entityId: id,
      requestId: createdRequestId,
    });
    t.same(JSON.parse(createEvent!.changes), {
      affiliation: { personal: true },
      country: { personal: true },
      email: { personal: true },
      expert: { before: null, after: true },
      expertise: { personal: true },
      gender: { personal: true },
      id: { before: null, after: id },
      name: { personal: true },
      region: { personal: true },
      secretariat: { before: null, after: false },
    });

    ctx.clock.advance(60_000);
    const renamed = await ctx.request('PATCH', `/v1/people/${id}`, {
      token,
      body: { name: 'Zelda Quixotic-Stone', expert: false },
    });
    t.equal(renamed.statusCode, 200);
    const updates = (await auditRows(ctx))
      .filter((e) => e.action === 'person.updated');
    t.equal(updates.length, 1);
    t.match(updates[0], {
      actorId: secretariat.id,
      entity: 'person',
      entityId: id,
      requestId: renamed.headers['x-request-id'],
      at: ctx.clock.now.toISOString(),
    });
    t.same(JSON.parse(updates[0]!.changes), {
      expert: { before: true, after: false },
      name: { personal: true },
    }, 'only what changed, names kept out');

    const self = await ctx.signIn('zelda.quixotic@example.org');
    const own = await ctx.request('PATCH', `/v1/people/${id}`, {
      token: self, body: { affiliation: 'Another Institute of Names' },
    });
    t.equal(own.statusCode, 200);
    const selfEvent = (await auditRows(ctx)).at(-1)!;
    t.equal(selfEvent.actorId, id, 'the person is the actor of their edit');
    t.same(JSON.parse(selfEvent.changes),
      { affiliation: { personal: true } });

    const dump = await sql<{ line: string }>`
      select seq || at || coalesce(actor_id, '') || action || entity ||
        entity_id || changes || coalesce(request_id, '') || prev_hash ||
        hash as line
      from audit_events`.execute(ctx.app.ctx.db);
    const text = dump.rows.map((r) => r.line).join('\n').toLowerCase();
    for (const secret of ['zelda', 'quixotic', 'marsh', 'stone',
      'unlikely names', 'another institute', 'woman', '"ke"', 'ssa']) {
      t.notOk(text.includes(secret), `"${secret}" is not in the trail`);
    }
  });

t.test('filters and pages the audit trail for the secretariat',
  async (t) => {
    const ctx = await testApp(t);
    const token = await ctx.secretariat();
    const secretariat = await me(ctx, token);

    ctx.clock.advance(60_000);
    const aAt = ctx.clock.now.toISOString();
    const a = await addPerson(ctx);
    ctx.clock.advance(60_000);
    const middle = ctx.clock.now.toISOString();
    const b = await addPerson(ctx);
    ctx.clock.advance(60_000);
    await ctx.request('PATCH', `/v1/people/${a.id}`,
      { token, body: { name: 'A. Renamed' } });
    const aToken = await ctx.signIn(a.email);

    const all = await ctx.request('GET', '/v1/audit?limit=1000', { token });
    t.equal(all.statusCode, 200);
    t.equal(all.body.next, null, 'one page holds it all');
    const rows = await auditRows(ctx);
    t.same(all.body.items.map((e: { seq: number }) => e.seq),
      rows.map((r) => r.seq), 'every event, oldest first');
    t.same(all.body.items[0].changes, JSON.parse(rows[0]!.changes),
      'changes come back as an object');

    const people = await ctx.request('GET', '/v1/audit?entity=person',
      { token });
    t.ok(people.body.items.length >= 3);
    t.ok(people.body.items.every(
      (e: { entity: string }) => e.entity === 'person'));

    const aOnly = await ctx.request('GET',
      `/v1/audit?entity=person&entityId=${a.id}`, { token });
    t.same(aOnly.body.items.map((e: { action: string }) => e.action),
      ['person.created', 'person.updated', 'login_link.issued',
        'session.started']);

    const byActor = await ctx.request('GET',
      `/v1/audit?actor=${a.id}`, { token });
    t.same(byActor.body.items.map((e: { action: string }) => e.action),
      ['session.started'], 'what Ada did herself');

    const bySecretariat = await ctx.request('GET',
      `/v1/audit?actor=${secretariat.id}&action=person.created`,
      { token });
    t.same(bySecretariat.body.items.map(
      (e: { entityId: string }) => e.entityId), [a.id, b.id]);

    const updated = await ctx.request('GET',
      '/v1/audit?action=person.updated', { token });
    t.equal(updated.body.items.length, 1);
    t.equal(updated.body.items[0].entityId, a.id);

    const window = await ctx.request('GET',
      `/v1/audit?action=person.created&from=${encodeURIComponent(
        aAt)}&to=${encodeURIComponent(middle)}`, { token });
    t.same(window.body.items.map((e: { entityId: string }) => e.entityId),
      [a.id], 'from is inclusive, to exclusive');
    const since = await ctx.request('GET',
      `/v1/audit?action=person.created&from=${encodeURIComponent(middle)}`,
      { token });
    t.same(since.body.items.map((e: { entityId: string }) => e.entityId),
      [b.id]);
    const offset = await ctx.request('GET',
      '/v1/audit?action=person.created&from=2027-01-10T10:02:00%2B01:00',
      { token });
    t.same(offset.body.items.map((e: { entityId: string }) => e.entityId),
      [b.id], 'an offset time is read as the instant it names');

    const seen: number[] = [];
    let after: number | null = null;
    let pages = 0;
    do {
      const query: string = after === null ? '' : `&after=${after}`;
      const page = await ctx.request('GET', `/v1/audit?limit=4${query}`,
        { token });
      t.equal(page.statusCode, 200);
      t.ok(page.body.items.length <= 4);
      seen.push(...page.body.items.map((e: { seq: number }) => e.seq));
      after = page.body.next;
      pages += 1;
    } while (after !== null && pages < 50);
    t.same(seen, rows.map((r) => r.seq), 'the pages join up exactly');
    t.equal(pages, Math.floor(rows.length / 4) + 1);

    const bad = await ctx.request('GET', '/v1/audit?from=yesterday',
      { token });
    t.equal(bad.statusCode, 400);
    t.equal(bad.body.error.code, 'validation_failed');
    t.match(bad.body.error.message, /querystring\.from/);
    t.same(bad.body.error.details.map((d: { field: string }) => d.field),
      ['querystring.from']);
    const unknownFilter = await ctx.request('GET', '/v1/audit?who=me',
      { token });
    t.equal(unknownFilter.statusCode, 400);
    t.match(unknownFilter.body.error.message, /querystring\.who/);

    const forbidden = await ctx.request('GET', '/v1/audit',
      { token: aToken });
    t.equal(forbidden.statusCode, 403);
    t.equal(forbidden.body.error.code, 'forbidden');
    const anonymous = await ctx.request('GET', '/v1/audit');
    t.equal(anonymous.statusCode, 401);
    t.equal(anonymous.body.error.code, 'unauthenticated');
    for (const url of ['/v1/audit/verification']) {
      t.equal((await ctx.request('GET', url, { token: aToken })).statusCode,
        403);
      t.equal((await ctx.request('GET', url)).statusCode, 401);
    }
  });

/** A trail of known length: start-up, three people, one edit. */
async function trail(t: Test) {
  const ctx = await testApp(t);
  const token = await ctx.secretariat();
  const a = await addPerson(ctx);
  await addPerson(ctx);
  await addPerson(ctx);
  await ctx.request('PATCH', `/v1/people/${a.id}`,
    { token, body: { expert: false } });
  const rows = await auditRows(ctx);
  t.ok(rows.length >= 12, 'enough events to tamper with');

  const intact = await ctx.request('GET', '/v1/audit/verification',
    { token });
  t.same(intact.body, { ok: true, events: rows.length, firstBadSeq: null,
    problem: null });
  const cli = await cliVerify(ctx);
  t.equal(cli.code, 0);
  t.match(cli.out, `audit trail intact: ${rows.length} events`);
  return { ctx, token, count: rows.length };
}

async function expectBroken(
  t: Test,
  ctx: TestApp,
  token: string,
  firstBadSeq: number,
  problem: string,
) {
  const res = await ctx.request('GET', '/v1/audit/verification', { token });
  t.equal(res.statusCode, 200);
  t.equal(res.body.ok, false);
  t.equal(res.body.firstBadSeq, firstBadSeq);
  t.equal(res.body.problem, problem);
  t.equal(res.body.events, firstBadSeq - 1, 'the events before are good');

  const cli = await cliVerify(ctx);
  t.equal(cli.code, 1, 'the command fails');
  t.match(cli.err, new RegExp(`broken at event ${firstBadSeq}\\b`));
  t.match(cli.err, problem);
}

t.test('detects an edited change in the trail', async (t) => {
  const { ctx, token } = await trail(t);
  await sql`update audit_events set changes = '{}' where seq = 5`
    .execute(ctx.app.ctx.db);
  await expectBroken(t, ctx, token, 5, 'hash_mismatch');
});

t.test('detects an edited action in the trail', async (t) => {
  const { ctx, token } = await trail(t);
  await sql`update audit_events set action = 'person.viewed'
    where seq = 11`.execute(ctx.app.ctx.db);
  await expectBroken(t, ctx, token, 11, 'hash_mismatch');
});

t.test('detects an edit that recomputes the event\'s own hash',
  async (t) => {
    const { ctx, token } = await trail(t);
    const row = (await auditRows(ctx)).find((r) => r.seq === 7)!;
    const forged = { ...row, actorId: 'someone-else',
      changes: JSON.parse(row.changes) };
    const { hash: _old, ...rest } = forged;
    await ctx.app.ctx.db.updateTable('auditEvents')
      .set({ actorId: 'someone-else', hash: hashEvent(rest) })
      .where('seq', '=', 7).execute();
    await expectBroken(t, ctx, token, 8, 'broken_link');
  });

t.test('detects a deleted event in the trail', async (t) => {
  const { ctx, token } = await trail(t);
  await sql`delete from audit_events where seq = 4`
    .execute(ctx.app.ctx.db);
  await expectBroken(t, ctx, token, 4, 'sequence_gap');
});

t.test('detects two events swapped in the trail', async (t) => {
  const { ctx, token } = await trail(t);
  const db = ctx.app.ctx.db;
  await sql`update audit_events set seq = -1 where seq = 3`.execute(db);
  await sql`update audit_events set seq = 3 where seq = 6`.execute(db);
  await sql`update audit_events set seq = 6 where seq = -1`.execute(db);
  await expectBroken(t, ctx, token, 3, 'broken_link');
});

t.test('keeps the chain intact as events are appended', async (t) => {
  const { ctx, token, count } = await trail(t);
  await addPerson(ctx);
  const res = await ctx.request('GET', '/v1/audit/verification', { token });
  t.same(res.body, { ok: true, events: count + 1, firstBadSeq: null,
    problem: null });
  const rows = await auditRows(ctx);
  rows.forEach((row, i) => {
    if (i > 0) t.equal(row.prevHash, rows[i - 1]!.hash, `link ${row.seq}`);
  });
  t.equal(rows[0]!.prevHash, '0'.repeat(64));
});
