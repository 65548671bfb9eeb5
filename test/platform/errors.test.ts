import t, { type Test } from 'tap';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { addPerson, testApp, type TestApp } from '../helpers/app.js';

interface Raw {
  payload?: string;
  contentType?: string;
}

/** Bad bodies of every kind, sent as raw bytes. */
function junkBodies(valid: Record<string, unknown>): Record<string, Raw> {
  const json = (value: unknown): Raw => ({
    payload: JSON.stringify(value), contentType: 'application/json',
  });
  const long = 'x'.repeat(5000);
  return {
    'invalid JSON': { payload: '{"name": ', contentType: 'application/json' },
    'JSON with a trailing comma': { payload: '{"a": 1,}',
      contentType: 'application/json' },
    'an empty JSON body': { payload: '', contentType: 'application/json' },
    'no body at all': {},
    'text/plain': { payload: JSON.stringify(valid),
      contentType: 'text/plain' },
    'a form': { payload: 'name=x&email=y',
      contentType: 'application/x-www-form-urlencoded' },
    'null': json(null),
    'an array': json([valid]),
    'a string': json('hello'),
    'a number': json(42),
    'true': json(true),
    'an empty object': json({}),
    'an extra field': json({ ...valid, isAdmin: true }),
    'wrong types': json(Object.fromEntries(
      Object.keys(valid).map((k) => [k, { nested: [1, 2] }]))),
    'numbers for strings': json(Object.fromEntries(
      Object.keys(valid).map((k) => [k, 12345]))),
    'over-long strings': json(Object.fromEntries(
      Object.keys(valid).map((k) => [k, long]))),
    'a prototype key': { payload: `{"__proto__": {"x": 1}, ${
      JSON.stringify(valid).slice(1)}`, contentType: 'application/json' },
    'a 300 KB body': json({ ...valid, padding: 'p'.repeat(300 * 1024) }),
  };
}

let address = 0;

