/**
 * What every use case receives: the app's shared parts (`AppContext`) and
 * who is asking (`Caller`). Use cases open one transaction at their edge
 * and pass it down to repositories, audit and outbox.
 */

import type { Kysely, Transaction } from 'kysely';
import type { Settings } from './config/settings.js';
import type { Database } from './db/schema.js';
import type { Actor } from './auth/policy.js';
import { appendAuditEvent } from './audit/audit.repository.js';
import { changesBetween } from './audit/changes.js';
import { enqueueMail, type MailRequest } from './mail/outbox.repository.js';

export interface AppContext {
  db: Kysely<Database>;
  settings: Readonly<Settings>;
  clock: () => Date;
  /** Nudges the background worker after a commit that queued mail. */
  wakeWorker: () => void;
}

export interface Caller {
  actor: Actor | null;
  requestId: string | null;
}

/** The caller for work the service does by itself (worker, start-up). */
export const SYSTEM: Caller = { actor: null, requestId: null };

export interface Change {
  action: string;
  entity: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /**
   * Set when the entity holds no personal data (a group, say), so that
   * its text fields are recorded in full.
   */
  impersonal?: boolean;
}

/** Writes the audit event of a change, inside the change's transaction. */
export async function audit(
  trx: Transaction<Database>,
  ctx: AppContext,
  caller: Caller,
  change: Change,
): Promise<void> {
  await appendAuditEvent(trx, {
    actorId: caller.actor?.id ?? null,
    action: change.action,
    entity: change.entity,
    entityId: change.entityId,
    changes: changesBetween(change.before ?? null, change.after ?? null,
      change.impersonal ? new Set() : undefined),
    requestId: caller.requestId,
    at: ctx.clock().toISOString(),
  });
}

/** Queues a mail inside the transaction of the change that causes it. */
export async function queueMail(
  trx: Transaction<Database>,
  ctx: AppContext,
  request: MailRequest,
): Promise<boolean> {
  return enqueueMail(trx, request, {
    now: ctx.clock().toISOString(),
    messageDomain: new URL(ctx.settings.publicUrl).hostname || 'localhost',
  });
}
