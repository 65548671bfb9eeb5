import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.js';
import {
  CatalogueError,
  loadCatalogue,
  parseCatalogue,
  type GroupDefinition,
} from '../../src/config/catalogue.js';
import { ConfigError, loadSettings } from '../../src/config/settings.js';
import { runCli } from '../../src/cli.js';
import { makeClock, MemoryTransport } from '../helpers/app.js';
import { databaseEnv } from '../helpers/database.js';

const CATALOGUE_FILE = path.resolve('config/groups.json');

function rawCatalogue(): any {
  return JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8'));
}

function configError(env: Record<string, string>): ConfigError {
  try {
    loadSettings(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('no ConfigError');
}

function catalogueError(raw: unknown): CatalogueError {
  try {
    parseCatalogue(raw, 'groups.json');
  } catch (err) {
    if (err instanceof CatalogueError) return err;
    throw err;
  }
  throw new Error('no CatalogueError');
}

t.test('gives working defaults with nothing set', async (t) => {
  const settings = loadSettings({});
  const dataDir = path.resolve('./data');
  t.match(settings, {
    port: 3000,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: path.join(dataDir, 'peerpanel.sqlite'),
    publicUrl: 'http://127.0.0.1:3000',
    jwtSecret: undefined,
    smtpUrl: undefined,
    mailFrom: 'peerpanel <no-reply@localhost>',
    secretariatEmail: 'secretariat@localhost',
    cataloguePath: CATALOGUE_FILE,
    outboxMaxAttempts: 6,
    workerIntervalMs: 5000,
  });
  t.ok(Object.isFrozen(settings), 'settings are frozen');
  t.same(loadSettings({ PORT: '', HOST: '' }), settings,
    'empty values count as unset');
});

t.test('derives what follows from the settings given', async (t) => {
  const settings = loadSettings({
    PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/srv/peerpanel',
    SECRETARIAT_EMAIL: 'Office@Example.ORG',
    PUBLIC_URL: 'https://panels.example.org/',
    SMTP_URL: 'smtps://user:pass@mail.example.org:465',
    JWT_SECRET: 'k'.repeat(32),
  });
  t.match(settings, {
    port: 8080,
    databaseUrl: '/srv/peerpanel/peerpanel.sqlite',
    publicUrl: 'https://panels.example.org',
    secretariatEmail: 'office@example.org',
    smtpUrl: 'smtps://user:pass@mail.example.org:465',
    jwtSecret: 'k'.repeat(32),
  });
  t.equal(loadSettings({ PORT: '4000' }).publicUrl,
    'http://127.0.0.1:4000', 'PUBLIC_URL follows HOST and PORT');
  for (const [host, url] of [['::', 'http://[::]:3000'],
    ['::1', 'http://[::1]:3000'], ['0.0.0.0', 'http://0.0.0.0:3000']]) {
    const derived = loadSettings({ HOST: host! }).publicUrl;
    t.equal(derived, url, `HOST=${host} gives a URL mail can link to`);
    t.ok(URL.canParse(derived));
  }
  t.equal(loadSettings({ SECRETARIAT_EMAIL: 'secretariat@localhost' })
    .secretariatEmail, 'secretariat@localhost',
  'the default address may also be set explicitly');
});

t.test('names the bad key of each bad value', async (t) => {
  const cases: Record<string, string> = {
    PORT: 'abc',
    PUBLIC_URL: 'not-a-url',
    SMTP_URL: 'http://x',
    SECRETARIAT_EMAIL: 'nope',
    JWT_SECRET: 'short',
    OUTBOX_MAX_ATTEMPTS: '0',
    LOG_LEVEL: 'loud',
    HOST: 'not a host',
  };
  for (const [key, value] of Object.entries(cases)) {
    const error = configError({ [key]: value });
    t.same(error.keys, [key], `${key}=${value}`);
    t.match(error.message, key);
  }
  const port = configError({ PORT: '70000' });
  t.same(port.keys, ['PORT']);
  t.match(port.message, /PORT: .+/);
  t.match(configError({ JWT_SECRET: 'short' }).message,
    'JWT_SECRET: must be at least 32 characters');
});

t.test('names every bad key at once', async (t) => {
  const error = configError({
    PORT: '70000',
    PUBLIC_URL: 'not-a-url',
    SMTP_URL: 'http://x',
    SECRETARIAT_EMAIL: 'nope',
    JWT_SECRET: 'short',
    HOST: 'fine.example.org',
  });
  t.equal(error.name, 'ConfigError');
  t.same([...error.keys].sort(), ['JWT_SECRET', 'PORT', 'PUBLIC_URL',
    'SECRETARIAT_EMAIL', 'SMTP_URL']);
  for (const key of error.keys) {
    t.match(error.message, new RegExp(`^  ${key}: `, 'm'), key);
  }
  t.notMatch(error.message, 'HOST');
  t.notMatch(error.message, 'short', 'a secret value is not echoed');
});

t.test('the command stops with exit code 78 on bad settings',
  async (t) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['migrate'],
      { PORT: 'abc', SMTP_URL: 'http://x', DATA_DIR: '/nonexistent/x' },
      (l) => out.push(l), (l) => err.push(l));
    t.equal(code, 78);
    t.same(out, []);
    t.match(err.join('\n'), /PORT/);
    t.match(err.join('\n'), /SMTP_URL/);
  });

