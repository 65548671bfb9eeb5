import { randomUUID } from 'node:crypto';
import { audit, type AppContext, type Caller } from '../../context.js';
import type { Db } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import {
  deriveConflicts,
  effectiveConflicts,
  type ConflictReason,
} from '../../domain/conflicts.js';
import { authorize } from '../../auth/policy.js';
import {
  conflictAlreadyDeclared,
  conflictAlreadyLifted,
  conflictNotLiftable,
  conflictOfInterest,
  notFound,
} from '../../errors.js';
import { listReviewerIds } from '../cycles/cycles.repository.js';
import { requireState } from '../cycles/cycles.service.js';
import type { Nomination } from '../nominations/nominations.repository.js';
import { findPeopleByIds } from '../people/people.repository.js';
import {
  findConflictRow,
  insertConflictRow,
  listConflictRows,
  type ConflictRow,
} from './conflicts.repository.js';
import { findDeclaration, listDeclarations } from
  './declarations.repository.js';
import { requireStanding } from './declarations.service.js';
import { loadNominationFor } from './reviewing.access.js';

/** A decision recorded on a conflict: who, why, when. */
export interface ConflictNote {
  reason: string;
  recordedBy: string;
  createdAt: string;
}

/** One reviewer's standing towards one nomination. */
export interface ReviewerConflict {
  reviewerId: string;
  /** What keeps the reviewer from the nomination; empty if nothing. */
  reasons: ConflictReason[];
  /** What follows from who is who, before anything is lifted. */
  derived: ConflictReason[];
  declared: ConflictNote | null;
  affiliationLifted: ConflictNote | null;
}

function note(row: ConflictRow | undefined): ConflictNote | null {
  return row === undefined ? null
    : { reason: row.reason, recordedBy: row.recordedBy,
      createdAt: row.createdAt };
}

/**
 * Assesses every given reviewer against every given nomination of one
 * cycle: derived conflicts, declared ones, liftings, and restrictions
 * ruled on declarations of interest. Returns, per nomination id, one
 * entry per reviewer in the order given.
 */
export async function assessConflicts(
  db: Db,
  cycleId: string,
  nominations: readonly Nomination[],
  reviewerIds: readonly string[],
): Promise<Map<string, ReviewerConflict[]>> {
  const people = await findPeopleByIds(db, [
    ...reviewerIds, ...nominations.map((n) => n.candidateId)]);
  const rows = await listConflictRows(db, nominations.map((n) => n.id));
  const declarations = await listDeclarations(db, cycleId);
  const restricted = new Map(declarations
    .map((d) => [d.personId, new Set(d.restrictedNominationIds)]));
  const declared = new Map(declarations
    .map((d) => [d.personId, d.affiliations]));
  const affiliation = (id: string) => people.get(id)?.affiliation ?? null;

  return new Map(nominations.map((nomination) => {
    const entries = reviewerIds.map((reviewerId): ReviewerConflict => {
      const mine = (kind: ConflictRow['kind']) => rows.find((r) =>
        r.nominationId === nomination.id && r.personId === reviewerId
        && r.kind === kind);
      const derived = deriveConflicts({
        reviewerId,
        reviewerAffiliation: affiliation(reviewerId),
        declaredAffiliations: declared.get(reviewerId) ?? [],
        candidateId: nomination.candidateId,
        candidateAffiliation: affiliation(nomination.candidateId),
        nominatorId: nomination.nominatorId,
        endorserIds: nomination.endorserIds,
      });
      const declaredRow = mine('declared');
      const lifted = mine('affiliation_lifted');
      return {
        reviewerId,
        reasons: effectiveConflicts(derived, {
          declared: declaredRow !== undefined,
          affiliationLifted: lifted !== undefined,
          restricted: restricted.get(reviewerId)?.has(nomination.id)
            ?? false,
        }),
        derived,
        declared: note(declaredRow),
        affiliationLifted: note(lifted),
      };
    });
    return [nomination.id, entries];
  }));
}

/** One reviewer's standing towards one nomination. */
export async function assessConflict(
  db: Db,
  nomination: Nomination,
  reviewerId: string,
): Promise<ReviewerConflict> {
  const table = await assessConflicts(db, nomination.cycleId,
    [nomination], [reviewerId]);
  return table.get(nomination.id)![0]!;
}

