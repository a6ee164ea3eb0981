import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { skillRuns } from '../../src/db/schema.js';
import { DbAnswerStore } from '../../src/store/answer-store.js';
import { DbApiKeys } from '../../src/store/api-keys.js';
import { Audit } from '../../src/store/audit.js';
import { DbDailyCounter } from '../../src/store/daily-counter.js';
import { EventDedupe } from '../../src/store/dedupe.js';
import { DbImageRecords } from '../../src/store/image-records.js';
import { DbModerationStore } from '../../src/store/moderation-store.js';
import { Quotas } from '../../src/store/quotas.js';
import { Settings } from '../../src/store/settings.js';
import { DbTranscriptCache } from '../../src/store/transcript-cache.js';
import { databaseVariants, type TestDatabase } from '../helpers/db.js';
import { storeContract } from './contract.js';

/** Every table the stores write: emptied before each test, so one database serves the whole file. */
const STORE_TABLES = [
  'settings',
  'quota_usage',
  'processed_events',
  'skill_runs',
  'answer_feedback',
  'answers',
  'transcripts',
  'image_records',
  'mod_cases',
  'api_keys',
];

for (const variant of databaseVariants) {
  if (variant.skip) console.warn(`[tests] store contract on ${variant.name} skipped: ${variant.skip}`);

  describe.skipIf(variant.skip !== undefined)(`database (${variant.name})`, () => {
    let handle: TestDatabase | undefined;
    const database = (): Database => {
      if (!handle) throw new Error('the database opens in beforeAll');
      return handle.database;
    };
    beforeAll(async () => {
      handle = await variant.create();
      await handle.database.migrate();
    });
    afterAll(async () => {
      await handle?.dispose();
    });

    storeContract({
      name: variant.name,
      async open(clock) {
        const { db } = database();
        // Deleting a few rows is quicker than truncating (which rewrites each table's files).
        for (const table of STORE_TABLES) await db.execute(sql.raw(`delete from ${table}`));
        // The cache would hide other writers; a test's stores are the only writer here, and it clears on writes.
        const settings = new Settings(db);
        const audit = new Audit(db);
        return {
          settings,
          quotas: new Quotas(db, () => clock.now),
          dedupe: (ttlSec, leaseSec) => new EventDedupe(db, ttlSec, leaseSec),
          lapseLeases: async () => {
            await db.execute(sql`update processed_events set lease_until = now() - interval '1 second'`);
          },
          expireEvents: async () => {
            await db.execute(sql`update processed_events set expires_at = now() - interval '1 second'`);
          },
          audit,
          auditRows: async () =>
            (await db.select().from(skillRuns).orderBy(skillRuns.createdAt)).map(
              ({ createdAt: _createdAt, errorCode, ...run }) => ({ ...run, errorCode: errorCode ?? undefined }),
            ),
          answers: new DbAnswerStore(db, settings),
          transcripts: new DbTranscriptCache(db),
          imageRecords: new DbImageRecords(db),
          dailyCounter: (name) => new DbDailyCounter(db, name),
          moderation: new DbModerationStore(db, settings, () => new Date(clock.now)),
          apiKeys: new DbApiKeys(db),
        };
      },
    });
  });
}
