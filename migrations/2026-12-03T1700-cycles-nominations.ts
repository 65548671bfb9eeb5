import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('cycles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_slug', 'text', (c) =>
      c.notNull().references('groups.slug'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('nomination_deadline', 'text', (c) => c.notNull())
    .addColumn('review_deadline', 'text', (c) => c.notNull())
    .addColumn('term_start', 'text', (c) => c.notNull())
    .addColumn('term_end', 'text', (c) => c.notNull())
    .addColumn('chair_id', 'text', (c) => c.references('people.id'))
    .addColumn('co_chair_id', 'text', (c) => c.references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cycles_group')
    .on('cycles').column('group_slug').execute();

  await db.schema.createTable('cycle_reviewers')
    .addColumn('cycle_id', 'text', (c) =>
      c.notNull().references('cycles.id'))
    .addColumn('person_id', 'text', (c) =>
      c.notNull().references('people.id'))
    .addColumn('added_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cycle_reviewers_pk', ['cycle_id', 'person_id'])
    .execute();

  await db.schema.createTable('nominations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) =>
      c.notNull().references('cycles.id'))
    .addColumn('candidate_id', 'text', (c) =>
      c.notNull().references('people.id'))
    .addColumn('nominator_id', 'text', (c) =>
      c.notNull().references('people.id'))
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('focus_areas', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('nominations_cycle')
    .on('nominations').columns(['cycle_id', 'status']).execute();
  // One nomination per candidate per cycle, held by the database too; a
  // withdrawn or expired one leaves room for a fresh nomination.
  await db.schema.createIndex('nominations_one_per_candidate')
    .on('nominations').columns(['cycle_id', 'candidate_id']).unique()
    .where(sql.ref('status'), 'not in', ['withdrawn', 'expired'])
    .execute();

  await db.schema.createTable('invitations')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('nomination_id', 'text', (c) =>
      c.notNull().references('nominations.id'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invitations_nomination')
    .on('invitations').column('nomination_id').execute();

  await db.schema.createTable('endorsements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('nomination_id', 'text', (c) =>
      c.notNull().references('nominations.id'))
    .addColumn('endorser_id', 'text', (c) =>
      c.notNull().references('people.id'))
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('endorsements_once', ['nomination_id', 'endorser_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('endorsements').execute();
  await db.schema.dropTable('invitations').execute();
  await db.schema.dropTable('nominations').execute();
  await db.schema.dropTable('cycle_reviewers').execute();
  await db.schema.dropTable('cycles').execute();
}
