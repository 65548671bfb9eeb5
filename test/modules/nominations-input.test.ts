import fc from 'fast-check';
import t, { type Test } from 'tap';
import { testApp, type TestApp } from '../helpers/app.js';
import {
  AREA,
  candidate,
  expert,
  invitationToken,
  nominated,
  nominatingCycle,
  statement,
} from '../helpers/nominations.js';

/** Bodies no endpoint should take, as raw JSON text (or not JSON). */
const JUNK: string[] = [
  'null', '[]', '"x"', '0', '-1.5e308', 'true', '{}', '[{}]',
  '{"candidate": null}', '{"statement": 123}', '{"focusAreas": "a"}',
  '{"decision": "maybe"}', '{"decision": ["accept"]}',
  '{"decision": "accept", "profile": "x"}',
  '{"decision": "accept", "profile": {"country": 5}}',
  JSON.stringify({ candidate: { name: 1, email: [], affiliation: {},
    country: null }, statement: {}, focusAreas: [[]] }),
  JSON.stringify({ candidate: { name: 'A', email: 'not-an-email',
    affiliation: 'B', country: 'ZZ' }, statement: statement(),
    focusAreas: [AREA] }),
  JSON.stringify({ statement: statement(), extra: true }),
  JSON.stringify({ statement: 'x'.repeat(100_000) }),
  JSON.stringify({ statement: 'x'.repeat(300_000) }),
  JSON.stringify({ statement: statement(), focusAreas: ['a'.repeat(5000)] }),
  JSON.stringify({ __proto__: null, constructor: { prototype: { x: 1 } } }),
  '{"__proto__": {"admin": true}}',
  '{', '{"a":', '{\'a\': 1}', 'undefined', 'NaN', '\u0000',
  '[' .repeat(5000) + ']'.repeat(5000),
];

function assertRefused(t: Test, res: { statusCode: number; body: any },
  what: string): void {
  t.ok(res.statusCode >= 400 && res.statusCode < 500,
    `${what}: 4xx (got ${res.statusCode})`);
  t.type(res.body?.error?.code, 'string', `${what}: an error code`);
  t.type(res.body?.error?.message, 'string', `${what}: a message`);
}

async function post(ctx: TestApp, url: string, payload: string,
  token?: string) {
  const res = await ctx.app.inject({
    method: 'POST',
    url,
    payload,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  let body: unknown = null;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = null;
  }
  return { statusCode: res.statusCode, body };
}

t.test('every POST refuses junk bodies with a 4xx error', async (t) => {
  const ctx = await testApp(t);
  const cycle = await nominatingCycle(ctx);
  const ana = await expert(ctx);
  const ben = await expert(ctx);
  const nomination = await nominated(ctx, ana, cycle,
    { email: 'cleo@example.net' });
  const token = await invitationToken(ctx, 'cleo@example.net');

  const endpoints: [string, string, string | undefined][] = [
    ['nominate', `/v1/cycles/${cycle}/nominations`, ana.token],
    ['endorse', `/v1/nominations/${nomination.id}/endorsements`, ben.token],
    ['withdraw', `/v1/nominations/${nomination.id}/withdrawal`, ana.token],
    ['answer', `/v1/invitations/${token}`, undefined],
  ];
  for (const [name, url, bearer] of endpoints) {
    for (const junk of JUNK) {
      // A withdrawal carries nothing: an absent body (which reaches the
      // schema as null) and an empty object are both valid there.
      if (name === 'withdraw' && (junk === 'null' || junk === '{}')) {
        continue;
      }
      const res = await post(ctx, url, junk, bearer);
      // Quoted, so that a control character in the junk never reaches
      // the TAP output (a NUL there makes grep call the log binary).
      assertRefused(t, res, `${name} ${JSON.stringify(junk.slice(0, 40))}`);
    }
    for (const type of ['text/plain', 'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x']) {
      const res = await ctx.app.inject({ method: 'POST', url,
        payload: 'decision=accept', headers: {
          'content-type': type,
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        } });
      assertRefused(t, { statusCode: res.statusCode, body: res.json() },
        `${name} as ${type}`);
    }
    const empty = await post(ctx, url, '', bearer);
    assertRefused(t, empty, `${name} empty`);
  }

  // Nothing changed: the one nomination waits, unendorsed, link unspent.
  const rows = await ctx.app.ctx.db.selectFrom('nominations')
    .select('status').execute();
  t.same(rows, [{ status: 'awaiting_consent' }]);
  const endorsements = await ctx.app.ctx.db.selectFrom('endorsements')
    .select('id').execute();
  t.same(endorsements, []);
  const link = await ctx.request('GET', `/v1/invitations/${token}`);
  t.equal(link.statusCode, 200);
});

t.test('random bodies never make a nomination fail with a 5xx',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const ana = await expert(ctx);
    const url = `/v1/cycles/${cycle}/nominations`;

    // Bodies near the right shape reach deeper than random JSON does.
    const near = fc.record({
      candidate: fc.oneof(fc.jsonValue(), fc.record({
        name: fc.oneof(fc.string(), fc.jsonValue()),
        email: fc.oneof(fc.emailAddress(), fc.string(), fc.jsonValue()),
        affiliation: fc.oneof(fc.string(), fc.jsonValue()),
        country: fc.oneof(fc.constantFrom('KE', 'fr', 'ZZ', ''),
          fc.jsonValue()),
      }, { requiredKeys: [] })),
      statement: fc.oneof(fc.string({ maxLength: 6000 }),
        fc.constant(statement()), fc.jsonValue()),
      focusAreas: fc.oneof(fc.array(fc.oneof(fc.constant(AREA),
        fc.string())), fc.jsonValue()),
    }, { requiredKeys: [] });
    const body = fc.oneof(fc.jsonValue(), near,
      fc.constant({ candidate: candidate(), statement: statement(),
        focusAreas: [AREA] }));

    await fc.assert(fc.asyncProperty(body, async (value) => {
      const res = await post(ctx, url, JSON.stringify(value) ?? 'null',
        ana.token);
      if (res.statusCode >= 500) {
        throw new Error(`${res.statusCode} for ${JSON.stringify(value)}`);
      }
      if (res.statusCode >= 400) {
        const error = (res.body as { error?: { code?: unknown } })?.error;
        if (typeof error?.code !== 'string') {
          throw new Error(`no error shape for ${JSON.stringify(value)}`);
        }
      }
    }), { numRuns: 300 });
    t.pass('no 5xx in 300 random bodies');
  });
