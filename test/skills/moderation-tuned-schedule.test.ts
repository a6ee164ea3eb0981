import { describe, expect, it } from 'vitest';
import { scheduleTuning } from '../../src/skills/moderation/tuned/schedule.js';
import type { Tuner } from '../../src/skills/moderation/tuned/tuner.js';
import { MemoryEventDedupe } from '../../src/store/memory/dedupe.js';
import { MemoryModerationStore, MemorySettings } from '../../src/store/memory/index.js';
import { eventually } from '../adapters/contract.js';
import { captureLogs } from '../helpers/logs.js';
import { SAMPLE_HEAD } from '../helpers/mod-cases.js';

const head = SAMPLE_HEAD;

describe('scheduled retraining of tuned moderation heads', () => {
  it('retrains every server with a head, one failing server not stopping the others, until closed', async () => {
    const store = new MemoryModerationStore(new MemorySettings());
    await store.setTunedHead('g1', head);
    await store.setTunedHead('g2', head);
    await store.setTunedHead('g3', head);
    const calls: string[] = [];
    const tuner: Tuner = {
      async train(tenantId, by) {
        calls.push(`${tenantId}:${by}`);
        if (tenantId === 'g2') throw new Error('the embedding model is missing');
        return { trained: false, reason: 'too few', positives: 0, negatives: 0 };
      },
      score: async () => undefined,
    };
    const { log, lines } = captureLogs();
    const schedule = scheduleTuning(tuner, store, new MemoryEventDedupe(3600), 20, log);
    await eventually(() => expect(calls.length).toBeGreaterThanOrEqual(6));
    await schedule.close();
    expect(calls.slice(0, 3)).toEqual(['g1:schedule', 'g2:schedule', 'g3:schedule']);
    expect(lines.filter((l) => l.msg === 'scheduled training of the tuned moderation head failed')).toContainEqual(
      expect.objectContaining({ tenantId: 'g2' }),
    );
    const stopped = calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.length).toBe(stopped);
  });

  it('trains a server once per period however many processes run the timer', async () => {
    const store = new MemoryModerationStore(new MemorySettings());
    await store.setTunedHead('g1', head);
    await store.setTunedHead('g2', head);
    const calls: string[] = [];
    const tuner: Tuner = {
      async train(tenantId) {
        calls.push(tenantId);
        return { trained: false, reason: 'too few', positives: 0, negatives: 0 };
      },
      score: async () => undefined,
    };
    const { log } = captureLogs();
    // Three processes of one deployment: one database, so one set of claims.
    const claims = new MemoryEventDedupe(3600);
    const firstPeriod = Math.floor(Date.now() / 50);
    const schedules = [1, 2, 3].map(() => scheduleTuning(tuner, store, claims, 50, log));
    await eventually(() => expect(calls.length).toBeGreaterThanOrEqual(6));
    await Promise.all(schedules.map((s) => s.close()));
    // Each of the three timers ticks about once a period: without the claims, each server would train 3× a period.
    const periods = Math.floor(Date.now() / 50) - firstPeriod + 1;
    for (const tenantId of ['g1', 'g2']) {
      expect(calls.filter((c) => c === tenantId).length).toBeLessThanOrEqual(periods);
    }
  });
});
