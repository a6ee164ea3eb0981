import { describe, expect, it } from 'vitest';
import { BatchBacklog, type Pending, planBatch, retryAfterSec } from '../../src/runtime/batcher.js';
import { lengthGroups } from '../../src/runtime/pipelines/encoder.js';
import { evictions, leastLoaded } from '../../src/runtime/placement.js';
import type { Priority } from '../../src/runtime/tasks.js';

let nextId = 1;
const item = (priority: Priority, enqueuedAt = 0): Pending => ({ id: nextId++, priority, enqueuedAt });

describe('BatchBacklog', () => {
  it('takes interactive work before background moderation before ingestion, oldest first', () => {
    const q = new BatchBacklog<Pending>();
    const ingest = item('ingestion', 1);
    const bg1 = item('background', 2);
    const live = item('interactive', 3);
    const bg2 = item('background', 4);
    for (const i of [ingest, bg1, live, bg2]) q.push(i);
    expect(q.peek()).toBe(live);
    expect(q.take(3)).toEqual([live, bg1, bg2]);
    expect(q.take(3)).toEqual([ingest]);
    expect(q.size).toBe(0);
  });

  it('removes a cancelled item only while it is waiting', () => {
    const q = new BatchBacklog<Pending>();
    const a = item('interactive');
    const b = item('interactive');
    q.push(a);
    q.push(b);
    expect(q.remove(a.id)).toBe(true);
    expect(q.remove(a.id)).toBe(false);
    expect(q.take(5)).toEqual([b]);
  });
});

describe('planBatch', () => {
  const policy = { maxBatch: 4, maxWaitMs: 10 };
  const backlogOf = (...items: Pending[]) => {
    const q = new BatchBacklog<Pending>();
    for (const i of items) q.push(i);
    return q;
  };

  it('runs a full batch at once', () => {
    const q = backlogOf(...Array.from({ length: 6 }, () => item('background', 100)));
    expect(planBatch(q, 100, policy, true)).toEqual({ run: 4 });
  });

  it('keeps background work the rest of the window for company, then runs what it has', () => {
    const q = backlogOf(item('background', 100), item('ingestion', 103));
    expect(planBatch(q, 104, policy, true)).toEqual({ waitMs: 6 });
    expect(planBatch(q, 110, policy, true)).toEqual({ run: 2 });
  });

  it('never keeps a person waiting for company: interactive work runs with whatever is there', () => {
    expect(planBatch(backlogOf(item('interactive', 100)), 100, policy, true)).toEqual({ run: 1 });
    const mixed = backlogOf(item('background', 90), item('interactive', 100), item('background', 100));
    expect(planBatch(mixed, 100, policy, true)).toEqual({ run: 3 });
  });

  it('never waits for tasks that are not batched, and idles on an empty queue', () => {
    expect(planBatch(backlogOf(item('interactive', 100)), 100, policy, false)).toEqual({ run: 1 });
    expect(planBatch(backlogOf(), 100, policy, true)).toEqual({ idle: true });
  });

  it('estimates retry-after from the batches ahead', () => {
    expect(retryAfterSec(63, 32, 900)).toBe(2);
    expect(retryAfterSec(0, 32, 5)).toBe(1);
  });
});

describe('placement', () => {
  it('puts a model on the least loaded worker', () => {
    expect(leastLoaded([300, 100, 100])).toBe(1);
    expect(leastLoaded([0, 0])).toBe(0);
  });

  it('evicts least recently used idle models until the newcomer fits, never busy ones', () => {
    const loaded = [
      { bytes: 400, lastUsed: 1, busy: true },
      { bytes: 300, lastUsed: 5, busy: false },
      { bytes: 200, lastUsed: 2, busy: false },
    ];
    expect(evictions(loaded, 100, 1000)).toEqual([]);
    expect(evictions(loaded, 200, 1000)).toEqual([2]);
    expect(evictions(loaded, 500, 1000)).toEqual([2, 1]);
    expect(evictions(loaded, 900, 1000)).toEqual([2, 1]);
  });
});

describe('lengthGroups', () => {
  it('groups rows by length so padding stays within a fifth of the real tokens, covering every row once', () => {
    const lengths = [12, 60, 11, 58, 30, 13, 31, 59, 10];
    const groups = lengthGroups(lengths);
    expect(groups.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    for (const group of groups) {
      const real = group.reduce((sum, i) => sum + (lengths[i] ?? 0), 0);
      const padded = group.length * Math.max(...group.map((i) => lengths[i] ?? 0));
      expect(padded).toBeLessThanOrEqual(1.2 * real);
    }
    expect(groups).toHaveLength(3);
  });
});
