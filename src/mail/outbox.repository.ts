/**
 * The outbox: each mail is a row written in the transaction of the change
 * that causes it. The event key makes a second write for the same event a
 * no-op, so a message is queued at most once per event.
 */

import { randomUUID } from 'node:crypto';
import type { Db, OutboxTable } from '../db/schema.js';
import { renderMail, type MailVars } from './templates.js';

export interface MailRequest {
  /** Names the event, e.g. `login:<token hash>`; unique per message. */
  eventKey: string;
  template: string;
  to: { personId: string | null; address: string };
  vars: MailVars;
}

export type OutboxRow = Omit<OutboxTable, 'attempts'> & { attempts: number };

/** Renders and queues a mail. Returns false when the event already was. */
export async function enqueueMail(
  db: Db,
  request: MailRequest,
  options: { now: string; messageDomain: string },
): Promise<boolean> {
  const mail = renderMail(request.template, request.vars);
  const id = randomUUID();
  const result = await db.insertInto('outbox').values({
    id,
    eventKey: request.eventKey,
    template: request.template,
    personId: request.to.personId,
    toAddress: request.to.address,
    subject: mail.subject,
    textBody: mail.text,
    htmlBody: mail.html,
    messageId: `<${id}@${options.messageDomain}>`,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: options.now,
    createdAt: options.now,
  }).onConflict((oc) => oc.column('eventKey').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Takes up to `limit` due messages and leases them until `leaseUntil`. A
 * message whose sender crashed mid-send becomes due again when its lease
 * runs out, and goes out with the same Message-ID.
 */
export async function claimDueMail(
  db: Db,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<OutboxRow[]> {
  const rows = await db.selectFrom('outbox').selectAll()
    .where('status', 'in', ['pending', 'sending'])
    .where('nextAttemptAt', '<=', now)
    .orderBy('nextAttemptAt').orderBy('createdAt').orderBy('id')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];

  await db.updateTable('outbox')
    .set({ status: 'sending', nextAttemptAt: leaseUntil })
    .where('id', 'in', rows.map((r) => r.id))
    .execute();
  return rows;
}

export async function markSent(db: Db, id: string, now: string) {
  await db.updateTable('outbox')
    .set({ status: 'sent', sentAt: now, lastError: null })
    .where('id', '=', id)
    .execute();
}

export async function markAttemptFailed(
  db: Db,
  id: string,
  change: { attempts: number; error: string; retryAt: string | null },
) {
  await db.updateTable('outbox')
    .set({
      attempts: change.attempts,
      lastError: change.error.slice(0, 500),
      status: change.retryAt === null ? 'failed' : 'pending',
      ...(change.retryAt === null ? {} : { nextAttemptAt: change.retryAt }),
    })
    .where('id', '=', id)
    .execute();
}

export async function findOutboxRow(
  db: Db,
  id: string,
): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll()
    .where('id', '=', id).executeTakeFirst();
}

/**
 * Mail, newest first. The cursor is the last row's creation time and id:
 * one change queues several mails in the same instant, and a cursor of
 * the time alone would skip the rest of them.
 */
export async function listOutbox(
  db: Db,
  filter: { status?: string; afterCreated?: string; afterId?: string;
    limit: number },
): Promise<OutboxRow[]> {
  const created = filter.afterCreated;
  const id = filter.afterId;
  return db.selectFrom('outbox').selectAll()
    .$if(filter.status !== undefined,
      (q) => q.where('status', '=', filter.status as OutboxRow['status']))
    .$if(created !== undefined && id === undefined,
      (q) => q.where('createdAt', '<', created!))
    .$if(created !== undefined && id !== undefined,
      (q) => q.where((eb) => eb.or([
        eb('createdAt', '<', created!),
        eb.and([eb('createdAt', '=', created!), eb('id', '<', id!)]),
      ])))
    .orderBy('createdAt', 'desc').orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}

export async function requeueMail(db: Db, id: string, now: string) {
  await db.updateTable('outbox')
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now })
    .where('id', '=', id)
    .execute();
}
