import { describe, expect, it } from 'vitest';
import type { OpenStores, TestClock } from '../contract.js';

export function quotasContract(stores: OpenStores, clock: TestClock): void {
  describe('quotas', () => {
    it('counts use per window and says when the window ends', async () => {
      const { quotas } = stores();
      const limits = [{ bucket: 'user:x', limit: 2, windowSec: 60 }];
      expect(await quotas.hit(limits)).toEqual({ ok: true });
      expect(await quotas.hit(limits)).toEqual({ ok: true });
      expect(await quotas.hit(limits)).toEqual({ ok: false, bucket: 'user:x', limit: 2, retryAfterSec: 50 });
      clock.now += 60_000;
      expect(await quotas.hit(limits)).toEqual({ ok: true });
      expect(await quotas.sweep()).toBe(1);
      expect(await quotas.sweep()).toBe(0);
    });

    it('counts against every limit in turn and reports the first one exceeded', async () => {
      const { quotas } = stores();
      const user = { bucket: 'user:a', limit: 5, windowSec: 60 };
      const channel = { bucket: 'channel:c', limit: 1, windowSec: 3600 };
      expect(await quotas.hit([user, channel])).toEqual({ ok: true });
      expect(await quotas.hit([user, channel])).toMatchObject({ ok: false, bucket: 'channel:c', retryAfterSec: 3590 });
      // Another user in the same channel: their own count is fine, the channel's is not.
      expect(await quotas.hit([{ ...user, bucket: 'user:b' }, channel])).toMatchObject({
        ok: false,
        bucket: 'channel:c',
      });
      const counted = await Promise.all(Array.from({ length: 4 }, () => quotas.hit([user])));
      expect(counted.filter((r) => r.ok)).toHaveLength(3);
    });
  });
}
