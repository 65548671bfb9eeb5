/**
 * Sends what the outbox holds, after the transactions that wrote it have
 * committed. A failed attempt waits exponentially longer each time, and
 * after the last allowed attempt the message is marked failed with the
 * error it last met.
 */

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import {
  claimDueMail,
  markAttemptFailed,
  markSent,
} from './outbox.repository.js';
import type { MailTransport } from './transport.js';

export interface DeliveryOptions {
  db: Kysely<Database>;
  transport: MailTransport;
  from: string;
  clock: () => Date;
  maxAttempts: number;
  backoffMs: number;
  /** How long a claimed message is left alone before it may be retried. */
  leaseMs?: number;
  batchSize?: number;
  log?: (fields: object, message: string) => void;
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

/** The wait before attempt `attempts + 1`: backoff × 2^(attempts − 1). */
export function backoffDelay(attempts: number, backoffMs: number): number {
  return backoffMs * 2 ** Math.max(0, attempts - 1);
}

/** Sends every message that is due now; returns what happened. */
export async function deliverDueMail(
  options: DeliveryOptions,
): Promise<DeliveryReport> {
  const { db, clock } = options;
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  const leaseMs = options.leaseMs ?? 5 * 60_000;

  for (;;) {
    const now = clock();
    const claimed = await inTransaction(db, (trx) => claimDueMail(
      trx,
      now.toISOString(),
      new Date(now.getTime() + leaseMs).toISOString(),
      options.batchSize ?? 20,
    ));
    if (claimed.length === 0) return report;

    for (const row of claimed) {
      try {
        await options.transport.send({
          id: row.id,
          messageId: row.messageId,
          from: options.from,
          to: row.toAddress,
          subject: row.subject,
          text: row.textBody,
          html: row.htmlBody,
        });
        await markSent(db, row.id, clock().toISOString());
        report.sent += 1;
        options.log?.({ outboxId: row.id }, 'mail sent');
      } catch (err) {
        const attempts = row.attempts + 1;
        const giveUp = attempts >= options.maxAttempts;
        const retryAt = giveUp ? null : new Date(
          clock().getTime() + backoffDelay(attempts, options.backoffMs),
        ).toISOString();
        const error = err instanceof Error ? err.message : String(err);
        await markAttemptFailed(db, row.id, { attempts, error, retryAt });
        if (giveUp) report.failed += 1;
        else report.retrying += 1;
        options.log?.({ outboxId: row.id, attempts, giveUp },
          'mail attempt failed');
      }
    }
  }
}
