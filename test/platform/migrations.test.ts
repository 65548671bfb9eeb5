import t from 'tap';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateDown, migrateToLatest } from '../../src/db/migrator.js';
import { databaseEnv, freshDatabaseUrl } from '../helpers/database.js';

const MIGRATIONS = readdirSync(new URL('../../migrations/', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

t.test('names migrations so that they sort by date', async (t) => {
  t.ok(MIGRATIONS.length > 0);
  for (const name of MIGRATIONS) {
    t.match(name, /^\d{4}-\d{2}-\d{2}T\d{4}-[a-z0-9-]+$/, name);
  }
});

t.test('undoes every migration with its down, then applies them again',
  async (t) => {
    const db = await openDatabase(await freshDatabaseUrl(t) ?? ':memory:');
    t.teardown(() => db.destroy());
    t.same(await migrateToLatest(db), MIGRATIONS, 'all applied in order');

    for (const name of [...MIGRATIONS].reverse()) {
      t.same(await migrateDown(db), [name], `${name} undone`);
    }
    const left = (await db.introspection.getTables())
      .map((table) => table.name);
    t.same(left, [], 'no table is left behind');

    t.same(await migrateToLatest(db), MIGRATIONS, 'and applied again');
  });

t.test('peerpanel migrate applies pending migrations once', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'peerpanel-migrate-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { ...await databaseEnv(t), DATA_DIR: dataDir };
  const run = async () => {
    const out: string[] = [];
    const code = await runCli(['migrate'], env,
      (line) => out.push(line), (line) => out.push(line));
    return { code, out: out.join('\n') };
  };

  const first = await run();
  t.equal(first.code, 0);
  t.equal(first.out, `applied: ${MIGRATIONS.join(', ')}`);
  const second = await run();
  t.equal(second.code, 0);
  t.equal(second.out, 'the schema is up to date');
});
