import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, IdParams } from '../../schemas.js';
import { SlugParams } from '../groups/groups.schemas.js';
import { getGroupMembers } from './members.service.js';
import {
  confirmReplacement,
  stepDown,
} from './membership.service.js';
import { reportToMarkdown, wantsMarkdown } from './report.markdown.js';
import { getReport } from './report.service.js';
import {
  EmptyInput,
  MemberParams,
  MembershipBody,
  PublicMembersBody,
  ReplacementInput,
  ReportBody,
  ReturnInput,
  RosterBody,
  RosterInput,
  SteppingDownInput,
  SuggestionBody,
  SuggestionInput,
} from './roster.schemas.js';
import {
  confirmRoster,
  getRoster,
  returnRoster,
  saveDraft,
  submitRoster,
} from './roster.service.js';
import { suggest } from './suggestion.service.js';

const tags = ['rosters'];
const security = [{ bearer: [] }];

export const rosterRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/cycles/:id/roster', {
    schema: {
      tags,
      security,
      summary: 'The roster of a cycle, with every rule it breaks '
        + '(officers, secretariat)',
      params: IdParams,
      response: { 200: RosterBody, ...errors(401, 403, 404) },
    },
  }, async (request) =>
    getRoster(app.ctx, request.caller, request.params.id));

  app.put('/v1/cycles/:id/roster', {
    schema: {
      tags,
      security,
      summary: 'Save the draft roster (chair)',
      description: 'Saved whatever rules it breaks; the answer lists '
        + 'them. Saving a submitted or returned roster makes it a draft.',
      params: IdParams,
      body: RosterInput,
      response: { 200: RosterBody, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => saveDraft(
    app.ctx, request.caller, request.params.id, request.body));

  app.post('/v1/cycles/:id/roster/suggestion', {
    schema: {
      tags,
      security,
      summary: 'The best roster the rules allow, or the best reserve '
        + 'candidate for a vacated seat (officers, secretariat)',
      description: 'Ranks by the calibrated score unless `score` is '
        + '`raw`. Candidates without a score rank after every scored '
        + 'one: they are taken only when the rules need them, and '
        + '`unscoredIds` names them. Saves nothing.',
      params: IdParams,
      body: SuggestionInput,
      response: {
        200: SuggestionBody,
        ...errors(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (request) => suggest(app.ctx, request.caller, request.params.id,
    request.body?.score ?? 'calibrated'));

  app.post('/v1/cycles/:id/roster/submission', {
    schema: {
      tags,
      security,
      summary: 'Submit the saved roster to the secretariat (chair)',
      params: IdParams,
      body: EmptyInput,
      response: {
        200: RosterBody,
        ...errors(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (request) =>
    submitRoster(app.ctx, request.caller, request.params.id));

  app.post('/v1/cycles/:id/roster/return', {
    schema: {
      tags,
      security,
      summary: 'Return a submitted roster to the chair (secretariat)',
      params: IdParams,
      body: ReturnInput,
      response: { 200: RosterBody, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => returnRoster(
    app.ctx, request.caller, request.params.id, request.body.reason));

  app.post('/v1/cycles/:id/roster/confirmation', {
    schema: {
      tags,
      security,
      summary: 'Confirm a submitted roster and publish the membership '
        + '(secretariat)',
      params: IdParams,
      body: EmptyInput,
      response: {
        200: RosterBody,
        ...errors(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (request) =>
    confirmRoster(app.ctx, request.caller, request.params.id));

  app.post('/v1/cycles/:id/members/:personId/stepping-down', {
    schema: {
      tags,
      security,
      summary: 'Record that a member steps down (secretariat)',
      params: MemberParams,
      body: SteppingDownInput,
      response: {
        200: MembershipBody,
        ...errors(400, 401, 403, 404, 409),
      },
    },
  }, async (request) => stepDown(app.ctx, request.caller,
    request.params.id, request.params.personId, request.body.reason));

  app.post('/v1/cycles/:id/replacements', {
    schema: {
      tags,
      security,
      summary: 'Fill a vacated expert seat from the reserve (secretariat)',
      params: IdParams,
      body: ReplacementInput,
      response: {
        201: RosterBody,
        ...errors(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (request, reply) => reply.code(201).send(
    await confirmReplacement(app.ctx, request.caller, request.params.id,
      request.body.personId)));

  app.get('/v1/cycles/:id/report', {
    schema: {
      tags,
      security,
      summary: 'The roster report (secretariat, officers); Markdown with '
        + 'Accept: text/markdown',
      params: IdParams,
      response: {
        200: {
          content: {
            'application/json': { schema: ReportBody },
            'text/markdown': { schema: z.string() },
          },
        },
        ...errors(401, 403, 404),
      },
    },
  }, async (request, reply) => {
    const report = await getReport(app.ctx, request.caller,
      request.params.id);
    if (!wantsMarkdown(request.headers.accept)) return report;
    return reply.type('text/markdown; charset=utf-8').send(
      reportToMarkdown(report));
  });

  app.get('/v1/groups/:slug/members', {
    schema: {
      tags: ['groups'],
      summary: 'The current members of a group\'s latest confirmed roster',
      security: [],
      params: SlugParams,
      response: { 200: PublicMembersBody, ...errors(404) },
    },
  }, async (request) => getGroupMembers(app.ctx, request.params.slug));
};