/** Injects raw bytes; each call comes from its own client address. */
async function send(
  ctx: TestApp,
  method: InjectOptions['method'],
  url: string,
  raw: Raw,
  token?: string,
) {
  address += 1;
  const res = await ctx.app.inject({
    method,
    url,
    remoteAddress: `10.0.${Math.floor(address / 250)}.${address % 250 + 1}`,
    headers: {
      ...(raw.contentType ? { 'content-type': raw.contentType } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(raw.payload === undefined ? {} : { payload: raw.payload }),
  });
  let body: any = null;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = null;
  }
  return { statusCode: res.statusCode, body };
}

function assertErrorShape(t: Test, res: { statusCode: number; body: any },
  what: string) {
  t.ok(res.statusCode >= 400 && res.statusCode < 500,
    `${what}: 4xx (got ${res.statusCode})`);
  t.type(res.body?.error?.code, 'string', `${what}: error code`);
  t.match(res.body?.error?.code, /^[a-z]+(_[a-z]+)*$/, `${what}: snake_case`);
  t.type(res.body?.error?.message, 'string', `${what}: error message`);
  t.same(Object.keys(res.body ?? {}), ['error'], `${what}: only error`);
}

t.test('answers every junk body with a 4xx error, never a 500',
  async (t) => {
    const ctx = await testApp(t);
    const token = await ctx.secretariat();
    const target = await addPerson(ctx, { email: 'target@example.org' });
    const peopleBefore = await ctx.app.ctx.db.selectFrom('people')
      .selectAll().orderBy('id').execute();
    const eventsBefore = await ctx.app.ctx.db.selectFrom('auditEvents')
      .select('seq').execute();

    const endpoints: [InjectOptions['method'], string,
      Record<string, unknown>, string?][] = [
      ['POST', '/v1/people', { name: 'N', email: 'n@example.org' }, token],
      ['PATCH', `/v1/people/${target.id}`, { name: 'N' }, token],
      ['POST', '/v1/auth/login-links', { email: 'target@example.org' }],
      ['POST', '/v1/auth/tokens', { token: 'abc' }],
    ];
    for (const [method, url, valid, bearer] of endpoints) {
      for (const [what, raw] of Object.entries(junkBodies(valid))) {
        // An empty PATCH is a valid request that changes nothing.
        if (method === 'PATCH' && what === 'an empty object') continue;
        const label = `${method} ${url.replace(target.id, ':id')}: ${what}`;
        const res = await send(ctx, method, url, raw, bearer);
        assertErrorShape(t, res, label);
        if (what === 'a 300 KB body') {
          t.equal(res.statusCode, 413, label);
          t.equal(res.body.error.code, 'body_too_large', label);
        }
        if (what === 'a form') {
          t.equal(res.statusCode, 415, label);
          t.equal(res.body.error.code, 'unsupported_media_type', label);
        }
        if (what === 'text/plain') {
          // Fastify reads text/plain as a string, which is no object.
          t.equal(res.statusCode, 400, label);
          t.equal(res.body.error.code, 'validation_failed', label);
        }
        if (what === 'invalid JSON') {
          t.equal(res.statusCode, 400, label);
          t.equal(res.body.error.code, 'malformed_request', label);
        }
        if (['null', 'an array', 'a string', 'a number', 'an empty object',
          'an extra field', 'wrong types', 'over-long strings']
          .includes(what)) {
          t.equal(res.statusCode, 400, label);
          t.equal(res.body.error.code, 'validation_failed', label);
        }
      }
    }

    const peopleAfter = await ctx.app.ctx.db.selectFrom('people')
      .selectAll().orderBy('id').execute();
    t.same(peopleAfter, peopleBefore, 'no person was added or changed');
    const eventsAfter = await ctx.app.ctx.db.selectFrom('auditEvents')
      .select('seq').execute();
    t.equal(eventsAfter.length, eventsBefore.length, 'no audit event');
    await ctx.flush();
    t.equal(ctx.mail.sent.length, 0, 'no mail');
  });

t.test('an empty PATCH changes nothing but is no error', async (t) => {
  const ctx = await testApp(t);
  const token = await ctx.secretariat();
  const person = await addPerson(ctx);
  const res = await ctx.request('PATCH', `/v1/people/${person.id}`,
    { token, body: {} });
  t.equal(res.statusCode, 200);
  t.equal(res.body.name, person.name);
});

t.test('names the failing fields of a validation failure', async (t) => {
  const ctx = await testApp(t);
  const token = await ctx.secretariat();

  const res = await ctx.request('POST', '/v1/people', {
    token,
    body: { email: 'not an email', country: 'XX', expertise: ['ok', ''],
      colour: 'blue' },
  });
  t.equal(res.statusCode, 400);
  t.equal(res.body.error.code, 'validation_failed');
  const fields = res.body.error.details.map((d: { field: string }) =>
    d.field);
  for (const field of ['body.name', 'body.email', 'body.country',
    'body.expertise.1', 'body.colour']) {
    t.ok(fields.includes(field), `details name ${field}`);
    t.match(res.body.error.message, field, `the message names ${field}`);
  }
  for (const detail of res.body.error.details) {
    t.type(detail.message, 'string');
  }

  const param = await ctx.request('PATCH', `/v1/people/${'x'.repeat(100)}`,
    { token, body: { name: 'N' } });
  t.equal(param.statusCode, 400);
  t.match(param.body.error.message, 'params.id');

  const link = await ctx.request('POST', '/v1/auth/login-links',
    { body: { email: 'nope' } });
  t.equal(link.statusCode, 400);
  t.match(link.body.error.message, 'body.email');
});

t.test('answers an unknown route with the error shape', async (t) => {
  const ctx = await testApp(t);
  for (const [method, url] of [['GET', '/nope'], ['POST', '/v1/people/x/y'],
    ['DELETE', '/v1/people'], ['GET', '/v2/groups']] as const) {
    const res = await ctx.request(method, url);
    t.equal(res.statusCode, 404, `${method} ${url}`);
    t.same(res.body, { error: { code: 'not_found',
      message: 'route not found' } });
  }
});

t.test('answers a failure on our side with nothing of its internals',
  async (t) => {
    const ctx = await testApp(t);
    const token = await ctx.secretariat();
    await sql`drop table cycle_reviewers`.execute(ctx.app.ctx.db);

    const res = await ctx.request('POST',
      '/v1/groups/labor-migration/cycles', {
        token,
        body: { nominationDeadline: '2027-02-01T00:00:00Z',
          reviewDeadline: '2027-03-01T00:00:00Z' },
      });
    t.equal(res.statusCode, 500);
    t.same(res.body, { error: { code: 'internal_error',
      message: 'something went wrong on our side' } });
    t.notMatch(res.raw, /cycle_reviewers|sqlite|at |\.ts/i,
      'no table, driver or stack');
    const cycles = await ctx.app.ctx.db.selectFrom('cycles')
      .select('id').execute();
    t.same(cycles, [], 'the failed change left nothing behind');
    const events = await ctx.app.ctx.db.selectFrom('auditEvents')
      .select('seq').where('action', '=', 'cycle.created').execute();
    t.same(events, [], 'not even its audit event');
  });

const Json = fc.jsonValue({ maxDepth: 3 });
const PersonLike = fc.record({
  name: fc.oneof(fc.string({ maxLength: 300 }), Json),
  email: fc.oneof(fc.emailAddress(), fc.string(), Json),
  affiliation: fc.oneof(fc.string({ maxLength: 400 }), Json),
  country: fc.oneof(fc.constantFrom('fr', ' KE ', 'XX', 'ZZZ', ''),
    fc.string({ maxLength: 3 }), Json),
  gender: fc.oneof(fc.string(), Json),
  expertise: fc.oneof(fc.array(fc.string()), Json),
  secretariat: fc.oneof(fc.boolean(), Json),
  expert: fc.oneof(fc.boolean(), Json),
  extra: Json,
}, { requiredKeys: [] });

t.test('random JSON posted as a person never gets a 500', async (t) => {
  const ctx = await testApp(t);
  const token = await ctx.secretariat();
  let created = 0;

  await fc.assert(fc.asyncProperty(fc.oneof(Json, PersonLike),
    async (value) => {
      const res = await send(ctx, 'POST', '/v1/people',
        { payload: JSON.stringify(value), contentType: 'application/json' },
        token);
      if (res.statusCode === 201) {
        created += 1;
        return typeof res.body.id === 'string';
      }
      return res.statusCode < 500 &&
        typeof res.body?.error?.code === 'string' &&
        typeof res.body?.error?.message === 'string';
    }), { seed: 20270110, numRuns: 300 });

  const people = await ctx.app.ctx.db.selectFrom('people')
    .select('id').execute();
  t.equal(people.length, created + 1, 'only the 201s left a person');
});

t.test('people: the secretariat adds, a person edits only themselves',
  async (t) => {
    const ctx = await testApp(t);
    const token = await ctx.secretariat();
    const db = ctx.app.ctx.db;

    const created = await ctx.request('POST', '/v1/people', {
      token,
      body: { name: ' Ada Lovelace ', email: 'Ada@Example.org',
        affiliation: 'Analytical Society', country: ' gb ',
        expertise: ['labour markets'] },
    });
    t.equal(created.statusCode, 201);
    t.match(created.body, {
      name: 'Ada Lovelace', email: 'ada@example.org', country: 'GB',
      region: 'eca', expert: true, secretariat: false, standing: 'new',
      history: [], expertise: ['labour markets'],
    });
    const ada = created.body.id as string;
    const stored = await db.selectFrom('people').select(['email', 'name'])
      .where('id', '=', ada).executeTakeFirstOrThrow();
    t.same(stored, { email: 'ada@example.org', name: 'Ada Lovelace' },
      'the answer is what was stored');

    const taken = await ctx.request('POST', '/v1/people',
      { token, body: { name: 'Other Ada', email: 'ADA@example.ORG' } });
    t.equal(taken.statusCode, 409);
    t.equal(taken.body.error.code, 'email_taken');
    const rows = await db.selectFrom('people').select('email')
      .where('email', 'like', '%ada%').execute();
    t.same(rows, [{ email: 'ada@example.org' }], 'still one Ada');

    const badCountry = await ctx.request('POST', '/v1/people',
      { token, body: { name: 'Zed', email: 'zed@example.org',
        country: 'XK1' } });
    t.equal(badCountry.statusCode, 400);
    t.equal(badCountry.body.error.code, 'validation_failed');
    t.match(badCountry.body.error.message, 'body.country');
    const unassigned = await ctx.request('POST', '/v1/people',
      { token, body: { name: 'Zed', email: 'zed@example.org',
        country: 'ZZ' } });
    t.equal(unassigned.statusCode, 400);
    t.notOk(await db.selectFrom('people').select('id')
      .where('email', '=', 'zed@example.org').executeTakeFirst());

    const other = await addPerson(ctx, { email: 'grace@example.org' });
    const adaToken = await ctx.signIn('ada@example.org');

    const notSecretariat = await ctx.request('POST', '/v1/people',
      { token: adaToken, body: { name: 'X', email: 'x@example.org' } });
    t.equal(notSecretariat.statusCode, 403);
    t.equal(notSecretariat.body.error.code, 'forbidden');
    t.equal((await ctx.request('POST', '/v1/people',
      { body: { name: 'X', email: 'x@example.org' } })).statusCode, 401);

    const own = await ctx.request('PATCH', `/v1/people/${ada}`,
      { token: adaToken, body: { name: 'Augusta Ada King', country: 'IE' } });
    t.equal(own.statusCode, 200);
    t.match(own.body, { name: 'Augusta Ada King', country: 'IE',
      region: 'eca' });

    const promote = await ctx.request('PATCH', `/v1/people/${ada}`,
      { token: adaToken, body: { secretariat: true } });
    t.equal(promote.statusCode, 403);
    t.equal(promote.body.error.code, 'forbidden');
    t.match(promote.body.error.message, 'secretariat');
    const email = await ctx.request('PATCH', `/v1/people/${ada}`,
      { token: adaToken, body: { email: 'new@example.org' } });
    t.equal(email.statusCode, 403);

    const someoneElse = await ctx.request('PATCH',
      `/v1/people/${other.id}`,
      { token: adaToken, body: { name: 'Hijacked' } });
    t.equal(someoneElse.statusCode, 404);
    t.equal(someoneElse.body.error.code, 'not_found');
    const readOther = await ctx.request('GET', `/v1/people/${other.id}`,
      { token: adaToken });
    t.equal(readOther.statusCode, 404);

    const after = await db.selectFrom('people').selectAll()
      .where('id', 'in', [ada, other.id]).execute();
    const byId = new Map(after.map((p) => [p.id, p]));
    t.equal(byId.get(ada)!.isSecretariat, 0, 'Ada is not secretariat');
    t.equal(byId.get(ada)!.email, 'ada@example.org');
    t.equal(byId.get(other.id)!.name, other.name as string,
      'the other person is untouched');

    const clash = await ctx.request('PATCH', `/v1/people/${other.id}`,
      { token, body: { email: 'ADA@example.org' } });
    t.equal(clash.statusCode, 409);
    t.equal(clash.body.error.code, 'email_taken');
    const recased = await ctx.request('PATCH', `/v1/people/${other.id}`,
      { token, body: { email: 'Grace@EXAMPLE.org' } });
    t.equal(recased.statusCode, 200);
    t.equal(recased.body.email, 'grace@example.org');
    const lastEvent = await db.selectFrom('auditEvents').selectAll()
      .orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    t.notOk('email' in JSON.parse(lastEvent.changes),
      'a change of case alone is no change of address');
    const missing = await ctx.request('PATCH', '/v1/people/nobody',
      { token, body: { name: 'N' } });
    t.equal(missing.statusCode, 404);
  });
