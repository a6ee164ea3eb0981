import type { Config } from '../config.js';
import { type Database, openDatabase } from '../db/client.js';
import type { Logger } from '../log.js';

/** The server's database (Postgres at DATABASE_URL, else the embedded one in DATA_DIR), migrated. */
export async function openServerDatabase(config: Config, log: Logger): Promise<Database> {
  const database = await openDatabase({
    url: config.DATABASE_URL,
    embeddedDir: config.embeddedDbDir,
    onPoolError: (err) => log.error({ err }, 'database pool error'),
  });
  await database.migrate();
  return database;
}
