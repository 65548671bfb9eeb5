/**
 * Opens the database named by the settings: a SQLite file by default, or
 * PostgreSQL for a postgres:// URL. Everything above this file speaks
 * Kysely and stays portable between the two.
 */

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type SqliteDialectConfig,
} from 'kysely';
import type { Database } from './schema.js';

/**
 * SQLite's plain BEGIN takes the write lock only at the first write, so
 * two processes (the service and `peerpanel outbox send`, say) could both
 * read and then collide. BEGIN IMMEDIATE takes the lock up front.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
  ): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:') {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export interface OpenOptions {
  /** Told when the server ends an idle connection (PostgreSQL only). */
  onConnectionLost?: (err: Error) => void;
}

/** Opens the database; the caller owns it and calls `destroy()`. */
export async function openDatabase(
  url: string,
  options: OpenOptions = {},
): Promise<Kysely<Database>> {
  const plugins = [new CamelCasePlugin()];
  if (isPostgresUrl(url)) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // When the server ends an idle connection (a restart, an operator),
    // the pool drops it and opens another on demand; but with no
    // listener, its 'error' event would bring the whole process down.
    pool.on('error', (err) => options.onConnectionLost?.(err));
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      plugins,
    });
  }
  return new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: openSqlite(url) }),
    plugins,
  });
}
