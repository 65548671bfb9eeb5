import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('declarations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) =>
      c.notNull().references('cycles.id'))
    .addColumn('person_id', 'text', (c) =>
      c.notNull().references('people.id'))
    .addColumn('interests', 'text', (c) => c.notNull())
    .addColumn('ruling', 'text')
    .addColumn('restricted_nomination_ids', 'text', (c) =>
      c.notNull().defaultTo('[]'))
    .addColumn('ruling_note', 'text')
    .addColumn('ruled_by', 'text')
    .addColumn('ruled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('declarations_once', ['cycle_id', 'person_id'])
    .execute();

  // Declared conflicts, and the secretariat's lifting of a derived
  // affiliation conflict, one row each.
  await db.schema.createTable('conflicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('nomination_id', 'text', (c) =>
      c.notNull().references('nominations.id'))
    .addColumn('person_id', 'text', (c) =>
      c.notNull().references('people.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('conflicts_once',
      ['nomination_id', 'person_id', 'kind'])
    .execute();

  await db.schema.createTable('reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('nomination_id', 'text', (c) =>
      c.notNull().references('nominations.id'))
    .addColumn('reviewer_id', 'text', (c) =>
      c.notNull().references('people.id'))
    .addColumn('scores', 'text', (c) => c.notNull())
    .addColumn('weighted_score', 'real', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reviews_once', ['nomination_id', 'reviewer_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reviews').execute();
  await db.schema.dropTable('conflicts').execute();
  await db.schema.dropTable('declarations').execute();
}
