import { describe, expect, it } from 'vitest';
import type { OpenStores } from '../contract.js';

export function dedupeContract(stores: OpenStores): void {
  describe('event dedupe', () => {
    it('renews a lease a few times per lease', () => {
      expect(stores().dedupe(3600, 60).renewEveryMs).toBe(20_000);
      expect(stores().dedupe(3600, 0.3).renewEveryMs).toBe(250);
    });

    it('claims an event once, and again only after its TTL', async () => {
      const s = stores();
      const dedupe = s.dedupe(3600);
      expect(await dedupe.claim('slack', 'Ev1')).toMatchObject({ attempt: 1 });
      expect(await dedupe.claim('slack', 'Ev1')).toBeUndefined();
      expect(await dedupe.claim('discord', 'Ev1')).toMatchObject({ attempt: 1 });
      const results = await Promise.all(Array.from({ length: 8 }, () => dedupe.claim('slack', 'Ev2')));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await dedupe.sweep()).toBe(0);
      await s.expireEvents();
      expect(await dedupe.claim('slack', 'Ev1')).toMatchObject({ attempt: 1 });
      await s.expireEvents();
      expect(await dedupe.sweep()).toBe(3);
    });

    it('leases an event: a duplicate while the lease lives or after done, a rerun once it ran out unfinished', async () => {
      const s = stores();
      const dedupe = s.dedupe(3600, 60);
      const first = await dedupe.claim('slack', 'Ev1');
      expect(first?.attempt).toBe(1);
      await first?.replies.record(0, { id: '1700000000.000100', channelId: 'C1' });
      // A second record of the same index (a stale writer) changes nothing.
      await first?.replies.record(0, { id: 'other', channelId: 'C1' });
      expect(await dedupe.claim('slack', 'Ev1')).toBeUndefined();
      // The process died: its lease runs out without done. Concurrent redeliveries: one of them reruns it.
      await s.lapseLeases();
      const reruns = (await Promise.all([1, 2, 3].map(() => dedupe.claim('slack', 'Ev1')))).filter((l) => l);
      expect(reruns.map((l) => l?.attempt)).toEqual([2]);
      const rerun = reruns[0];
      expect(await rerun?.replies.get(0)).toEqual({ id: '1700000000.000100', channelId: 'C1' });
      expect(await rerun?.replies.get(1)).toBeUndefined();
      // The dead run's late writes are ignored: it no longer holds the event.
      await first?.replies.record(1, { id: 'late', channelId: 'C1' });
      expect(await rerun?.replies.get(1)).toBeUndefined();
      await rerun?.replies.record(1, { id: '1700000000.000200', channelId: 'C1' });
      expect(await rerun?.replies.get(1)).toEqual({ id: '1700000000.000200', channelId: 'C1' });
      await first?.done();
      await s.lapseLeases();
      expect(await dedupe.claim('slack', 'Ev1')).toMatchObject({ attempt: 3 });
      const last = await dedupe.claim('slack', 'Ev9');
      await last?.done();
      await s.lapseLeases();
      expect(await dedupe.claim('slack', 'Ev9')).toBeUndefined();
      // A renewal after done does not reopen the event.
      await last?.renew();
      await s.lapseLeases();
      expect(await dedupe.claim('slack', 'Ev9')).toBeUndefined();
    });

    it('forgets the replies of an event whose id comes back after its TTL', async () => {
      const s = stores();
      const dedupe = s.dedupe(3600, 60);
      const lease = await dedupe.claim('discord', 'Ev5');
      await lease?.replies.record(0, { id: 'm1', channelId: 'c' });
      await lease?.done();
      await s.expireEvents();
      const again = await dedupe.claim('discord', 'Ev5');
      expect(again?.attempt).toBe(1);
      expect(await again?.replies.get(0)).toBeUndefined();
    });
  });
}
