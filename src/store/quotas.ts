import { lt, sql } from 'drizzle-orm';
import type { QuotaCounter, QuotaLimit, QuotaResult } from '../core/ports.js';
import type { Db } from '../db/client.js';
import { quotaUsage } from '../db/schema.js';

/** The core's quota counter plus the housekeeping the server runs: windows that ended are dropped. */
export interface QuotaStore extends QuotaCounter {
  sweep(): Promise<unknown>;
}

/**
 * Fixed-window counters in the database. Each call counts one use against every limit and reports the first
 * limit exceeded with the seconds until its window ends.
 */
export class Quotas implements QuotaStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(limits: readonly QuotaLimit[]): Promise<QuotaResult> {
    const nowMs = this.now();
    for (const { bucket, limit, windowSec } of limits) {
      const windowMs = windowSec * 1000;
      const startMs = Math.floor(nowMs / windowMs) * windowMs;
      const [row] = await this.db
        .insert(quotaUsage)
        .values({ bucket, windowStart: new Date(startMs), count: 1, expiresAt: new Date(startMs + windowMs) })
        .onConflictDoUpdate({
          target: [quotaUsage.bucket, quotaUsage.windowStart],
          set: { count: sql`${quotaUsage.count} + 1` },
        })
        .returning({ count: quotaUsage.count });
      if ((row?.count ?? 0) > limit) {
        return { ok: false, bucket, limit, retryAfterSec: Math.max(1, Math.ceil((startMs + windowMs - nowMs) / 1000)) };
      }
    }
    return { ok: true };
  }

  async sweep(): Promise<number> {
    const removed = await this.db
      .delete(quotaUsage)
      .where(lt(quotaUsage.expiresAt, new Date(this.now())))
      .returning({ bucket: quotaUsage.bucket });
    return removed.length;
  }
}
