import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize } from '../../auth/policy.js';
import { audit } from '../../context.js';
import { inTransaction } from '../../db/transaction.js';
import { conflict, notFound } from '../../errors.js';
import {
  findOutboxRow,
  listOutbox,
  requeueMail,
  type OutboxRow,
} from '../../mail/outbox.repository.js';
import { errors, IdParams } from '../../schemas.js';

const tags = ['outbox'];

const OutboxBody = z.object({
  id: z.string(),
  template: z.string(),
  personId: z.string().nullable(),
  subject: z.string(),
  messageId: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
}).meta({ id: 'OutboxMessage' });

// The body and address of a mail can carry personal data and live
// tokens, so the listing shows its envelope and state only.
function present(row: OutboxRow): z.infer<typeof OutboxBody> {
  return {
    id: row.id,
    template: row.template,
    personId: row.personId,
    subject: row.subject,
    messageId: row.messageId,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  };
}

export const outboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/outbox', {
    schema: {
      tags,
      summary: 'Mail and its delivery state, newest first (secretariat)',
      querystring: z.object({
        status: z.enum(['pending', 'sending', 'sent', 'failed']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        // `next` of the page before: creation time and id.
        after: z.string().max(120).optional(),
      }).strict(),
      response: {
        200: z.object({
          items: z.array(OutboxBody),
          next: z.string().nullable(),
        }),
        ...errors(400, 401, 403),
      },
    },
  }, async (request) => {
    authorize(request.caller.actor, 'outbox.manage');
    const { status, limit, after } = request.query;
    const [afterCreated, afterId] = after === undefined
      ? [] : after.split('_', 2);
    const rows = await listOutbox(app.ctx.db, {
      status, limit, afterCreated, afterId,
    });
    const last = rows.at(-1);
    return {
      items: rows.map(present),
      next: rows.length === limit && last
        ? `${last.createdAt}_${last.id}` : null,
    };
  });

  app.post('/v1/outbox/:id/retry', {
    schema: {
      tags,
      summary: 'Send a failed message again (secretariat)',
      params: IdParams,
      response: { 200: OutboxBody, ...errors(401, 403, 404, 409) },
    },
  }, async (request) => {
    authorize(request.caller.actor, 'outbox.manage');
    const { ctx } = app;
    const row = await inTransaction(ctx.db, async (trx) => {
      const before = await findOutboxRow(trx, request.params.id);
      if (!before) throw notFound('message');
      if (before.status === 'sent' || before.status === 'sending') {
        throw conflict(`this message is ${before.status}`);
      }
      await requeueMail(trx, before.id, ctx.clock().toISOString());
      const after = (await findOutboxRow(trx, before.id))!;
      await audit(trx, ctx, request.caller, {
        action: 'outbox.retried',
        entity: 'outbox',
        entityId: before.id,
        before: { status: before.status, attempts: before.attempts },
        after: { status: after.status, attempts: after.attempts },
      });
      return after;
    });
    ctx.wakeWorker();
    return present(row);
  });
};
