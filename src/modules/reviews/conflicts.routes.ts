import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, IdParams } from '../../schemas.js';
import {
  NominationPersonParams,
  ReasonBody,
  ReviewerConflictBody,
} from './conflicts.schemas.js';
import {
  declareConflict,
  liftAffiliationConflict,
  listConflictsOfNomination,
} from './conflicts.service.js';

const tags = ['reviewing'];

export const conflictsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/nominations/:id/conflicts', {
    schema: {
      tags,
      summary: 'Declare a conflict of interest with a nomination (reviewer)',
      params: IdParams,
      body: ReasonBody,
      response: {
        201: ReviewerConflictBody,
        ...errors(400, 401, 403, 404, 409),
      },
    },
  }, async (request, reply) => reply.code(201).send(await declareConflict(
    app.ctx, request.caller, request.params.id, request.body)));

  app.get('/v1/nominations/:id/conflicts', {
    schema: {
      tags,
      summary: 'Every reviewer\'s conflicts with a nomination '
        + '(secretariat, officers)',
      params: IdParams,
      response: {
        200: z.array(ReviewerConflictBody),
        ...errors(401, 403, 404),
      },
    },
  }, async (request) => listConflictsOfNomination(
    app.ctx, request.caller, request.params.id));

  app.post('/v1/nominations/:id/conflicts/:personId/lifting', {
    schema: {
      tags,
      summary: 'Lift a reviewer\'s shared-affiliation conflict '
        + '(secretariat)',
      params: NominationPersonParams,
      body: ReasonBody,
      response: {
        201: ReviewerConflictBody,
        ...errors(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (request, reply) => reply.code(201).send(
    await liftAffiliationConflict(app.ctx, request.caller,
      request.params.id, request.params.personId, request.body)));
};
