import { MemoryAnswerStore } from './answer-store.js';
import { MemoryApiKeys } from './api-keys.js';
import { MemoryAudit } from './audit.js';
import { MemoryDailyCounter } from './daily-counter.js';
import { MemoryEventDedupe } from './dedupe.js';
import { MemoryImageRecords } from './image-records.js';
import { MemoryModerationStore } from './moderation-store.js';
import { MemoryQuotas } from './quotas.js';
import { MemorySettings } from './settings.js';
import { MemoryTranscriptCache } from './transcript-cache.js';

export interface MemoryStoreOptions {
  /** What time it is for the stores (ms since the epoch); tests move it instead of waiting. */
  now?: () => number;
  /** The mod-log's own clock, as the server takes one (case dates, warning points expiring); else `now`. */
  clock?: () => Date;
  /** How long an event id is remembered, and how long a run holds it (DEDUPE_TTL_SEC, EVENT_LEASE_SEC). */
  dedupeTtlSec?: number;
  leaseSec?: number;
}

/** Every store the core, the skills and the API use, in memory, wired to one settings store as the server wires them. */
export function memoryStores(options: MemoryStoreOptions = {}) {
  const { now = Date.now, dedupeTtlSec = 86_400, leaseSec = 300 } = options;
  const settings = new MemorySettings();
  return {
    settings,
    quotas: new MemoryQuotas(now),
    dedupe: new MemoryEventDedupe(dedupeTtlSec, leaseSec, now),
    audit: new MemoryAudit(now),
    answers: new MemoryAnswerStore(settings),
    transcripts: new MemoryTranscriptCache(),
    imageRecords: new MemoryImageRecords(now),
    imagineCounter: new MemoryDailyCounter(now),
    moderation: new MemoryModerationStore(settings, options.clock ?? (() => new Date(now()))),
    apiKeys: new MemoryApiKeys(now),
  };
}

export type MemoryStores = ReturnType<typeof memoryStores>;

export {
  MemoryAnswerStore,
  MemoryApiKeys,
  MemoryAudit,
  MemoryDailyCounter,
  MemoryEventDedupe,
  MemoryImageRecords,
  MemoryModerationStore,
  MemoryQuotas,
  MemorySettings,
  MemoryTranscriptCache,
};
