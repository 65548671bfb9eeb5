import type { FastifyPluginAsync } from 'fastify';
import { renderPage } from '../../http/pages.js';

/** The page a sign-in link opens; it spends the token on a click. */
export const loginPageRoutes: FastifyPluginAsync = async (app) => {
  app.get('/login', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(renderPage('login', {})));
};
