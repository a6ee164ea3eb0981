import { beforeEach, describe } from 'vitest';
import type { SkillRunRecord } from '../../src/core/ports.js';
import type { DailyCounter } from '../../src/skills/imagine/fair-image-queue.js';
import type { ImageRecords } from '../../src/skills/imagine/records.js';
import type { AnswerStore } from '../../src/skills/knowledge/answers.js';
import type { ModerationStore } from '../../src/skills/moderation/store.js';
import type { TranscriptCache } from '../../src/skills/transcribe/cache.js';
import type { ApiKeyStore, AuditTrail, DedupeStore, QuotaStore, SettingsStore } from '../../src/store/memory/shapes.js';
import { answersContract } from './contract/answers.js';
import { apiKeysContract } from './contract/api-keys.js';
import { dedupeContract } from './contract/dedupe.js';
import { moderationContract } from './contract/moderation.js';
import { moderationTrainingContract } from './contract/moderation-training.js';
import { quotasContract } from './contract/quotas.js';
import { settingsContract } from './contract/settings.js';
import { auditContract, dailyCounterContract, imageRecordsContract } from './contract/small-stores.js';
import { transcriptsContract } from './contract/transcripts.js';

/** What the tests say the time is, for the stores that take a clock (quotas, the mod-log). */
export interface TestClock {
  now: number;
}

/** One implementation's stores over empty storage, sharing one settings store as the server wires them. */
export interface Stores {
  settings: SettingsStore;
  quotas: QuotaStore;
  dedupe(ttlSec: number, leaseSec?: number): DedupeStore;
  /** Every event's lease runs out, as when the process running it died. */
  lapseLeases(): Promise<void>;
  /** Every event passes its TTL. */
  expireEvents(): Promise<void>;
  audit: AuditTrail;
  /** The audit rows recorded, oldest first. */
  auditRows(): Promise<SkillRunRecord[]>;
  answers: AnswerStore;
  transcripts: TranscriptCache;
  imageRecords: ImageRecords & { sweep(now?: Date): Promise<number> };
  /** A daily counter of its own (image generation uses 'imagine'). */
  dailyCounter(name: string): DailyCounter;
  moderation: ModerationStore;
  apiKeys: ApiKeyStore;
}

/** An implementation under test: `open` gives fresh, empty stores for each test. */
export interface StoreBackend {
  name: string;
  open(clock: TestClock): Promise<Stores>;
}

export type OpenStores = () => Stores;

/**
 * The store contract: every interface's suite against one implementation. The database stores and the memory ones
 * run the same suites, so what a test learns on the memory stores holds on the database.
 */
export function storeContract(backend: StoreBackend): void {
  describe(`store contract on ${backend.name}`, () => {
    const clock: TestClock = { now: 0 };
    let stores: Stores | undefined;
    const current: OpenStores = () => {
      if (!stores) throw new Error('stores are opened in beforeEach');
      return stores;
    };
    beforeEach(async () => {
      clock.now = Date.UTC(2026, 0, 1, 12, 0, 10);
      stores = await backend.open(clock);
    });
    settingsContract(current);
    quotasContract(current, clock);
    dedupeContract(current);
    auditContract(current);
    answersContract(current);
    transcriptsContract(current);
    imageRecordsContract(current);
    dailyCounterContract(current);
    moderationContract(current, clock);
    moderationTrainingContract(current);
    apiKeysContract(current);
  });
}