t.test('loads the nine groups of config/groups.json', async (t) => {
  const groups = await loadCatalogue(CATALOGUE_FILE);
  t.equal(groups.length, 9);
  t.equal(new Set(groups.map((g) => g.slug)).size, 9);
  for (const group of groups) {
    t.match(group.rules, {
      minExperts: 3,
      maxExperts: 8,
      minReferrals: 2,
      maxNominationsPerNominator: 3,
      consentDays: 14,
      maxGroupsPerPerson: 2,
    }, `${group.slug} has resolved rules`);
    t.equal(group.rules.quotas.length, 4);
    t.same(group.rules.rubric.map((c) => c.id),
      ['relevance', 'record', 'contribution']);
    t.ok(group.focusAreas.length > 0);
  }
});

t.test('lays a group\'s own rules over the defaults', async (t) => {
  const raw = rawCatalogue();
  raw.groups[3].rules = { maxExperts: 6, quotas: [] };
  const groups = parseCatalogue(raw);
  t.equal(groups[3]!.rules.maxExperts, 6);
  t.equal(groups[3]!.rules.minExperts, 3);
  t.same(groups[3]!.rules.quotas, []);
  t.equal(groups[4]!.rules.maxExperts, 8, 'others keep the defaults');
});

t.test('refuses a bad catalogue, naming where', async (t) => {
  const duplicate = rawCatalogue();
  duplicate.groups[4].slug = duplicate.groups[1].slug;
  const dup = catalogueError(duplicate);
  t.match(dup.message, 'groups.json');
  t.match(dup.message, 'groups.4: duplicate slug');

  const quota = rawCatalogue();
  quota.groups[2].rules = {
    quotas: [{ attribute: 'gender', maxShare: 0.5, maxCount: 2 }],
  };
  t.match(catalogueError(quota).message,
    /groups\.2\.rules\.quotas\.0: a quota sets exactly one of/);

  const defaultQuota = rawCatalogue();
  defaultQuota.defaults.quotas[1] = { attribute: 'region' };
  t.match(catalogueError(defaultQuota).message,
    /defaults\.quotas\.1: a quota sets exactly one of/);

  const size = rawCatalogue();
  size.groups[6].rules = { minExperts: 9 };
  t.match(catalogueError(size).message,
    'groups.6.rules: minExperts above maxExperts');

  const several = rawCatalogue();
  several.groups[0].slug = 'Not Kebab';
  several.groups[1].focusAreas = [];
  several.groups[2].rules = { rubric: [] };
  const all = catalogueError(several).message;
  t.match(all, 'groups.0.slug');
  t.match(all, 'groups.1.focusAreas');
  t.match(all, 'groups.2.rules.rubric');

  t.throws(() => parseCatalogue(null), CatalogueError);
  await t.rejects(loadCatalogue('/nonexistent/groups.json'), CatalogueError);
});

t.test('writes a changed catalogue once, with its audit event',
  async (t) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'peerpanel-config-'));
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
    const settings = loadSettings({ ...await databaseEnv(t),
      DATA_DIR: dataDir, LOG_LEVEL: 'silent', WORKER_INTERVAL_MS: '0' });
    const clock = makeClock();
    const start = async (catalogue?: GroupDefinition[]) => {
      const app = await buildApp({ settings, clock: () => clock.now,
        transport: new MemoryTransport(), logger: false,
        ...(catalogue ? { catalogue } : {}) });
      const events = await app.ctx.db.selectFrom('auditEvents')
        .selectAll().orderBy('seq').execute();
      const groups = await app.ctx.db.selectFrom('groups').selectAll()
        .orderBy('position').execute();
      await app.close();
      return { events, groups };
    };

    const first = await start();
    t.equal(first.groups.length, 9);
    t.equal(first.events.filter((e) => e.action === 'group.created').length,
      9);

    clock.advance(60_000);
    const unchanged = await start();
    t.equal(unchanged.events.length, first.events.length,
      'a restart on the same catalogue writes nothing');

    const renamed = await loadCatalogue(CATALOGUE_FILE);
    renamed[1] = { ...renamed[1]!, name: 'Migrant Rights, Renamed' };
    clock.advance(60_000);
    const changed = await start(renamed);
    const updates = changed.events.filter(
      (e) => e.action === 'group.updated');
    t.equal(updates.length, 1, 'one group.updated event');
    t.match(updates[0], { entity: 'group', entityId: renamed[1]!.slug,
      actorId: null, at: clock.now.toISOString() });
    t.same(Object.keys(JSON.parse(updates[0]!.changes)), ['name'],
      'only the name changed');
    t.equal(changed.events.length, first.events.length + 1);
    const row = changed.groups.find((g) => g.slug === renamed[1]!.slug)!;
    t.equal(row.name, 'Migrant Rights, Renamed');
    t.equal(row.updatedAt, clock.now.toISOString());
    t.equal(changed.groups.filter((g) => g.updatedAt === clock.now
      .toISOString()).length, 1, 'the other groups are untouched');

    clock.advance(60_000);
    const resynced = await start(renamed);
    t.equal(resynced.events.length, changed.events.length,
      're-syncing the same catalogue writes no event');
    t.same(resynced.groups, changed.groups, 'and changes no row');
  });
