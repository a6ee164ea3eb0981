import type { ImageRecord } from '../../skills/imagine/records.js';
import { asJson, type Clock, type ImageRecordStore } from './shapes.js';

/** How long an image's buttons keep working (as in the database). */
const KEEP_DAYS = 30;

/** Images' button records in memory, as `DbImageRecords` keeps them: per tenant, forgotten after KEEP_DAYS. */
export class MemoryImageRecords implements ImageRecordStore {
  private readonly records = new Map<string, ImageRecord & { tenantId: string; createdAt: number }>();

  constructor(private readonly now: Clock = Date.now) {}

  /** A reference is stored once: a second put of the same one fails, as the table's primary key makes it. */
  async put(ref: string, tenantId: string, record: ImageRecord): Promise<void> {
    if (this.records.has(ref)) throw new Error(`image record ${ref} exists already`);
    this.records.set(ref, { ...asJson(record), tenantId, createdAt: this.now() });
  }

  async get(ref: string, tenantId: string): Promise<ImageRecord | undefined> {
    const found = this.records.get(ref);
    return found?.tenantId === tenantId ? asJson({ job: found.job, owner: found.owner, info: found.info }) : undefined;
  }

  /** Forgets records older than KEEP_DAYS; returns how many. */
  async sweep(now = new Date(this.now())): Promise<number> {
    const cutoff = now.getTime() - KEEP_DAYS * 24 * 60 * 60 * 1000;
    let removed = 0;
    for (const [ref, record] of this.records) {
      if (record.createdAt < cutoff) {
        this.records.delete(ref);
        removed += 1;
      }
    }
    return removed;
  }
}
