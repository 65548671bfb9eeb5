import type { Db, DeclarationsTable } from '../../db/schema.js';
import { parseJson } from '../../db/transaction.js';

export const RULINGS = ['cleared', 'restricted', 'excluded'] as const;

export type Ruling = (typeof RULINGS)[number];

/** What a reviewer declares: free text and the organisations named. */
export interface DeclarationContent {
  interests: string;
  affiliations: string[];
  relations: string | null;
}

export interface Declaration extends DeclarationContent {
  id: string;
  cycleId: string;
  personId: string;
  /** Null until the secretariat rules, and again after a re-filing. */
  ruling: Ruling | null;
  restrictedNominationIds: string[];
  rulingNote: string | null;
  ruledBy: string | null;
  ruledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The secretariat's decision on a declaration, as stored. */
export interface RulingRecord {
  ruling: Ruling | null;
  restrictedNominationIds: string[];
  rulingNote: string | null;
  ruledBy: string | null;
  ruledAt: string | null;
}

// The table keeps a declaration's content in one text column. Its three
// parts are stored there as one JSON document, which also keeps them one
// personal field for the audit trail (`interests`), never copied into it.
export function encodeContent(content: DeclarationContent): string {
  return JSON.stringify({
    interests: content.interests,
    affiliations: content.affiliations,
    relations: content.relations,
  });
}

function decodeContent(text: string): DeclarationContent {
  const value = parseJson<Partial<DeclarationContent> | null>(text, null);
  if (value === null || typeof value !== 'object'
    || typeof value.interests !== 'string') {
    return { interests: text, affiliations: [], relations: null };
  }
  return {
    interests: value.interests,
    affiliations: Array.isArray(value.affiliations)
      ? value.affiliations.filter((a) => typeof a === 'string') : [],
    relations: typeof value.relations === 'string' ? value.relations : null,
  };
}

type Row = Omit<DeclarationsTable, 'restrictedNominationIds'> & {
  restrictedNominationIds: string;
};

function toDeclaration(row: Row): Declaration {
  return {
    id: row.id,
    cycleId: row.cycleId,
    personId: row.personId,
    ...decodeContent(row.interests),
    ruling: row.ruling as Ruling | null,
    restrictedNominationIds:
      parseJson<string[]>(row.restrictedNominationIds, []),
    rulingNote: row.rulingNote,
    ruledBy: row.ruledBy,
    ruledAt: row.ruledAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function findDeclaration(
  db: Db,
  cycleId: string,
  personId: string,
): Promise<Declaration | undefined> {
  const row = await db.selectFrom('declarations').selectAll()
    .where('cycleId', '=', cycleId).where('personId', '=', personId)
    .executeTakeFirst();
  return row ? toDeclaration(row) : undefined;
}

/** Every declaration of a cycle, oldest first. */
export async function listDeclarations(
  db: Db,
  cycleId: string,
): Promise<Declaration[]> {
  const rows = await db.selectFrom('declarations').selectAll()
    .where('cycleId', '=', cycleId)
    .orderBy('createdAt').orderBy('id').execute();
  return rows.map(toDeclaration);
}

export async function insertDeclaration(
  db: Db,
  declaration: Declaration,
): Promise<void> {
  await db.insertInto('declarations').values({
    id: declaration.id,
    cycleId: declaration.cycleId,
    personId: declaration.personId,
    interests: encodeContent(declaration),
    ruling: declaration.ruling,
    restrictedNominationIds:
      JSON.stringify(declaration.restrictedNominationIds),
    rulingNote: declaration.rulingNote,
    ruledBy: declaration.ruledBy,
    ruledAt: declaration.ruledAt,
    createdAt: declaration.createdAt,
    updatedAt: declaration.updatedAt,
  }).execute();
}

/** Replaces a declaration's content and its ruling together. */
export async function updateDeclaration(
  db: Db,
  id: string,
  change: DeclarationContent & RulingRecord & { updatedAt: string },
): Promise<void> {
  await db.updateTable('declarations').set({
    interests: encodeContent(change),
    ruling: change.ruling,
    restrictedNominationIds: JSON.stringify(change.restrictedNominationIds),
    rulingNote: change.rulingNote,
    ruledBy: change.ruledBy,
    ruledAt: change.ruledAt,
    updatedAt: change.updatedAt,
  }).where('id', '=', id).execute();
}
