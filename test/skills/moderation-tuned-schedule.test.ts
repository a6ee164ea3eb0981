import { describe, expect, it } from 'vitest';
import { scheduleTuning } from '../../src/skills/moderation/tuned/schedule.js';
import type { Tuner } from '../../src/skills/moderation/tuned/tuner.js';
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
    const schedule = scheduleTuning(tuner, store, 20, log);
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
});
