/**
 * The peerpanel command: what an operator needs without HTTP.
 *
 *   peerpanel serve              run the service
 *   peerpanel migrate            apply pending migrations
 *   peerpanel login-link EMAIL   print a sign-in link for a person
 *   peerpanel audit verify       check the audit trail's hash chain
 *   peerpanel outbox send        send the mail that is due now
 */

import { buildApp } from './app.js';
import { ConfigError, loadSettings, type Settings } from
  './config/settings.js';
import { CatalogueError } from './config/catalogue.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { verifyAuditChain } from './audit/audit.repository.js';
import { SYSTEM } from './context.js';
import { createLoginLink } from './modules/auth/auth.service.js';
import { serve } from './server.js';

const USAGE = `usage: peerpanel <command>

commands:
  serve              run the service (migrations and catalogue applied)
  migrate            apply pending database migrations
  login-link EMAIL   print a one-time sign-in link for a person
  audit verify       check the audit trail's hash chain
  outbox send        send the mail that is due now
`;

type Out = (line: string) => void;

async function withApp<T>(
  settings: Readonly<Settings>,
  work: (app: Awaited<ReturnType<typeof buildApp>>) => Promise<T>,
): Promise<T> {
  const app = await buildApp({
    settings: { ...settings, workerIntervalMs: 0 },
    logger: false,
  });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** Runs one command; returns the process exit code. */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  out: Out,
  err: Out,
): Promise<number> {
  const [command, sub, ...rest] = args;
  if (!command || command === 'help' || command === '--help') {
    out(USAGE);
    return command ? 0 : 2;
  }

  let settings: Readonly<Settings>;
  try {
    settings = loadSettings(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return 78;
    }
    throw e;
  }

  switch (command) {
    case 'serve':
      await serve(settings);
      return -1;

    case 'migrate': {
      const db = await openDatabase(settings.databaseUrl);
      try {
        const applied = await migrateToLatest(db);
        out(applied.length === 0
          ? 'the schema is up to date'
          : `applied: ${applied.join(', ')}`);
        return 0;
      } finally {
        await db.destroy();
      }
    }

    case 'login-link': {
      if (!sub || rest.length > 0) {
        err('usage: peerpanel login-link EMAIL');
        return 2;
      }
      const link = await withApp(settings, (app) =>
        createLoginLink(app.ctx, SYSTEM, sub));
      if (!link) {
        err('no link: nobody has that address, or they hold too many ' +
          'open links');
        return 1;
      }
      out(link);
      return 0;
    }

    case 'audit':
      if (sub !== 'verify') break;
      return withApp(settings, async (app) => {
        const report = await verifyAuditChain(app.ctx.db);
        if (report.ok) {
          out(`audit trail intact: ${report.events} events`);
          return 0;
        }
        err(`audit trail broken at event ${report.firstBadSeq}: ` +
          `${report.problem}`);
        return 1;
      });

    case 'outbox':
      if (sub !== 'send') break;
      return withApp(settings, async (app) => {
        const report = await app.worker.runOnce();
        out(`sent ${report.sent}, retrying ${report.retrying}, ` +
          `failed ${report.failed}`);
        return report.failed > 0 ? 1 : 0;
      });

    default:
      break;
  }
  err(USAGE);
  return 2;
}

const isMain = process.argv[1] !== undefined &&
  import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));

if (isMain || process.env.PEERPANEL_CLI === '1') {
  runCli(process.argv.slice(2), process.env,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  ).then((code) => {
    if (code >= 0) process.exitCode = code;
  }).catch((e) => {
    if (e instanceof CatalogueError) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 78;
      return;
    }
    process.stderr.write(`peerpanel: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  });
}
