/**
 * The resources the app serves, and the periodic jobs they need.
 */

import type { FastifyPluginAsync } from 'fastify';
import type { Job } from '../worker.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { loginPageRoutes } from './auth/login-page.routes.js';
import { cyclesRoutes } from './cycles/cycles.routes.js';
import { groupsRoutes } from './groups/groups.routes.js';
import { invitationsRoutes } from
  './nominations/invitations.routes.js';
import { expireInvitations } from './nominations/invitations.service.js';
import { nominationsRoutes } from './nominations/nominations.routes.js';
import { outboxRoutes } from './outbox/outbox.routes.js';
import { peopleRoutes } from './people/people.routes.js';
import { conflictsRoutes } from './reviews/conflicts.routes.js';
import { declarationsRoutes } from './reviews/declarations.routes.js';
import { rankingRoutes } from './reviews/ranking.routes.js';
import { remindReviewers } from './reviews/reminders.job.js';
import { reviewsRoutes } from './reviews/reviews.routes.js';
import { rosterRoutes } from './rosters/roster.routes.js';

export const routes: FastifyPluginAsync[] = [
  authRoutes,
  loginPageRoutes,
  groupsRoutes,
  peopleRoutes,
  auditRoutes,
  outboxRoutes,
  cyclesRoutes,
  nominationsRoutes,
  invitationsRoutes,
  declarationsRoutes,
  conflictsRoutes,
  reviewsRoutes,
  rankingRoutes,
  rosterRoutes,
];

export const jobs: Job[] = [
  expireInvitations,
  remindReviewers,
];
