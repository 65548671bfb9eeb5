import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, IdParams } from '../../schemas.js';
import { rankingToCsv, wantsCsv } from './ranking.csv.js';
import { RankingBody, RankingQuery } from './ranking.schemas.js';
import { getRanking } from './ranking.service.js';

const tags = ['reviewing'];

export const rankingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/cycles/:id/ranking', {
    schema: {
      tags,
      summary: 'The ranking of eligible nominations (officers, reviewers, '
        + 'secretariat); CSV with Accept: text/csv',
      params: IdParams,
      querystring: RankingQuery,
      response: {
        200: {
          content: {
            'application/json': { schema: RankingBody },
            'text/csv': { schema: z.string() },
          },
        },
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (request, reply) => {
    const ranking = await getRanking(app.ctx, request.caller,
      request.params.id, request.query.sort);
    if (!wantsCsv(request.headers.accept)) return ranking;
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition',
        `attachment; filename="ranking-${ranking.cycleId}.csv"`)
      .send(rankingToCsv(ranking));
  });
};
