import { describe, expect, it } from 'vitest';
import { ThreadOrder } from '../../src/core/thread-order.js';
import { sleep } from '../fakes/skills.js';

describe('ThreadOrder', () => {
  it('runs tasks of one key in order, even when an earlier one fails', async () => {
    const q = new ThreadOrder();
    const order: string[] = [];
    const a = q.run('k', async () => {
      await sleep(30);
      order.push('a');
      throw new Error('a failed');
    });
    const b = q.run('k', async () => {
      order.push('b');
      return 'b';
    });
    await expect(a).rejects.toThrow('a failed');
    await expect(b).resolves.toBe('b');
    expect(order).toEqual(['a', 'b']);
  });

  it('runs different keys concurrently and forgets idle keys', async () => {
    const q = new ThreadOrder();
    const order: string[] = [];
    const slow = q.run('k1', async () => {
      await sleep(50);
      order.push('k1');
    });
    const fast = q.run('k2', async () => {
      order.push('k2');
    });
    expect(q.depth).toBe(2);
    await Promise.all([slow, fast]);
    expect(order).toEqual(['k2', 'k1']);
    await sleep(0);
    expect(q.depth).toBe(0);
    expect((q as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
  });
});
