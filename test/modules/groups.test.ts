import t from 'tap';
import { testApp } from '../helpers/app.js';

t.test('serves the nine groups with their areas of focus', async (t) => {
  const ctx = await testApp(t);
  const res = await ctx.request('GET', '/v1/groups');
  t.equal(res.statusCode, 200);
  t.equal(res.body.length, 9);
  t.same(res.body.map((g: { slug: string }) => g.slug), [
    'labor-migration', 'migrant-rights-and-integration',
    'remittances-and-diaspora', 'environmental-change-and-migration',
    'internal-migration-and-urbanization',
    'forced-migration-and-development',
    'return-migration-and-reintegration', 'data-and-demographics',
    'special-issues',
  ]);
  for (const group of res.body) {
    t.ok(group.focusAreas.length >= 3, `${group.slug} has focus areas`);
    t.equal(group.rules.minExperts, 3);
    t.equal(group.rules.maxExperts, 8);
    t.equal(group.rules.rubric.length, 3);
  }

  const one = await ctx.request('GET', '/v1/groups/labor-migration');
  t.equal(one.statusCode, 200);
  t.equal(one.body.name, 'Labor Migration');
  t.ok(one.body.focusAreas.some(
    (a: { id: string }) => a.id === 'recruitment-cost-indicator'));

  const missing = await ctx.request('GET', '/v1/groups/nope');
  t.equal(missing.statusCode, 404);
  t.equal(missing.body.error.code, 'not_found');
});
