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
import { outboxRoutes } from './outbox/outbox.routes.js';
import { peopleRoutes } from './people/people.routes.js';

export const routes: FastifyPluginAsync[] = [
  authRoutes,
  loginPageRoutes,
  groupsRoutes,
  peopleRoutes,
  auditRoutes,
  outboxRoutes,
  cyclesRoutes,
];

export const jobs: Job[] = [];