/** Refuses a reviewer with any conflict on the nomination (403). */
export async function requireNoConflict(
  db: Db,
  nomination: Nomination,
  reviewerId: string,
): Promise<void> {
  const { reasons } = await assessConflict(db, nomination, reviewerId);
  if (reasons.length > 0) {
    throw conflictOfInterest(reasons.join(', '), { reasons });
  }
}

/**
 * A reviewer declares a conflict with a nomination, once. It takes
 * effect at once: they can no longer score the nomination or read its
 * reviews, and a review they gave it stops counting in the ranking.
 */
export async function declareConflict(
  ctx: AppContext,
  caller: Caller,
  nominationId: string,
  input: { reason: string },
): Promise<ReviewerConflict> {
  return inTransaction(ctx.db, async (trx) => {
    const { nomination, cycle, roles } =
      await loadNominationFor(trx, nominationId, caller.actor);
    const actor = authorize(caller.actor, 'conflict.declare', { roles });
    requireState(cycle, 'reviewing', 'composing');
    requireStanding(await findDeclaration(trx, cycle.id, actor.id));
    if (await findConflictRow(trx, nominationId, actor.id, 'declared')) {
      throw conflictAlreadyDeclared();
    }

    const row: ConflictRow = {
      id: randomUUID(),
      nominationId,
      personId: actor.id,
      kind: 'declared',
      reason: input.reason,
      recordedBy: actor.id,
      createdAt: ctx.clock().toISOString(),
    };
    await insertConflictRow(trx, row);
    await audit(trx, ctx, caller, {
      action: 'conflict.declared', entity: 'conflict', entityId: row.id,
      after: { nominationId, personId: actor.id, kind: row.kind,
        reason: row.reason },
    });
    return assessConflict(trx, nomination, actor.id);
  });
}

/**
 * The secretariat lifts a reviewer's derived shared-affiliation conflict
 * with a nomination, giving its reason. Nothing else can be lifted: see
 * `effectiveConflicts`.
 */
export async function liftAffiliationConflict(
  ctx: AppContext,
  caller: Caller,
  nominationId: string,
  personId: string,
  input: { reason: string },
): Promise<ReviewerConflict> {
  const actor = authorize(caller.actor, 'conflict.lift');

  return inTransaction(ctx.db, async (trx) => {
    const { nomination, cycle } =
      await loadNominationFor(trx, nominationId, actor);
    requireState(cycle, 'draft', 'nominating', 'reviewing', 'composing');
    if (!(await listReviewerIds(trx, cycle)).includes(personId)) {
      throw notFound('reviewer');
    }
    const before = await assessConflict(trx, nomination, personId);
    if (before.affiliationLifted !== null) throw conflictAlreadyLifted();
    if (!before.derived.includes('same_affiliation')) {
      const held = before.reasons.length > 0
        ? `this reviewer's conflicts are: ${before.reasons.join(', ')}`
        : 'this reviewer has no conflict with this nomination';
      throw conflictNotLiftable(held, { reasons: before.reasons });
    }

    const row: ConflictRow = {
      id: randomUUID(),
      nominationId,
      personId,
      kind: 'affiliation_lifted',
      reason: input.reason,
      recordedBy: actor.id,
      createdAt: ctx.clock().toISOString(),
    };
    await insertConflictRow(trx, row);
    await audit(trx, ctx, caller, {
      action: 'conflict.lifted', entity: 'conflict', entityId: row.id,
      after: { nominationId, personId, kind: row.kind, reason: row.reason },
    });
    return assessConflict(trx, nomination, personId);
  });
}

/** Every reviewer of the cycle against one nomination. */
export async function listConflictsOfNomination(
  ctx: AppContext,
  caller: Caller,
  nominationId: string,
): Promise<ReviewerConflict[]> {
  const { nomination, cycle, roles } =
    await loadNominationFor(ctx.db, nominationId, caller.actor);
  authorize(caller.actor, 'conflict.list', { roles });

  const reviewerIds = await listReviewerIds(ctx.db, cycle);
  const table = await assessConflicts(ctx.db, cycle.id, [nomination],
    reviewerIds);
  return table.get(nomination.id) ?? [];
}
