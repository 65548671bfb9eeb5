/**
 * Reads the bearer token on every request into `request.caller`. Tokens
 * are HS256 JWTs only (any other algorithm, `none` included, is refused),
 * carry an expiry and a `typ` of `access`, and name an existing person.
 */

import type { FastifyInstance } from 'fastify';
import fastifyJwt from '@fastify/jwt';
import { invalidToken } from '../errors.js';
import { findPersonById } from '../modules/people/people.repository.js';

interface AccessClaims {
  sub: string;
  typ: string;
}

export async function installAuth(
  app: FastifyInstance,
  secret: string,
): Promise<void> {
  await app.register(fastifyJwt, {
    secret,
    sign: { algorithm: 'HS256' },
    verify: { algorithms: ['HS256'] },
  });

  app.decorateRequest('caller', null as never);
  app.addHook('onRequest', async (request) => {
    request.caller = { actor: null, requestId: request.id };
    const header = request.headers.authorization;
    if (header === undefined) return;

    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw invalidToken();
    let claims: AccessClaims;
    try {
      claims = app.jwt.verify<AccessClaims>(match[1]!);
    } catch {
      throw invalidToken();
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') {
      throw invalidToken();
    }
    const person = await findPersonById(app.ctx.db, claims.sub);
    if (!person) throw invalidToken();
    request.caller.actor = {
      id: person.id,
      secretariat: person.secretariat,
      expert: person.expert,
    };
  });
}
