/**
 * Table types, as Kysely sees them through its CamelCasePlugin: columns
 * are snake_case in SQL and camelCase here. Timestamps are ISO strings;
 * JSON columns are text and parsed in the repositories.
 */

import type { Generated, Kysely, Transaction } from 'kysely';

export interface PeopleTable {
  id: string;
  email: string;
  name: string;
  affiliation: string | null;
  country: string | null;
  region: string | null;
  gender: string | null;
  expertise: Generated<string>;
  isSecretariat: Generated<number>;
  isExpert: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

export interface LoginTokensTable {
  tokenHash: string;
  personId: string;
  expiresAt: string;
  usedAt: string | null;
  createdAt: string;
}

export interface GroupsTable {
  slug: string;
  position: number;
  name: string;
  description: string;
  focusAreas: string;
  rules: string;
  updatedAt: string;
}

export interface AuditEventsTable {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  changes: string;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

export interface OutboxTable {
  id: string;
  eventKey: string;
  template: string;
  personId: string | null;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  messageId: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: Generated<number>;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface CyclesTable {
  id: string;
  groupSlug: string;
  state: string;
  nominationDeadline: string;
  reviewDeadline: string;
  termStart: string;
  termEnd: string;
  chairId: string | null;
  coChairId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CycleReviewersTable {
  cycleId: string;
  personId: string;
  addedBy: string | null;
  createdAt: string;
}

export interface NominationsTable {
  id: string;
  cycleId: string;
  candidateId: string;
  nominatorId: string;
  statement: string;
  focusAreas: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

export interface InvitationsTable {
  tokenHash: string;
  nominationId: string;
  expiresAt: string;
  usedAt: string | null;
  createdAt: string;
}

export interface EndorsementsTable {
  id: string;
  nominationId: string;
  endorserId: string;
  statement: string;
  createdAt: string;
}

export interface DeclarationsTable {
  id: string;
  cycleId: string;
  personId: string;
  interests: string;
  ruling: string | null;
  restrictedNominationIds: Generated<string>;
  rulingNote: string | null;
  ruledBy: string | null;
  ruledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConflictsTable {
  id: string;
  nominationId: string;
  personId: string;
  kind: 'declared' | 'affiliation_lifted';
  reason: string;
  recordedBy: string;
  createdAt: string;
}

export interface ReviewsTable {
  id: string;
  nominationId: string;
  reviewerId: string;
  scores: string;
  weightedScore: number;
  comment: Generated<string>;
  createdAt: string;
  updatedAt: string;
}

export interface RostersTable {
  cycleId: string;
  chairId: string | null;
  coChairId: string | null;
  expertIds: Generated<string>;
  status: 'draft' | 'submitted' | 'returned' | 'confirmed';
  returnReason: string | null;
  submittedAt: string | null;
  confirmedAt: string | null;
  confirmedBy: string | null;
  updatedAt: string;
}

export interface MembershipsTable {
  cycleId: string;
  personId: string;
  role: 'chair' | 'co_chair' | 'expert';
  termStart: string;
  termEnd: string;
  endedAt: string | null;
  createdAt: string;
}

export interface Database {
  people: PeopleTable;
  loginTokens: LoginTokensTable;
  groups: GroupsTable;
  auditEvents: AuditEventsTable;
  outbox: OutboxTable;
  cycles: CyclesTable;
  cycleReviewers: CycleReviewersTable;
  nominations: NominationsTable;
  invitations: InvitationsTable;
  endorsements: EndorsementsTable;
  declarations: DeclarationsTable;
  conflicts: ConflictsTable;
  reviews: ReviewsTable;
  rosters: RostersTable;
  memberships: MembershipsTable;
}

/** The database, or an open transaction: what repositories take first. */
export type Db = Kysely<Database> | Transaction<Database>;
