import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../../schemas.js';
import { GroupBody, SlugParams } from './groups.schemas.js';
import { getGroup, getGroups } from './groups.service.js';

const tags = ['groups'];
const security: [] = [];

function present(group: z.infer<typeof GroupBody>) {
  const { slug, name, description, focusAreas, rules } = group;
  return { slug, name, description, focusAreas, rules };
}

export const groupsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/groups', {
    schema: {
      tags,
      security,
      summary: 'The group catalogue, rules included',
      response: { 200: z.array(GroupBody) },
    },
  }, async () => (await getGroups(app.ctx)).map(present));

  app.get('/v1/groups/:slug', {
    schema: {
      tags,
      security,
      summary: 'One group, rules included',
      params: SlugParams,
      response: { 200: GroupBody, ...errors(404) },
    },
  }, async (request) => present(await getGroup(app.ctx, request.params.slug)));
};
