/**
 * Sign-in by emailed link: a one-time login token (hashed at rest, single
 * use, 15 minutes) is exchanged for a short-lived access token (a JWT).
 */

import { audit, queueMail, type AppContext, type Caller } from
  '../../context.js';
import { inTransaction } from '../../db/transaction.js';
import { hashToken, newOneTimeToken } from '../../auth/tokens.js';
import { loginTokenInvalid } from '../../errors.js';
import { findPersonByEmail } from '../people/people.repository.js';
import type { Person } from '../people/people.repository.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

export const LOGIN_TOKEN_TTL_MS = 15 * 60_000;
export const ACCESS_TOKEN_TTL_S = 60 * 60;
/** Unused links a person may hold at once; more requests send nothing. */
const MAX_OPEN_LINKS = 5;

export function loginUrl(ctx: AppContext, token: string): string {
  return `${ctx.settings.publicUrl}/login?token=${token}`;
}

async function createLoginToken(
  trx: Transaction<Database>,
  ctx: AppContext,
  caller: Caller,
  person: Person,
): Promise<{ token: string; hash: string } | null> {
  const now = ctx.clock();
  // A string on PostgreSQL (a bigint), a number on SQLite.
  const open = await trx.selectFrom('loginTokens')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('personId', '=', person.id)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now.toISOString())
    .executeTakeFirstOrThrow();
  if (Number(open.n) >= MAX_OPEN_LINKS) return null;

  const { token, hash } = newOneTimeToken();
  await trx.insertInto('loginTokens').values({
    tokenHash: hash,
    personId: person.id,
    expiresAt: new Date(now.getTime() + LOGIN_TOKEN_TTL_MS).toISOString(),
    usedAt: null,
    createdAt: now.toISOString(),
  }).execute();
  await audit(trx, ctx, caller, {
    action: 'login_link.issued',
    entity: 'person',
    entityId: person.id,
  });
  return { token, hash };
}

/**
 * Emails a login link when the address belongs to someone. Says nothing
 * either way: the caller answers the same for known and unknown addresses.
 */
export async function sendLoginLink(
  ctx: AppContext,
  caller: Caller,
  email: string,
): Promise<void> {
  const queued = await inTransaction(ctx.db, async (trx) => {
    const person = await findPersonByEmail(trx, email);
    if (!person) return false;
    const created = await createLoginToken(trx, ctx, caller, person);
    if (!created) return false;
    return queueMail(trx, ctx, {
      eventKey: `login:${created.hash}`,
      template: 'login-link',
      to: { personId: person.id, address: person.email },
      vars: {
        name: person.name,
        link: loginUrl(ctx, created.token),
        minutes: LOGIN_TOKEN_TTL_MS / 60_000,
      },
    });
  });
  if (queued) ctx.wakeWorker();
}

/**
 * A login link for the operator to hand over directly (the command line
 * and the first start print it); no mail is sent.
 */
export async function createLoginLink(
  ctx: AppContext,
  caller: Caller,
  email: string,
): Promise<string | null> {
  return inTransaction(ctx.db, async (trx) => {
    const person = await findPersonByEmail(trx, email);
    if (!person) return null;
    const created = await createLoginToken(trx, ctx, caller, person);
    return created ? loginUrl(ctx, created.token) : null;
  });
}

/**
 * Spends a login token. Marking it used is a conditional update, so two
 * requests racing with the same token cannot both succeed.
 */
export async function redeemLoginToken(
  ctx: AppContext,
  caller: Caller,
  token: string,
): Promise<string> {
  return inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock().toISOString();
    const hash = hashToken(token);
    const result = await trx.updateTable('loginTokens')
      .set({ usedAt: now })
      .where('tokenHash', '=', hash)
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', now)
      .returning('personId')
      .executeTakeFirst();
    if (!result) throw loginTokenInvalid();

    const self = { id: result.personId, secretariat: false, expert: false };
    await audit(trx, ctx, { ...caller, actor: self }, {
      action: 'session.started',
      entity: 'person',
      entityId: result.personId,
    });
    return result.personId;
  });
}
