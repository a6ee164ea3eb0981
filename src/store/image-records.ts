import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { imageRecords } from '../db/schema.js';
import type { ImageInput } from '../runtime/tasks.js';
import type { ImageRecord, ImageRecords } from '../skills/imagine/records.js';

/** How long an image's buttons keep working. */
const KEEP_DAYS = 30;

/** The imagine skill's records plus the housekeeping the server runs: records older than KEEP_DAYS go. */
export interface ImageRecordStore extends ImageRecords {
  sweep(now?: Date): Promise<number>;
}

/** Images' button records in the database, shared by every gateway and kept across restarts. */
export class DbImageRecords implements ImageRecordStore {
  constructor(private readonly db: Db) {}

  async put(ref: string, tenantId: string, record: ImageRecord): Promise<void> {
    await this.db.insert(imageRecords).values({ ref, tenantId, ...record });
  }

  async get(ref: string, tenantId: string): Promise<ImageRecord | undefined> {
    const [row] = await this.db
      .select()
      .from(imageRecords)
      .where(and(eq(imageRecords.ref, ref), eq(imageRecords.tenantId, tenantId)));
    return row ? { job: row.job as ImageInput, owner: row.owner, info: row.info } : undefined;
  }

  /** Forgets records older than KEEP_DAYS; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - KEEP_DAYS * 24 * 60 * 60 * 1000);
    const removed = await this.db
      .delete(imageRecords)
      .where(lt(imageRecords.createdAt, cutoff))
      .returning({ ref: imageRecords.ref });
    return removed.length;
  }
}
