import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, IdParams } from '../../schemas.js';
import {
  ReviewBody,
  ReviewOfNominationBody,
  SubmitReviewBody,
} from './reviews.schemas.js';
import {
  getMyReview,
  listReviewsOfNomination,
  submitReview,
} from './reviews.service.js';

const tags = ['reviewing'];

export const reviewsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put('/v1/nominations/:id/reviews/mine', {
    schema: {
      tags,
      summary: 'Write or rewrite your review of a nomination (reviewer)',
      params: IdParams,
      body: SubmitReviewBody,
      response: {
        200: ReviewBody,
        201: ReviewBody,
        ...errors(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (request, reply) => {
    const { review, created } = await submitReview(
      app.ctx, request.caller, request.params.id, request.body);
    return reply.code(created ? 201 : 200).send(review);
  });

  app.get('/v1/nominations/:id/reviews/mine', {
    schema: {
      tags,
      summary: 'Your review of a nomination',
      params: IdParams,
      response: { 200: ReviewBody, ...errors(401, 404) },
    },
  }, async (request) =>
    getMyReview(app.ctx, request.caller, request.params.id));

  app.get('/v1/nominations/:id/reviews', {
    schema: {
      tags,
      summary: 'Every review of a nomination (secretariat; reviewers '
        + 'once they have submitted their own)',
      params: IdParams,
      response: {
        200: z.array(ReviewOfNominationBody),
        ...errors(401, 403, 404),
      },
    },
  }, async (request) =>
    listReviewsOfNomination(app.ctx, request.caller, request.params.id));
};
