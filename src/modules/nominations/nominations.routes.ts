import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, IdParams } from '../../schemas.js';
import {
  CreateNominationBody,
  EndorsementBody,
  EndorsementResult,
  NominationBody,
  NominationList,
  WithdrawalBody,
} from './nominations.schemas.js';
import {
  createNomination,
  endorseNomination,
  getNomination,
  listNominations,
  withdrawNomination,
} from './nominations.service.js';

const tags = ['nominations'];
const security = [{ bearer: [] }];

export const nominationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/cycles/:id/nominations', {
    schema: {
      tags,
      security,
      summary: 'Nominate a peer for a cycle (experts)',
      description: 'The candidate is invited by mail to consent; a second ' +
        'nomination of the same candidate is refused with the id of the ' +
        'first in `details.nominationId`, to endorse instead.',
      params: IdParams,
      body: CreateNominationBody,
      response: {
        201: NominationBody,
        ...errors(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (request, reply) => reply.code(201).send(await createNomination(
    app.ctx, request.caller, request.params.id, request.body)));

  app.get('/v1/cycles/:id/nominations', {
    schema: {
      tags,
      security,
      summary: 'The nominations of a cycle',
      description: 'Officers, reviewers and the secretariat see them all; ' +
        'anyone else sees those they made or are the candidate of.',
      params: IdParams,
      response: { 200: NominationList, ...errors(401, 404) },
    },
  }, async (request) =>
    listNominations(app.ctx, request.caller, request.params.id));

  app.get('/v1/nominations/:id', {
    schema: {
      tags,
      security,
      summary: 'One nomination',
      params: IdParams,
      response: { 200: NominationBody, ...errors(401, 404) },
    },
  }, async (request) =>
    getNomination(app.ctx, request.caller, request.params.id));

  app.post('/v1/nominations/:id/endorsements', {
    schema: {
      tags,
      security,
      summary: 'Endorse a nomination (experts other than its nominator ' +
        'and candidate)',
      description: 'Answers with the endorsement only: the nomination ' +
        'stays hidden from an endorser who may not read it.',
      params: IdParams,
      body: EndorsementBody,
      response: {
        201: EndorsementResult,
        ...errors(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (request, reply) => reply.code(201).send(await endorseNomination(
    app.ctx, request.caller, request.params.id, request.body.statement)));

  app.post('/v1/nominations/:id/withdrawal', {
    schema: {
      tags,
      security,
      summary: 'Withdraw a nomination (its nominator or candidate)',
      params: IdParams,
      body: WithdrawalBody,
      response: { 200: NominationBody, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) =>
    withdrawNomination(app.ctx, request.caller, request.params.id));
};
