/**
 * The audit trail: append-only events, each hash covering the one before,
 * so that editing, deleting or reordering any event breaks the chain.
 * Personal data stays in the entity tables; events carry ids and the
 * names of changed personal fields, never their values.
 */

import { createHash } from 'node:crypto';
import type { Db } from '../db/schema.js';
import { lockForWriting, parseJson } from '../db/transaction.js';

export const GENESIS_HASH = '0'.repeat(64);

/** What changed in one field; personal values are not kept. */
export type FieldChange =
  | { before: unknown; after: unknown }
  | { personal: true };

export interface AuditInput {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  changes: Record<string, FieldChange>;
  requestId: string | null;
  at: string;
}

export interface AuditEvent extends AuditInput {
  seq: number;
  prevHash: string;
  hash: string;
}

/** The hash of an event: SHA-256 over its fields in a fixed order. */
export function hashEvent(event: Omit<AuditEvent, 'hash'>): string {
  const canonical = JSON.stringify([
    event.seq, event.at, event.actorId, event.action, event.entity,
    event.entityId, event.changes, event.requestId, event.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends one event. Call it inside the transaction of the change it
 * records: the write lock, held until that transaction ends, keeps two
 * writers from both taking the same next sequence number.
 */
export async function appendAuditEvent(
  db: Db,
  input: AuditInput,
): Promise<AuditEvent> {
  await lockForWriting(db);
  const last = await db.selectFrom('auditEvents')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();

  const partial = {
    ...input,
    seq: (last?.seq ?? 0) + 1,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const event = { ...partial, hash: hashEvent(partial) };
  await db.insertInto('auditEvents').values({
    ...event,
    changes: JSON.stringify(event.changes),
  }).execute();
  return event;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
  afterSeq?: number;
  limit: number;
}

type AuditRow = Omit<AuditEvent, 'changes'> & { changes: string };

function toEvent(row: AuditRow): AuditEvent {
  return { ...row, changes: parseJson(row.changes, {}) };
}

export async function listAuditEvents(
  db: Db,
  filter: AuditFilter,
): Promise<AuditEvent[]> {
  const rows = await db.selectFrom('auditEvents')
    .selectAll()
    .$if(filter.entity !== undefined,
      (q) => q.where('entity', '=', filter.entity!))
    .$if(filter.entityId !== undefined,
      (q) => q.where('entityId', '=', filter.entityId!))
    .$if(filter.actorId !== undefined,
      (q) => q.where('actorId', '=', filter.actorId!))
    .$if(filter.action !== undefined,
      (q) => q.where('action', '=', filter.action!))
    .$if(filter.from !== undefined,
      (q) => q.where('at', '>=', filter.from!))
    .$if(filter.to !== undefined,
      (q) => q.where('at', '<', filter.to!))
    .$if(filter.afterSeq !== undefined,
      (q) => q.where('seq', '>', filter.afterSeq!))
    .orderBy('seq', 'asc')
    .limit(filter.limit)
    .execute();
  return rows.map(toEvent);
}

export interface ChainReport {
  ok: boolean;
  events: number;
  /** The first sequence number at which the chain breaks. */
  firstBadSeq: number | null;
  problem: 'hash_mismatch' | 'broken_link' | 'sequence_gap' | null;
}

/**
 * Walks the whole chain in sequence order. An edited event fails its own
 * hash; a deleted one leaves a gap; a reordered or reinserted one no
 * longer links to the hash before it.
 */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  const pageSize = 1000;

  for (;;) {
    const rows = await db.selectFrom('auditEvents').selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq', 'asc').limit(pageSize).execute();

    for (const row of rows) {
      const event = toEvent(row);
      const fail = (problem: ChainReport['problem']): ChainReport =>
        ({ ok: false, events: count, firstBadSeq: event.seq, problem });
      if (event.seq !== expectedSeq) {
        return { ...fail('sequence_gap'), firstBadSeq: expectedSeq };
      }
      if (event.prevHash !== prevHash) return fail('broken_link');
      const { hash, ...rest } = event;
      if (hashEvent(rest) !== hash) return fail('hash_mismatch');
      prevHash = hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < pageSize) break;
  }
  return { ok: true, events: count, firstBadSeq: null, problem: null };
}
