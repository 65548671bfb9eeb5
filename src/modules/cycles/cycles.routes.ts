import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, IdParams } from '../../schemas.js';
import { SlugParams } from '../groups/groups.schemas.js';
import {
  CreateCycleBody,
  CycleBody,
  OfficersBody,
  ReviewerBody,
  TransitionBody,
} from './cycles.schemas.js';
import {
  addReviewer,
  appointOfficers,
  getCycle,
  openCycle,
  transitionCycle,
} from './cycles.service.js';

const tags = ['cycles'];

export const cyclesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/groups/:slug/cycles', {
    schema: {
      tags,
      summary: 'Open a selection cycle for a group (secretariat)',
      params: SlugParams,
      body: CreateCycleBody,
      response: { 201: CycleBody, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.code(201).send(await openCycle(
    app.ctx, request.caller, request.params.slug, request.body)));

  app.get('/v1/cycles/:id', {
    schema: {
      tags,
      summary: 'A cycle: state, dates, officers, reviewers',
      params: IdParams,
      response: { 200: CycleBody, ...errors(401, 404) },
    },
  }, async (request) =>
    getCycle(app.ctx, request.caller, request.params.id));

  app.post('/v1/cycles/:id/transitions', {
    schema: {
      tags,
      summary: 'Move a cycle to another state',
      params: IdParams,
      body: TransitionBody,
      response: { 200: CycleBody, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request) => transitionCycle(
    app.ctx, request.caller, request.params.id, request.body.to));

  app.put('/v1/cycles/:id/officers', {
    schema: {
      tags,
      summary: 'Appoint the chair and co-chair (secretariat)',
      params: IdParams,
      body: OfficersBody,
      response: { 200: CycleBody, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request) => appointOfficers(
    app.ctx, request.caller, request.params.id, request.body));

  app.post('/v1/cycles/:id/reviewers', {
    schema: {
      tags,
      summary: 'Add a reviewer (secretariat or chair)',
      params: IdParams,
      body: ReviewerBody,
      response: { 201: CycleBody, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.code(201).send(await addReviewer(
    app.ctx, request.caller, request.params.id, request.body.personId)));
};
