import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, IdParams } from '../../schemas.js';
import {
  DeclarationBody,
  FileDeclarationBody,
  PersonParams,
  RulingBody,
} from './declarations.schemas.js';
import {
  fileDeclaration,
  listDeclarationsFor,
  ruleDeclaration,
} from './declarations.service.js';

const tags = ['reviewing'];

export const declarationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/cycles/:id/declarations', {
    schema: {
      tags,
      summary: 'File or re-file your declaration of interest (reviewer)',
      params: IdParams,
      body: FileDeclarationBody,
      response: {
        200: DeclarationBody,
        201: DeclarationBody,
        ...errors(400, 401, 403, 404, 409),
      },
    },
  }, async (request, reply) => {
    const { declaration, created } = await fileDeclaration(
      app.ctx, request.caller, request.params.id, request.body);
    return reply.code(created ? 201 : 200).send(declaration);
  });

  app.get('/v1/cycles/:id/declarations', {
    schema: {
      tags,
      summary: 'Declarations of interest (secretariat, officers: all; '
        + 'reviewers: their own)',
      params: IdParams,
      response: {
        200: z.array(DeclarationBody),
        ...errors(401, 403, 404),
      },
    },
  }, async (request) =>
    listDeclarationsFor(app.ctx, request.caller, request.params.id));

  app.post('/v1/cycles/:id/declarations/:personId/ruling', {
    schema: {
      tags,
      summary: 'Rule on a declaration of interest (secretariat)',
      params: PersonParams,
      body: RulingBody,
      response: {
        200: DeclarationBody,
        ...errors(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (request) => ruleDeclaration(app.ctx, request.caller,
    request.params.id, request.params.personId, request.body));
};
