import type { QuotaLimit, QuotaResult } from '../../core/ports.js';
import type { Clock, QuotaStore } from './shapes.js';

/** Fixed-window counters, as `Quotas` keeps them in the database: each window's count lives until its window ends. */
export class MemoryQuotas implements QuotaStore {
  /** `${bucket}\0${windowStart}` → count and when the window ends */
  private readonly windows = new Map<string, { count: number; expiresAt: number }>();

  constructor(private readonly now: Clock = Date.now) {}

  async hit(limits: readonly QuotaLimit[]): Promise<QuotaResult> {
    const nowMs = this.now();
    for (const { bucket, limit, windowSec } of limits) {
      const windowMs = windowSec * 1000;
      const startMs = Math.floor(nowMs / windowMs) * windowMs;
      const key = `${bucket}\u0000${startMs}`;
      const window = this.windows.get(key) ?? { count: 0, expiresAt: startMs + windowMs };
      window.count += 1;
      this.windows.set(key, window);
      if (window.count > limit) {
        return { ok: false, bucket, limit, retryAfterSec: Math.max(1, Math.ceil((startMs + windowMs - nowMs) / 1000)) };
      }
    }
    return { ok: true };
  }

  /** Forgets windows that have ended; returns how many. */
  async sweep(): Promise<number> {
    const nowMs = this.now();
    let removed = 0;
    for (const [key, window] of this.windows) {
      if (window.expiresAt < nowMs) {
        this.windows.delete(key);
        removed += 1;
      }
    }
    return removed;
  }
}
