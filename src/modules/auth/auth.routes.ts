import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../auth/policy.js';
import { Email, errors } from '../../schemas.js';
import { notFound } from '../../errors.js';
import { listOpenCycleRoles } from '../cycles/cycles.repository.js';
import { findPersonById } from '../people/people.repository.js';
import { PersonBody } from '../people/people.schemas.js';
import { viewPerson } from '../people/people.service.js';
import {
  ACCESS_TOKEN_TTL_S,
  redeemLoginToken,
  sendLoginLink,
} from './auth.service.js';

const tags = ['sign-in'];

/** The person, with the roles they hold in open cycles. */
const MeBody = PersonBody.extend({
  cycleRoles: z.array(z.object({
    cycleId: z.string(),
    groupSlug: z.string(),
    role: z.enum(['chair', 'co_chair', 'reviewer']),
  })).optional(),
}).meta({ id: 'Me' });

const Accepted = z.object({ status: z.literal('accepted'),
  message: z.string() });

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/auth/login-links', {
    config: {
      rateLimit: { max: 5, timeWindow: '1 minute' },
    },
    schema: {
      tags,
      summary: 'Ask for a sign-in link by email',
      security: [],
      description: 'Always 202, whether or not the address is known.',
      body: z.object({ email: Email }).strict(),
      response: { 202: Accepted, ...errors(400, 429) },
    },
  }, async (request, reply) => {
    // The work happens after the answer, so that known and unknown
    // addresses cannot be told apart by the time taken.
    const { email } = request.body;
    const caller = request.caller;
    app.defer(() => sendLoginLink(app.ctx, caller, email));
    return reply.code(202).send({
      status: 'accepted',
      message: 'if this address is known, a sign-in link is on its way',
    });
  });

  app.post('/v1/auth/tokens', {
    config: {
      rateLimit: { max: 20, timeWindow: '1 minute' },
    },
    schema: {
      tags,
      summary: 'Exchange a sign-in link token for an access token',
      security: [],
      body: z.object({ token: z.string().min(1).max(200) }).strict(),
      response: {
        200: z.object({
          accessToken: z.string(),
          tokenType: z.literal('Bearer'),
          expiresIn: z.number(),
        }),
        ...errors(400, 401, 429),
      },
    },
  }, async (request) => {
    const personId = await redeemLoginToken(
      app.ctx, request.caller, request.body.token);
    const accessToken = app.jwt.sign(
      { sub: personId, typ: 'access' },
      { expiresIn: ACCESS_TOKEN_TTL_S },
    );
    return {
      accessToken,
      tokenType: 'Bearer' as const,
      expiresIn: ACCESS_TOKEN_TTL_S,
    };
  });

  app.get('/v1/me', {
    schema: {
      tags,
      summary: 'The signed-in person and their roles',
      security: [{ bearer: [] }],
      response: { 200: MeBody, ...errors(401) },
    },
  }, async (request) => {
    const actor = requireActor(request.caller.actor);
    const person = await findPersonById(app.ctx.db, actor.id);
    if (!person) throw notFound('person');
    return {
      ...await viewPerson(app.ctx.db, person),
      cycleRoles: await listOpenCycleRoles(app.ctx.db, person.id),
    };
  });
};
