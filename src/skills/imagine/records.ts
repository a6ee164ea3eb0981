import type { ImageInput } from '../../runtime/tasks.js';

/** What the buttons under an image need: how to draw it again, who asked, and its Info text. */
export interface ImageRecord {
  job: ImageInput;
  /** The requester (platform:tenant:user): Delete is theirs or a moderator's. */
  owner: string;
  /** The facts its Info button tells, as JSON (render.ts storedFacts); records older than that: the English text. */
  info: string;
}

/**
 * Images' records by the reference their buttons carry. Kept in the database (core's DbImageRecords) so buttons
 * work on any gateway and after a restart; in memory when the skill runs without one.
 */
export interface ImageRecords {
  put(ref: string, tenantId: string, record: ImageRecord): Promise<void>;
  get(ref: string, tenantId: string): Promise<ImageRecord | undefined>;
}

/** The newest `limit` records in this process (older buttons expire). */
export class MemoryImageRecords implements ImageRecords {
  private readonly records = new Map<string, ImageRecord & { tenantId: string }>();

  constructor(private readonly limit = 500) {}

  async put(ref: string, tenantId: string, record: ImageRecord): Promise<void> {
    this.records.set(ref, { ...record, tenantId });
    for (const old of this.records.keys()) if (this.records.size > this.limit) this.records.delete(old);
  }

  async get(ref: string, tenantId: string): Promise<ImageRecord | undefined> {
    const found = this.records.get(ref);
    return found?.tenantId === tenantId ? found : undefined;
  }
}
