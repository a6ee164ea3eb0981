import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { openPgliteThread } from '../db/pglite-thread.js';
import type { Logger } from '../log.js';

/**
 * The server's database (Postgres at DATABASE_URL, else the embedded one in DATA_DIR), migrated. `ownThread` runs
 * the embedded one on a thread of its own, as the server's process does (see db/pglite-thread.ts). That thread is
 * started first, before drizzle and the schema load here (~0.1 s): at a cold start its PGlite is the longer path.
 */
export async function openServerDatabase(config: Config, log: Logger, ownThread = false): Promise<Database> {
  const embeddedClient = ownThread && !config.DATABASE_URL ? openPgliteThread(config.embeddedDbDir, true) : undefined;
  embeddedClient?.catch(() => {}); // awaited (and its failure thrown) by openDatabase
  const { openDatabase } = await import('../db/client.js');
  const database = await openDatabase({
    url: config.DATABASE_URL,
    embeddedDir: config.embeddedDbDir,
    embeddedClient,
    onPoolError: (err) => log.error({ err }, 'database pool error'),
  });
  await database.migrate();
  return database;
}
