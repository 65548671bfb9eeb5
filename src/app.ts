/**
 * Builds the peerpanel app from settings. It never listens: server.ts and
 * the tests decide where it runs. Building it also readies the database:
 * migrations, the group catalogue and the first secretariat account.
 */

import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Kysely } from 'kysely';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Settings } from './config/settings.js';
import { loadCatalogue, type GroupDefinition } from './config/catalogue.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import type { Database } from './db/schema.js';
import { resolveJwtSecret } from './auth/secret.js';
import { SYSTEM, type AppContext } from './context.js';
import { rateLimited } from './errors.js';
import { installAuth } from './http/auth.plugin.js';
import { installErrorHandling } from './http/errors.plugin.js';
import { redactUrl } from './http/redact.js';
import './http/types.js';
import {
  createFileTransport,
  createSmtpTransport,
  type MailTransport,
} from './mail/transport.js';
import { createWorker, type Job } from './worker.js';
import { syncCatalogue } from './modules/groups/groups.service.js';
import { ensureSecretariat } from './modules/people/people.service.js';
import { routes, jobs as moduleJobs } from './modules/index.js';

export interface AppOptions {
  settings: Readonly<Settings>;
  /** An open database to use instead of the one the settings name. */
  db?: Kysely<Database>;
  clock?: () => Date;
  transport?: MailTransport;
  catalogue?: GroupDefinition[];
  /** Extra periodic jobs for the worker. */
  jobs?: Job[];
  logger?: boolean;
}

export async function buildApp(options: AppOptions)
  : Promise<FastifyInstance> {
  const { settings } = options;
  const app = Fastify({
    logger: options.logger === false ? false : {
      level: settings.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: {
        req: (req) => ({
          method: req.method,
          url: redactUrl(req.url),
          remoteAddress: req.ip,
        }),
      },
    },
    genReqId: () => randomUUID(),
    bodyLimit: 256 * 1024,
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const ownsDb = options.db === undefined;
  const db = options.db ?? await openDatabase(settings.databaseUrl, {
    // Not the error itself: pg hangs its client, settings and all, on it.
    onConnectionLost: (err) => app.log.warn({ reason: err.message,
      code: (err as { code?: string }).code }, 'database connection lost'),
  });
  const clock = options.clock ?? (() => new Date());
  const transport = options.transport ?? (settings.smtpUrl
    ? createSmtpTransport(settings.smtpUrl)
    : createFileTransport(path.join(settings.dataDir, 'mail')));

  const worker = createWorker(
    { db, settings, clock },
    transport,
    [...moduleJobs, ...(options.jobs ?? [])],
    app.log,
  );
  const ctx: AppContext = { db, settings, clock, wakeWorker: worker.wake };
  app.decorate('ctx', ctx);
  app.decorate('worker', worker);

  const pending = new Set<Promise<unknown>>();
  app.decorate('defer', (task: () => Promise<unknown>) => {
    const run = new Promise((resolve) => setImmediate(resolve))
      .then(task)
      .catch((err) => app.log.error({ err }, 'deferred task failed'))
      .finally(() => pending.delete(run));
    pending.add(run);
  });
  app.decorate('settle', async () => {
    while (pending.size > 0) await Promise.all([...pending]);
  });

  installErrorHandling(app);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => rateLimited(context.after),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'peerpanel',
        description: 'Peer-referral selection of expert panels.',
        version: '1',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
      // Signed in unless a route says `security: []`, so that /docs sends
      // the token to every route that needs it.
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await installAuth(app, resolveJwtSecret(settings.jwtSecret,
    settings.dataDir));
  for (const plugin of routes) await app.register(plugin);

  app.addHook('onClose', async () => {
    await worker.stop();
    await app.settle();
    transport.close();
    if (ownsDb) await db.destroy();
  });

  await migrateToLatest(db);
  const catalogue = options.catalogue
    ?? await loadCatalogue(settings.cataloguePath);
  await syncCatalogue(ctx, SYSTEM, catalogue);
  await ensureSecretariat(ctx, SYSTEM, settings.secretariatEmail);
  await app.ready();
  worker.start();
  return app;
}
