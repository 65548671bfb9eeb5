import type { Db, InvitationsTable } from '../../db/schema.js';

export type Invitation = InvitationsTable;

export async function insertInvitation(
  db: Db,
  invitation: Invitation,
): Promise<void> {
  await db.insertInto('invitations').values(invitation).execute();
}

export async function findInvitation(
  db: Db,
  tokenHash: string,
): Promise<Invitation | undefined> {
  return db.selectFrom('invitations').selectAll()
    .where('tokenHash', '=', tokenHash).executeTakeFirst();
}

/**
 * Spends an invitation. The update is conditional, so that of two answers
 * racing on one link only the first counts; returns whether it did.
 */
export async function markInvitationUsed(
  db: Db,
  tokenHash: string,
  now: string,
): Promise<boolean> {
  const result = await db.updateTable('invitations')
    .set({ usedAt: now })
    .where('tokenHash', '=', tokenHash)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Nominations still awaiting consent that no live invitation can answer
 * any more: each of their links is used or past its expiry.
 */
export async function listLapsedNominationIds(
  db: Db,
  now: string,
): Promise<string[]> {
  const rows = await db.selectFrom('nominations')
    .select('nominations.id')
    .where('nominations.status', '=', 'awaiting_consent')
    .where(({ exists, not, selectFrom }) => not(exists(
      selectFrom('invitations').select('invitations.tokenHash')
        .whereRef('invitations.nominationId', '=', 'nominations.id')
        .where('invitations.usedAt', 'is', null)
        .where('invitations.expiresAt', '>', now),
    )))
    .where(({ exists, selectFrom }) => exists(
      selectFrom('invitations').select('invitations.tokenHash')
        .whereRef('invitations.nominationId', '=', 'nominations.id'),
    ))
    .orderBy('nominations.createdAt').orderBy('nominations.id')
    .execute();
  return rows.map((r) => r.id);
}
