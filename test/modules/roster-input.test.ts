import t, { type Test } from 'tap';
import { rosterCycle, type RosterCycle } from '../helpers/rosters.js';

/** Raw bodies, each sent as application/json unless it says otherwise. */
const JUNK: { what: string; payload: string; type?: string }[] = [
  { what: 'empty', payload: '' },
  { what: 'null', payload: 'null' },
  { what: 'a list', payload: '[]' },
  { what: 'a string', payload: '"roster"' },
  { what: 'a number', payload: '42' },
  { what: 'true', payload: 'true' },
  { what: 'cut short', payload: '{"chairId": ' },
  { what: 'not JSON', payload: '{chairId: x}' },
  { what: 'an empty object', payload: '{}' },
  { what: 'nulls', payload: JSON.stringify({ chairId: null,
    coChairId: null, expertIds: null, reason: null, personId: null,
    score: null }) },
  { what: 'wrong types', payload: JSON.stringify({ chairId: {},
    coChairId: [], expertIds: 'all', reason: 5, personId: [1],
    score: 1 }) },
  { what: 'nested lists', payload: JSON.stringify({ expertIds: [[['x']]],
    personId: { id: 'x' } }) },
  { what: 'a prototype key', payload: '{"__proto__": {"admin": true},'
    + ' "constructor": {"prototype": {}}}' },
  { what: 'a long id', payload: JSON.stringify({ personId: 'x'.repeat(5000),
    reason: 'r', chairId: 'x'.repeat(5000), coChairId: 'y',
    expertIds: [] }) },
  { what: 'many ids', payload: JSON.stringify({ chairId: 'a',
    coChairId: 'b', expertIds: Array.from({ length: 500 }, (_, i) =>
      `id-${i}`) }) },
  { what: 'a huge body', payload: JSON.stringify({
    reason: 'x'.repeat(300 * 1024) }) },
  { what: 'a long reason', payload: JSON.stringify({
    reason: 'x'.repeat(2001) }) },
  { what: 'deep nesting', payload: `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { what: 'plain text', payload: 'reason=because', type: 'text/plain' },
  { what: 'a form', payload: 'reason=because',
    type: 'application/x-www-form-urlencoded' },
];

function routes(rc: RosterCycle, personId: string): [string, string][] {
  const base = `/v1/cycles/${rc.cycleId}`;
  return [
    ['PUT', `${base}/roster`],
    ['POST', `${base}/roster/suggestion`],
    ['POST', `${base}/roster/submission`],
    ['POST', `${base}/roster/return`],
    ['POST', `${base}/roster/confirmation`],
    ['POST', `${base}/members/${personId}/stepping-down`],
    ['POST', `${base}/replacements`],
  ];
}

async function throwJunk(t: Test, rc: RosterCycle, personId: string) {
  for (const [method, url] of routes(rc, personId)) {
    for (const token of [rc.chairToken, rc.secretariat]) {
      for (const junk of JUNK) {
        const res = await rc.ctx.app.inject({
          method: method as 'PUT' | 'POST',
          url,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': junk.type ?? 'application/json',
          },
          payload: junk.payload,
        });
        const what = `${method} ${url.split('/').slice(4).join('/')}:`
          + ` ${junk.what}`;
        t.ok(res.statusCode < 500, `${what} → ${res.statusCode}`);
        if (res.statusCode >= 400) {
          t.type(res.json().error?.code, 'string', `${what}: error shape`);
        }
      }
    }
  }
}

t.test('no junk body makes a roster route fail', async (t) => {
  const rc = await rosterCycle(t);
  const [ke, br, ind] = rc.candidates;
  await rc.put({ chairId: rc.chair.id, coChairId: rc.coChair.id,
    expertIds: [ke!.id, br!.id, ind!.id] });
  await rc.post('/roster/submission', {}, rc.chairToken);
  await throwJunk(t, rc, ke!.id);

  const confirmed = await rosterCycle(t, { ctx: rc.ctx,
    slug: 'special-issues' });
  const [a, b, c] = confirmed.candidates;
  await confirmed.confirm([a!.id, b!.id, c!.id]);
  await confirmed.post(`/members/${a!.id}/stepping-down`,
    { reason: 'Leaving.' });
  await throwJunk(t, confirmed, b!.id);
});
