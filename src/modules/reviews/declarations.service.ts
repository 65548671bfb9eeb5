import { randomUUID } from 'node:crypto';
import { audit, type AppContext, type Caller } from '../../context.js';
import { inTransaction } from '../../db/transaction.js';
import { authorize, can } from '../../auth/policy.js';
import {
  declarationRequired,
  notFound,
  reviewerExcluded,
  unknownNomination,
} from '../../errors.js';
import { rolesInCycle } from '../cycles/cycles.repository.js';
import { loadCycle, requireState } from '../cycles/cycles.service.js';
import { listNominationsOfCycle } from
  '../nominations/nominations.repository.js';
import {
  encodeContent,
  findDeclaration,
  insertDeclaration,
  listDeclarations,
  updateDeclaration,
  type Declaration,
} from './declarations.repository.js';
import type {
  FileDeclarationInput,
  RulingInput,
} from './declarations.schemas.js';

// Declarations are filed and ruled on while the cycle is open: reviewers
// are often appointed, and can declare, before reviewing begins.
const OPEN_STATES = ['draft', 'nominating', 'reviewing', 'composing'] as const;

/**
 * Refuses a reviewer whose declaration of interest does not let them
 * review in the cycle: none filed (403 declaration_required) or ruled
 * `excluded` (403 reviewer_excluded). A restriction to named nominations
 * is a conflict of interest with each of them and is checked with the
 * other conflicts.
 *
 * A declaration the secretariat has not ruled on yet lets its reviewer
 * review: rulings come when the secretariat gets to them, and reviewing
 * must not wait on that. Should the ruling exclude the reviewer, their
 * reviews stop counting from then on.
 */
export function requireStanding(
  declaration: Declaration | undefined,
): Declaration {
  if (declaration === undefined) throw declarationRequired();
  if (declaration.ruling === 'excluded') throw reviewerExcluded();
  return declaration;
}

/** The fields of a declaration as the audit trail compares them. */
function record(d: Declaration): Record<string, unknown> {
  return {
    cycleId: d.cycleId,
    personId: d.personId,
    interests: encodeContent(d),
    ruling: d.ruling,
    restrictedNominationIds: d.restrictedNominationIds,
    rulingNote: d.rulingNote,
  };
}

/**
 * Files, or files again, the caller's declaration of interest in a cycle.
 * A re-filed declaration returns to unruled, since the ruling judged the
 * earlier text; but it cannot loosen the ruling on its own: a reviewer
 * who is excluded cannot re-file, and the nominations a restriction names
 * stay out of reach until the secretariat rules again.
 */
export async function fileDeclaration(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
  input: FileDeclarationInput,
): Promise<{ declaration: Declaration; created: boolean }> {
  return inTransaction(ctx.db, async (trx) => {
    const cycle = await loadCycle(trx, cycleId);
    const roles = await rolesInCycle(trx, cycle, caller.actor?.id);
    const actor = authorize(caller.actor, 'declaration.file', { roles });
    requireState(cycle, ...OPEN_STATES);
    const existing = await findDeclaration(trx, cycleId, actor.id);
    if (existing?.ruling === 'excluded') throw reviewerExcluded();

    const now = ctx.clock().toISOString();
    const content = {
      interests: input.interests,
      affiliations: input.affiliations ?? [],
      relations: input.relations ?? null,
    };
    const unruled = {
      ruling: null,
      restrictedNominationIds: existing?.restrictedNominationIds ?? [],
      rulingNote: null,
      ruledBy: null,
      ruledAt: null,
    };
    if (existing) {
      const after: Declaration = {
        ...existing, ...content, ...unruled, updatedAt: now,
      };
      await updateDeclaration(trx, existing.id, after);
      await audit(trx, ctx, caller, {
        action: 'declaration.updated', entity: 'declaration',
        entityId: existing.id, before: record(existing),
        after: record(after),
      });
      return { declaration: after, created: false };
    }

    const declaration: Declaration = {
      id: randomUUID(), cycleId, personId: actor.id, ...content,
      ...unruled, createdAt: now, updatedAt: now,
    };
    await insertDeclaration(trx, declaration);
    await audit(trx, ctx, caller, {
      action: 'declaration.filed', entity: 'declaration',
      entityId: declaration.id, after: record(declaration),
    });
    return { declaration, created: true };
  });
}

/**
 * The declarations of a cycle: all of them for the secretariat and the
 * officers, a reviewer's own (or none) for any other reviewer.
 */
export async function listDeclarationsFor(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
): Promise<Declaration[]> {
  const cycle = await loadCycle(ctx.db, cycleId);
  const roles = await rolesInCycle(ctx.db, cycle, caller.actor?.id);
  if (can(caller.actor, 'declaration.list_all', { roles })) {
    return listDeclarations(ctx.db, cycleId);
  }
  const actor = authorize(caller.actor, 'declaration.file', { roles });

  const own = await findDeclaration(ctx.db, cycleId, actor.id);
  return own ? [own] : [];
}

/** Records the secretariat's ruling on a reviewer's declaration. */
export async function ruleDeclaration(
  ctx: AppContext,
  caller: Caller,
  cycleId: string,
  personId: string,
  input: RulingInput,
): Promise<Declaration> {
  const actor = authorize(caller.actor, 'declaration.rule');

  return inTransaction(ctx.db, async (trx) => {
    const cycle = await loadCycle(trx, cycleId);
    requireState(cycle, ...OPEN_STATES);
    const existing = await findDeclaration(trx, cycleId, personId);
    if (!existing) throw notFound('declaration');
    const named = [...new Set(input.nominationIds ?? [])];
    if (named.length > 0) {
      const ours = new Set((await listNominationsOfCycle(trx, cycleId))
        .map((n) => n.id));
      const strangers = named.filter((id) => !ours.has(id));
      if (strangers.length > 0) {
        throw unknownNomination(strangers.join(', '),
          { nominationIds: strangers });
      }
    }

    const now = ctx.clock().toISOString();
    const after: Declaration = {
      ...existing,
      ruling: input.ruling,
      restrictedNominationIds: named,
      rulingNote: input.note ?? null,
      ruledBy: actor.id,
      ruledAt: now,
      updatedAt: now,
    };
    await updateDeclaration(trx, existing.id, after);
    await audit(trx, ctx, caller, {
      action: 'declaration.ruled', entity: 'declaration',
      entityId: existing.id, before: record(existing), after: record(after),
    });
    return after;
  });
}
