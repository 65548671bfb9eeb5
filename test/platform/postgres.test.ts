/**
 * What only PostgreSQL can do to the service: a server that ends its
 * connections. Skipped on SQLite (TEST_DATABASE_URL unset).
 */

import t from 'tap';
import { testApp } from '../helpers/app.js';
import { POSTGRES_ADMIN_URL, withAdmin } from '../helpers/database.js';

t.test('carries on when the server ends its idle connections',
  { skip: POSTGRES_ADMIN_URL === undefined && 'PostgreSQL only' },
  async (t) => {
    const ctx = await testApp(t);
    const token = await ctx.secretariat();
    const database = new URL(ctx.settings.databaseUrl).pathname.slice(1);

    const ended = await withAdmin(async (client) => {
      const { rows } = await client.query(
        `select pg_terminate_backend(pid) as ended from pg_stat_activity
          where datname = $1`, [database]);
      return rows.length;
    });
    t.ok(ended > 0, 'the app had connections to end');
    await new Promise((resolve) => setTimeout(resolve, 100));

    const res = await ctx.request('GET', '/v1/me', { token });
    t.equal(res.statusCode, 200, 'the next request gets a new connection');
  });
