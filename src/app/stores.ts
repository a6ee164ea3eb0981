import type { Config } from '../config.js';
import type { AuditLog } from '../core/ports.js';
import type { Db } from '../db/client.js';
import type { DailyCounter } from '../skills/imagine/fair-image-queue.js';
import type { AnswerStore } from '../skills/knowledge/answers.js';
import type { ModerationStore } from '../skills/moderation/store.js';
import type { TranscriptCache } from '../skills/transcribe/cache.js';
import { DbAnswerStore } from '../store/answer-store.js';
import { type ApiKeyStore, DbApiKeys } from '../store/api-keys.js';
import { Audit } from '../store/audit.js';
import { DbDailyCounter } from '../store/daily-counter.js';
import { type DedupeStore, EventDedupe } from '../store/dedupe.js';
import { DbImageRecords, type ImageRecordStore } from '../store/image-records.js';
import { DbModerationStore } from '../store/moderation-store.js';
import { type QuotaStore, Quotas } from '../store/quotas.js';
import { Settings, type SettingsStore } from '../store/settings.js';
import { DbTranscriptCache } from '../store/transcript-cache.js';

/**
 * Every store the core, the skills and the API use, as one bundle: the server hands in the database's
 * (`databaseStores`), skill tests the memory ones (`memoryStores()` in src/store/memory), and the wiring in
 * src/app/wiring.ts cannot tell them apart. Answers and moderation read the same `settings`.
 */
export interface Stores {
  settings: SettingsStore;
  quotas: QuotaStore;
  dedupe: DedupeStore;
  audit: AuditLog;
  answers: AnswerStore;
  transcripts: TranscriptCache;
  imageRecords: ImageRecordStore;
  /** Images generated per user and day (IMAGINE_DAILY_QUOTA). */
  imagineCounter: DailyCounter;
  moderation: ModerationStore;
  apiKeys: ApiKeyStore;
}

/** The stores in the database, shared by every process of a deployment. */
export function databaseStores(
  db: Db,
  config: Pick<Config, 'DEDUPE_TTL_SEC' | 'EVENT_LEASE_SEC'>,
  /** What time it is for the mod-log (case dates, warning points expiring); tests move it instead of waiting. */
  clock?: () => Date,
): Stores {
  const settings = new Settings(db);
  return {
    settings,
    quotas: new Quotas(db),
    dedupe: new EventDedupe(db, config.DEDUPE_TTL_SEC, config.EVENT_LEASE_SEC),
    audit: new Audit(db),
    answers: new DbAnswerStore(db, settings),
    transcripts: new DbTranscriptCache(db),
    imageRecords: new DbImageRecords(db),
    imagineCounter: new DbDailyCounter(db, 'imagine'),
    moderation: new DbModerationStore(db, settings, clock),
    apiKeys: new DbApiKeys(db),
  };
}
