import t from 'tap';
import { testApp } from '../helpers/app.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';
type Who = 'anyone' | 'signed in';

/** The /v1 routes of DESIGN.md's table, and who may call them. */
const DESIGN_ROUTES: [Method, string, Who][] = [
  ['POST', '/v1/auth/login-links', 'anyone'],
  ['POST', '/v1/auth/tokens', 'anyone'],
  ['GET', '/v1/me', 'signed in'],
  ['GET', '/v1/groups', 'anyone'],
  ['GET', '/v1/groups/:slug', 'anyone'],
  ['GET', '/v1/groups/:slug/members', 'anyone'],
  ['POST', '/v1/people', 'signed in'],
  ['GET', '/v1/people/:id', 'signed in'],
  ['PATCH', '/v1/people/:id', 'signed in'],
  ['POST', '/v1/groups/:slug/cycles', 'signed in'],
  ['GET', '/v1/cycles/:id', 'signed in'],
  ['POST', '/v1/cycles/:id/transitions', 'signed in'],
  ['PUT', '/v1/cycles/:id/officers', 'signed in'],
  ['POST', '/v1/cycles/:id/reviewers', 'signed in'],
  ['POST', '/v1/cycles/:id/nominations', 'signed in'],
  ['GET', '/v1/cycles/:id/nominations', 'signed in'],
  ['GET', '/v1/nominations/:id', 'signed in'],
  ['POST', '/v1/nominations/:id/endorsements', 'signed in'],
  ['POST', '/v1/nominations/:id/withdrawal', 'signed in'],
  ['GET', '/v1/invitations/:token', 'anyone'],
  ['POST', '/v1/invitations/:token', 'anyone'],
  ['POST', '/v1/nominations/:id/conflicts', 'signed in'],
  ['PUT', '/v1/nominations/:id/reviews/mine', 'signed in'],
  ['GET', '/v1/nominations/:id/reviews', 'signed in'],
  ['GET', '/v1/cycles/:id/ranking', 'signed in'],
  ['GET', '/v1/cycles/:id/roster', 'signed in'],
  ['PUT', '/v1/cycles/:id/roster', 'signed in'],
  ['POST', '/v1/cycles/:id/roster/suggestion', 'signed in'],
  ['POST', '/v1/cycles/:id/roster/submission', 'signed in'],
  ['POST', '/v1/cycles/:id/roster/confirmation', 'signed in'],
  ['POST', '/v1/cycles/:id/roster/return', 'signed in'],
  ['GET', '/v1/audit', 'signed in'],
  ['GET', '/v1/audit/verification', 'signed in'],
  ['GET', '/v1/outbox', 'signed in'],
  ['POST', '/v1/outbox/:id/retry', 'signed in'],
];

const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

t.test('documents every route of the design at /docs/json', async (t) => {
  const ctx = await testApp(t);
  const res = await ctx.request('GET', '/docs/json');
  t.equal(res.statusCode, 200);
  const doc = res.body;
  t.match(doc.openapi, /^3\./);
  t.same(doc.components.securitySchemes.bearer,
    { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

  for (const [method, url] of DESIGN_ROUTES) {
    t.ok(ctx.app.hasRoute({ method, url }), `${method} ${url} is served`);
    const operation = doc.paths[openApiPath(url)]?.[method.toLowerCase()];
    t.ok(operation, `${method} ${url} is documented`);
    t.ok(operation?.responses, `${method} ${url} has its responses`);
  }
});

t.test('says which routes need a bearer token', async (t) => {
  const ctx = await testApp(t);
  const doc = (await ctx.request('GET', '/docs/json')).body;

  for (const [method, url, who] of DESIGN_ROUTES) {
    const operation = doc.paths[openApiPath(url)][method.toLowerCase()];
    const security = operation.security ?? doc.security;
    t.same(security, who === 'anyone' ? [] : [{ bearer: [] }],
      `${method} ${url}: ${who}`);
  }
});

t.test('serves the documentation page at /docs', async (t) => {
  const ctx = await testApp(t);
  let res = await ctx.app.inject({ method: 'GET', url: '/docs' });
  if (res.statusCode === 302) {
    res = await ctx.app.inject({
      method: 'GET', url: String(res.headers.location),
    });
  }
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/html/);
  t.match(res.body, /swagger-ui/i);
});

t.test('serves the page a sign-in link opens', async (t) => {
  const ctx = await testApp(t);
  const res = await ctx.app.inject({
    method: 'GET', url: '/login?token=abc',
  });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/html/);
  t.equal(res.headers['cache-control'], 'no-store');
  t.equal(res.headers['referrer-policy'], 'no-referrer');
  t.match(res.body, '/v1/auth/tokens', 'it exchanges the token');
  t.notMatch(res.body, 'abc', 'the token is not written into the page');
});
