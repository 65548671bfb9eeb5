import { PostgresAdapter, type Kysely } from 'kysely';

// `real` is an 8-byte float in SQLite but a 4-byte one in PostgreSQL,
// where a weighted score of 13/3 came back as 4.3333335. SQLite already
// keeps doubles, so only PostgreSQL changes.

function onPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!onPostgres(db)) return;
  await db.schema.alterTable('reviews')
    .alterColumn('weighted_score', (c) => c.setDataType('double precision'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!onPostgres(db)) return;
  await db.schema.alterTable('reviews')
    .alterColumn('weighted_score', (c) => c.setDataType('real'))
    .execute();
}
