import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The working roster of a cycle: a draft, then submitted, returned or
  // confirmed. Expert ids are a JSON array in the order the chair chose.
  await db.schema.createTable('rosters')
    .addColumn('cycle_id', 'text', (c) =>
      c.primaryKey().references('cycles.id'))
    .addColumn('chair_id', 'text')
    .addColumn('co_chair_id', 'text')
    .addColumn('expert_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('return_reason', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmed_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Published membership: one row per member of a confirmed roster.
  await db.schema.createTable('memberships')
    .addColumn('cycle_id', 'text', (c) =>
      c.notNull().references('cycles.id'))
    .addColumn('person_id', 'text', (c) =>
      c.notNull().references('people.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('term_start', 'text', (c) => c.notNull())
    .addColumn('term_end', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['cycle_id', 'person_id'])
    .execute();
  await db.schema.createIndex('memberships_person')
    .on('memberships').column('person_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('memberships').execute();
  await db.schema.dropTable('rosters').execute();
}
