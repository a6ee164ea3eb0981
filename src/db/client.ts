import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { ensureTemplate, openPglite } from './embedded.js';
import { MIGRATIONS_FOLDER as migrationsFolder } from './migrations.js';
import { openPgliteThread, type PgliteClient } from './pglite-thread.js';
import { guardPool } from './pool-guard.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

const ready = Promise.resolve();

export interface Database {
  readonly db: Db;
  readonly kind: 'embedded' | 'postgres';
  /**
   * Resolves once the database answers with its schema migrated; queries made before wait for it. Already resolved
   * unless the database is still opening on its own thread (see openedOnThread).
   */
  readonly ready: Promise<void>;
  /** Applies pending migrations from migrations/; a no-op when none are pending. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 7_391_044_201;

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded database in `embeddedDir` is used. */
  url?: string | undefined;
  embeddedDir: string;
  /** Start a new embedded cluster from the prepared template (default); false runs initdb and every migration. */
  embeddedTemplate?: boolean;
  /**
   * Run the embedded database on a thread of its own (pglite-thread.ts): what the server's process does. In-process
   * (the default) suits short commands and tests, where a thread's start from TypeScript source costs more than it
   * saves.
   */
  embeddedThread?: boolean;
  onPoolError?: (error: Error) => void;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.onPoolError) : openEmbedded(openEmbeddedClient(options));
}

/**
 * A handle on no database, whose every query fails: for commands that build the skills table only to read what it
 * declares (`omb discord invite`). The stores only keep the handle until they query, so nothing connects, and the
 * server's own database (which a running server holds) is never opened.
 */
export function detachedDatabase(): Database {
  const refuse = () => Promise.reject(new Error('this command works without a database'));
  return { db: drizzlePglite.mock({ schema }), kind: 'postgres', ready, migrate: refuse, close: async () => {} };
}

/** Prepares the migrated template cluster that first starts copy, and its spare (`npm install` runs this). */
export function prepareEmbeddedTemplate(dir?: string): Promise<string> {
  return ensureTemplate((client) => migratePglite(drizzlePglite({ client, schema }), { migrationsFolder }), dir);
}

function openEmbeddedClient({ embeddedDir, embeddedTemplate = true, embeddedThread }: OpenDatabaseOptions) {
  return embeddedThread ? openPgliteThread(embeddedDir, embeddedTemplate) : openPglite(embeddedDir, embeddedTemplate);
}

async function openEmbedded(opening: Promise<PgliteClient>): Promise<Database> {
  return embeddedDatabase(await opening, ready);
}

/**
 * The server's embedded database on a thread of its own (`thread` from startPgliteThread with the migrations
 * folder): usable at once, while the thread opens and migrates it, so the server wires itself up meanwhile.
 */
export function openedOnThread(thread: { client: PgliteClient; opened: Promise<void> }): Database {
  return embeddedDatabase(thread.client, thread.opened);
}

function embeddedDatabase(client: PgliteClient, opened: Promise<void>): Database {
  // drizzle's driver only calls query and transaction (see PgliteClient), which the thread's client answers too.
  const db = drizzlePglite({ client: client as PGlite, schema });
  return {
    db,
    kind: 'embedded',
    ready: opened,
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, onPoolError?: (error: Error) => void): Promise<Database> {
  // Imported only for a Postgres URL: the embedded default (and its quick start) never loads pg.
  const [{ default: pg }, { drizzle: drizzleNodePg }, { migrate: migrateNodePg }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  pool.on('error', (error) => onPoolError?.(error));
  guardPool(pool, (error) => onPoolError?.(error));
  const db = drizzleNodePg({ client: pool, schema });
  return {
    db,
    kind: 'postgres',
    ready,
    // Several processes may start at once (scale-out): a session-level advisory lock lets one migrate at a time.
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
