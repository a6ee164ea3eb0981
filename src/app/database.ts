import type { Config } from '../config.js';
import { type Database, openDatabase } from '../db/client.js';
import type { Logger } from '../log.js';

/**
 * The server's database (Postgres at DATABASE_URL, else the embedded one in DATA_DIR), migrated. `ownThread` runs
 * the embedded one on a thread of its own, as the server's process does (see db/pglite-thread.ts).
 */
export async function openServerDatabase(config: Config, log: Logger, ownThread = false): Promise<Database> {
  const database = await openDatabase({
    url: config.DATABASE_URL,
    embeddedDir: config.embeddedDbDir,
    embeddedThread: ownThread,
    onPoolError: (err) => log.error({ err }, 'database pool error'),
  });
  await database.migrate();
  return database;
}
