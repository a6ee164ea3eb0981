import type { DailyCounter } from '../../skills/imagine/fair-image-queue.js';
import type { Clock } from './shapes.js';

const DAY_MS = 86_400_000;

/**
 * Per-user daily counts in memory, as `DbDailyCounter` keeps them in the quota table: a day's count lives until the
 * day is over and a sweep forgets it.
 */
export class MemoryDailyCounter implements DailyCounter {
  /** `${day}\0${userId}` → count */
  private readonly counts = new Map<string, number>();

  constructor(private readonly now: Clock = Date.now) {}

  async used(userId: string, day: string): Promise<number> {
    return this.counts.get(`${day}\u0000${userId}`) ?? 0;
  }

  async add(userId: string, day: string): Promise<void> {
    const key = `${day}\u0000${userId}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Forgets the days that are over; returns how many counts. */
  async sweep(): Promise<number> {
    let removed = 0;
    for (const key of this.counts.keys()) {
      const day = key.slice(0, key.indexOf('\u0000'));
      if (Date.parse(`${day}T00:00:00Z`) + DAY_MS < this.now()) {
        this.counts.delete(key);
        removed += 1;
      }
    }
    return removed;
  }
}
