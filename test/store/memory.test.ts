import { MemoryAnswerStore } from '../../src/store/memory/answer-store.js';
import { MemoryApiKeys } from '../../src/store/memory/api-keys.js';
import { MemoryAudit } from '../../src/store/memory/audit.js';
import { MemoryDailyCounter } from '../../src/store/memory/daily-counter.js';
import { MemoryEventDedupe } from '../../src/store/memory/dedupe.js';
import { MemoryImageRecords } from '../../src/store/memory/image-records.js';
import { MemoryModerationStore } from '../../src/store/memory/moderation-store.js';
import { MemoryQuotas } from '../../src/store/memory/quotas.js';
import { MemorySettings } from '../../src/store/memory/settings.js';
import { MemoryTranscriptCache } from '../../src/store/memory/transcript-cache.js';
import { storeContract } from './contract.js';

storeContract({
  name: 'memory',
  async open(clock) {
    const settings = new MemorySettings();
    const audit = new MemoryAudit();
    // Event leases and TTLs run on real time moved on by `shift`, as the database's rows are moved into the past.
    let shift = 0;
    const dedupes: { ttlSec: number; leaseSec: number }[] = [];
    const later = (seconds: (d: { ttlSec: number; leaseSec: number }) => number) => {
      shift += Math.max(0, ...dedupes.map(seconds)) * 1000 + 1000;
    };
    return {
      settings,
      quotas: new MemoryQuotas(() => clock.now),
      dedupe(ttlSec, leaseSec = 300) {
        dedupes.push({ ttlSec, leaseSec });
        return new MemoryEventDedupe(ttlSec, leaseSec, () => Date.now() + shift);
      },
      lapseLeases: async () => later((d) => d.leaseSec),
      expireEvents: async () => later((d) => d.ttlSec),
      audit,
      auditRows: async () => audit.runs.map(({ createdAt: _createdAt, ...run }) => run),
      answers: new MemoryAnswerStore(settings),
      transcripts: new MemoryTranscriptCache(),
      imageRecords: new MemoryImageRecords(),
      dailyCounter: () => new MemoryDailyCounter(),
      moderation: new MemoryModerationStore(settings, () => new Date(clock.now)),
      apiKeys: new MemoryApiKeys(),
    };
  },
});
