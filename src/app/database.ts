import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { MIGRATIONS_FOLDER } from '../db/migrations.js';
import { startPgliteThread } from '../db/pglite-thread.js';
import type { Logger } from '../log.js';

/**
 * The server's database: Postgres at DATABASE_URL, else the embedded one in DATA_DIR. Resolves migrated, except with
 * `ownThread` (what the server's process does, see db/pglite-thread.ts): the embedded database's thread then opens
 * and migrates it while the server wires itself up, and `ready` says when that is done (queries wait for it). The
 * thread starts before drizzle and the schema load here (~0.1 s): at a cold start it is the longer path.
 */
export async function openServerDatabase(config: Config, log: Logger, ownThread = false): Promise<Database> {
  const thread =
    ownThread && !config.DATABASE_URL ? startPgliteThread(config.embeddedDbDir, true, MIGRATIONS_FOLDER) : undefined;
  const { openDatabase, openedOnThread } = await import('../db/client.js');
  if (thread) return openedOnThread(thread);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    embeddedDir: config.embeddedDbDir,
    onPoolError: (err) => log.error({ err }, 'database pool error'),
  });
  await database.migrate();
  return database;
}
