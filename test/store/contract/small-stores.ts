import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../../../src/skills/imagine/records.js';
import type { OpenStores } from '../contract.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function auditContract(stores: OpenStores): void {
  describe('audit', () => {
    it('records each run, its error code when there is one', async () => {
      const s = stores();
      const run = { platform: 'slack', tenantId: 'T1', channelId: 'C1', userId: 'U1', skill: 'ask', durationMs: 12 };
      await s.audit.record({ id: 'run1', ...run, status: 'ok' });
      await s.audit.record({ id: 'run2', ...run, status: 'error', errorCode: 'internal' });
      expect(await s.auditRows()).toEqual([
        { id: 'run1', ...run, status: 'ok', errorCode: undefined },
        { id: 'run2', ...run, status: 'error', errorCode: 'internal' },
      ]);
      await expect(s.audit.record({ id: 'run1', ...run, status: 'ok' })).rejects.toThrow();
    });
  });
}

export function imageRecordsContract(stores: OpenStores): void {
  describe('image records', () => {
    const record: ImageRecord = {
      job: { prompt: 'a red boat', seed: 11, width: 256, height: 256, steps: 2 },
      owner: 'discord:g1:u1',
      info: '**Seed:** 11',
    };

    it('gives a record back to its tenant only', async () => {
      const { imageRecords } = stores();
      await imageRecords.put('ref1', 'g1', record);
      expect(await imageRecords.get('ref1', 'g1')).toEqual(record);
      expect(await imageRecords.get('ref1', 'g2')).toBeUndefined();
      expect(await imageRecords.get('ref2', 'g1')).toBeUndefined();
      await expect(imageRecords.put('ref1', 'g1', record)).rejects.toThrow();
    });

    it('forgets records after 30 days', async () => {
      const { imageRecords } = stores();
      await imageRecords.put('ref1', 'g1', record);
      await imageRecords.put('ref2', 'g1', record);
      expect(await imageRecords.sweep(new Date(Date.now() + 29 * DAY_MS))).toBe(0);
      expect(await imageRecords.sweep(new Date(Date.now() + 31 * DAY_MS))).toBe(2);
      expect(await imageRecords.get('ref1', 'g1')).toBeUndefined();
    });
  });
}

export function dailyCounterContract(stores: OpenStores): void {
  describe('daily counter', () => {
    it('counts per user and day; counters of different names are apart', async () => {
      const s = stores();
      const counter = s.dailyCounter('imagine');
      expect(await counter.used('u1', '2026-01-01')).toBe(0);
      await counter.add('u1', '2026-01-01');
      await Promise.all([counter.add('u1', '2026-01-01'), counter.add('u1', '2026-01-01')]);
      await counter.add('u2', '2026-01-01');
      await counter.add('u1', '2026-01-02');
      expect(await counter.used('u1', '2026-01-01')).toBe(3);
      expect(await counter.used('u2', '2026-01-01')).toBe(1);
      expect(await counter.used('u1', '2026-01-02')).toBe(1);
      expect(await s.dailyCounter('other').used('u1', '2026-01-01')).toBe(0);
    });
  });
}
