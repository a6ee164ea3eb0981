import { describe, expect, it } from 'vitest';
import { backoffDelay, ConnectionStatus, sleep } from '../../src/adapters/connection.js';

describe('reconnect backoff', () => {
  it('doubles from the first wait up to the cap, each wait drawn from the upper half', () => {
    const options = { initialMs: 1000, maxMs: 60_000 };
    const lowest = (n: number) => backoffDelay(n, options, () => 0);
    const highest = (n: number) => backoffDelay(n, options, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map(highest)).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect([0, 1, 6, 50].map(lowest)).toEqual([500, 1000, 30_000, 30_000]);
    const drawn = Array.from({ length: 200 }, () => backoffDelay(3, options));
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...drawn)).toBeLessThanOrEqual(8000);
    expect(new Set(drawn).size).toBeGreaterThan(10);
  });

  it('a stop cuts the wait short', async () => {
    const stop = new AbortController();
    const waited = sleep(60_000, stop.signal);
    stop.abort();
    await waited;
  });

  it('keeps `since` while the state stays, stamps it when the state changes', async () => {
    const status = new ConnectionStatus();
    const first = status.get().since;
    await new Promise((r) => setTimeout(r, 5));
    status.set({ state: 'connecting', attempt: 2, lastError: 'x' });
    expect(status.get()).toEqual({ state: 'connecting', since: first, attempt: 2, lastError: 'x' });
    status.set({ state: 'ready' });
    expect(status.get().since).not.toBe(first);
    expect(status.final).toBe(false);
    status.set({ state: 'fatal', reason: 'r' });
    expect(status.final).toBe(true);
  });
});
