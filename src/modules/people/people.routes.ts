import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, IdParams } from '../../schemas.js';
import {
  CreatePersonBody,
  PersonBody,
  UpdatePersonBody,
} from './people.schemas.js';
import { createPerson, getPerson, updatePerson } from './people.service.js';

const tags = ['people'];

export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/people', {
    schema: {
      tags,
      summary: 'Add a person (secretariat)',
      body: CreatePersonBody,
      response: { 201: PersonBody, ...errors(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const person = await createPerson(app.ctx, request.caller, request.body);
    return reply.code(201).send(person);
  });

  app.get('/v1/people/:id', {
    schema: {
      tags,
      summary: 'A person (secretariat, or the person themselves)',
      params: IdParams,
      response: { 200: PersonBody, ...errors(401, 404) },
    },
  }, async (request) =>
    getPerson(app.ctx, request.caller, request.params.id));

  app.patch('/v1/people/:id', {
    schema: {
      tags,
      summary: 'Change a person (secretariat; profile fields: self)',
      params: IdParams,
      body: UpdatePersonBody,
      response: { 200: PersonBody, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => updatePerson(
    app.ctx, request.caller, request.params.id, request.body));
};
