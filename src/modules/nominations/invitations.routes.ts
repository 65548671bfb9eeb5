import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import { errors } from '../../schemas.js';
import { invitationGonePage, invitationPage } from './invitations.page.js';
import {
  answerInvitation,
  readInvitation,
} from './invitations.service.js';
import {
  AnswerBody,
  InvitationBody,
  TokenParams,
} from './nominations.schemas.js';

const tags = ['invitations'];
// The link itself is the credential: no sign-in.
const security: [] = [];

// Links are long random tokens, so this guards the service, not the
// tokens; it still stops anyone hammering the endpoint.
const rateLimit = { max: 60, timeWindow: '1 minute' };

const GONE_MESSAGES: Record<number, string> = {
  404: 'This invitation link is not known. Check that the whole link ' +
    'from your mail was opened.',
  410: 'This invitation has been answered already, has expired, or its ' +
    'nomination has ended.',
};

export const invitationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/invitations/:token', {
    config: { rateLimit },
    schema: {
      tags,
      security,
      summary: 'What an invitation link shows the candidate (no sign-in)',
      params: TokenParams,
      response: { 200: InvitationBody, ...errors(400, 404, 410, 429) },
    },
  }, async (request) => readInvitation(app.ctx, request.params.token));

  app.post('/v1/invitations/:token', {
    config: { rateLimit },
    schema: {
      tags,
      security,
      summary: 'The candidate accepts or declines (no sign-in)',
      description: 'Spends the link. Accepting makes the candidate an ' +
        'expert, with the profile given if any.',
      params: TokenParams,
      body: AnswerBody,
      response: { 200: InvitationBody, ...errors(400, 404, 410, 429) },
    },
  }, async (request) => answerInvitation(
    app.ctx, request.caller, request.params.token, request.body));

  app.get('/invitations/:token', {
    config: { rateLimit },
    schema: { hide: true, params: TokenParams },
  }, async (request, reply) => {
    try {
      const page = invitationPage(
        await readInvitation(app.ctx, request.params.token));
      return reply.headers(page.headers).send(page.html);
    } catch (err) {
      const status = err instanceof AppError ? err.statusCode : 500;
      const message = GONE_MESSAGES[status];
      if (message === undefined) throw err;
      const page = invitationGonePage(message,
        app.ctx.settings.secretariatEmail);
      return reply.code(status).headers(page.headers).send(page.html);
    }
  });
};
