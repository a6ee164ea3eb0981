import { describe, expect, it } from 'vitest';
import { nextAttemptDelay, outcomeOf, parseRetryAfter } from '../../src/webhooks/outbox-schedule.js';

const headers = (h: Record<string, string>) => new Headers(h);

describe('outbound webhook schedule', () => {
  const schedule = [0, 5, 300];

  it('waits the scheduled delay (plus at most 10% jitter) before each attempt, then gives up', () => {
    expect(nextAttemptDelay(schedule, 0, undefined, () => 0)).toBe(0);
    expect(nextAttemptDelay(schedule, 1, undefined, () => 0)).toBe(5);
    expect(nextAttemptDelay(schedule, 2, undefined, () => 0.999)).toBeCloseTo(329.97, 1);
    expect(nextAttemptDelay(schedule, 3)).toBeUndefined();
  });

  it('takes the later of the schedule and Retry-After, up to a day', () => {
    expect(nextAttemptDelay(schedule, 1, 60, () => 0)).toBe(60);
    expect(nextAttemptDelay(schedule, 2, 60, () => 0)).toBe(300);
    expect(nextAttemptDelay(schedule, 1, 10 * 86_400, () => 0)).toBe(86_400);
    // Retry-After does not add attempts.
    expect(nextAttemptDelay(schedule, 3, 1)).toBeUndefined();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('classifies answers: 2xx delivered, 410 gone, redirects and everything else failed', () => {
    const now = Date.now();
    expect(outcomeOf(204, headers({}), now)).toEqual({ kind: 'delivered', statusCode: 204 });
    expect(outcomeOf(410, headers({}), now).kind).toBe('gone');
    expect(outcomeOf(302, headers({ location: 'http://elsewhere/' }), now)).toEqual({
      kind: 'failed',
      statusCode: 302,
      error: 'HTTP 302: redirect to http://elsewhere/ not followed',
    });
    expect(outcomeOf(429, headers({ 'retry-after': '7' }), now)).toEqual({
      kind: 'failed',
      statusCode: 429,
      error: 'HTTP 429 (Retry-After 7 s)',
      retryAfterSec: 7,
    });
    expect(outcomeOf(500, headers({}), now)).toMatchObject({ kind: 'failed', statusCode: 500, error: 'HTTP 500' });
  });
});
