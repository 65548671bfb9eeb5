import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, IdParams } from '../../schemas.js';
import { SlugParams } from '../groups/groups.schemas.js';
import { replaceOfficers } from '../rosters/membership.service.js';
import { findCycle } from './cycles.repository.js';
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
      description: 'Once the roster is confirmed, only to fill a seat '
        + 'whose officer has stepped down: the other officer stays, and '
        + 'the newcomer is a known person who has never sat on this '
        + 'roster (an expert of the roster is refused with '
        + '`already_member`). The roster that results must meet every '
        + 'rule (`roster_invalid` lists what it breaks); the newcomer '
        + 'serves from now to the end of the term and is welcomed by mail.',
      params: IdParams,
      body: OfficersBody,
      response: { 200: CycleBody, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const { id } = request.params;
    // A confirmed cycle's officers are replaced under its roster's rules,
    // which the rosters module holds; it builds on the cycles service, so
    // the choice is made here and no import runs back. Confirmed is final:
    // a cycle read as confirmed stays so, and one confirmed just after
    // this read is refused by appointOfficers (409); a retry comes here.
    const confirmed = (await findCycle(app.ctx.db, id))?.state
      === 'confirmed';
    const appoint = confirmed ? replaceOfficers : appointOfficers;
    return appoint(app.ctx, request.caller, id, request.body);
  });

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
