import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { quotaUsage } from '../db/schema.js';
import type { DailyCounter } from '../skills/imagine/fair-image-queue.js';

/** Per-user daily counts (image generation) in the quota table, so quotas survive restarts and span processes. */
export class DbDailyCounter implements DailyCounter {
  constructor(
    private readonly db: Db,
    private readonly prefix: string,
  ) {}

  async used(userId: string, day: string): Promise<number> {
    const [row] = await this.db
      .select({ count: quotaUsage.count })
      .from(quotaUsage)
      .where(and(eq(quotaUsage.bucket, this.bucket(userId)), eq(quotaUsage.windowStart, new Date(`${day}T00:00:00Z`))));
    return row?.count ?? 0;
  }

  async add(userId: string, day: string): Promise<void> {
    const start = new Date(`${day}T00:00:00Z`);
    await this.db
      .insert(quotaUsage)
      .values({
        bucket: this.bucket(userId),
        windowStart: start,
        count: 1,
        expiresAt: new Date(start.getTime() + 86_400_000),
      })
      .onConflictDoUpdate({
        target: [quotaUsage.bucket, quotaUsage.windowStart],
        set: { count: sql`${quotaUsage.count} + 1` },
      });
  }

  private bucket(userId: string): string {
    return `${this.prefix}:${userId}`;
  }
}
