import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize } from '../../auth/policy.js';
import {
  listAuditEvents,
  verifyAuditChain,
} from '../../audit/audit.repository.js';
import { errors, IsoDateTime } from '../../schemas.js';

const tags = ['audit'];

const AuditEventBody = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  changes: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
}).meta({ id: 'AuditEvent' });

const AuditQuery = z.object({
  entity: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.coerce.number().int().min(0).optional(),
}).strict();

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/audit', {
    schema: {
      tags,
      summary: 'Audit events, oldest first (secretariat)',
      description: 'Paginated: pass `next` back as `after`.',
      querystring: AuditQuery,
      response: {
        200: z.object({
          items: z.array(AuditEventBody),
          next: z.number().nullable(),
        }),
        ...errors(400, 401, 403),
      },
    },
  }, async (request) => {
    authorize(request.caller.actor, 'audit.read');
    const q = request.query;
    const toIso = (v?: string) => v && new Date(v).toISOString();
    const items = await listAuditEvents(app.ctx.db, {
      entity: q.entity,
      entityId: q.entityId,
      actorId: q.actor,
      action: q.action,
      from: toIso(q.from),
      to: toIso(q.to),
      afterSeq: q.after,
      limit: q.limit,
    });
    const last = items.at(-1);
    return {
      items,
      next: items.length === q.limit && last ? last.seq : null,
    };
  });

  app.get('/v1/audit/verification', {
    schema: {
      tags,
      summary: 'Check the hash chain of the whole trail (secretariat)',
      response: {
        200: z.object({
          ok: z.boolean(),
          events: z.number(),
          firstBadSeq: z.number().nullable(),
          problem: z.string().nullable(),
        }),
        ...errors(401, 403),
      },
    },
  }, async (request) => {
    authorize(request.caller.actor, 'audit.read');
    return verifyAuditChain(app.ctx.db);
  });
};
