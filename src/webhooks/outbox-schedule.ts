/**
 * When outbound deliveries are retried, and what a receiver's answer means. Pure: the outbox and the sender both
 * use these, and tests check them without a clock.
 */

/** What one delivery attempt came to. */
export type DeliveryOutcome =
  | { kind: 'delivered'; statusCode: number }
  /** 410 Gone: the receiver wants nothing more; the endpoint is disabled. */
  | { kind: 'gone'; statusCode: number; error: string }
  | { kind: 'failed'; statusCode: number | null; error: string; retryAfterSec?: number | undefined };

/** Scheduled delays grow by up to this fraction, so a receiver's recovery is not met by every sender at once. */
const JITTER = 0.1;
/** A receiver's Retry-After is honoured up to a day; beyond that the schedule (and the person watching) decides. */
const MAX_RETRY_AFTER_SEC = 24 * 60 * 60;

/**
 * Seconds until the next attempt after `attemptsMade` attempts, or undefined when the schedule is used up.
 * `schedule[i]` is the delay before attempt i + 1 (the first is counted from the event). A Retry-After from the
 * receiver is a floor: the later of the two wins.
 */
export function nextAttemptDelay(
  schedule: readonly number[],
  attemptsMade: number,
  retryAfterSec?: number,
  random: () => number = Math.random,
): number | undefined {
  const scheduled = schedule[attemptsMade];
  if (scheduled === undefined) return undefined;
  const jittered = scheduled * (1 + JITTER * random());
  return Math.max(jittered, Math.min(retryAfterSec ?? 0, MAX_RETRY_AFTER_SEC));
}

/** Retry-After as seconds from `nowMs`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - nowMs) / 1000);
}

/**
 * A receiver's answer: 2xx is delivered; 410 disables the endpoint; anything else, redirects included (they are
 * never followed: a receiver that moved must be re-subscribed), is a failure to retry.
 */
export function outcomeOf(
  status: number,
  headers: { get(name: string): string | null },
  nowMs: number,
): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', statusCode: status };
  if (status === 410) return { kind: 'gone', statusCode: status, error: 'the receiver answered 410 Gone' };
  if (status >= 300 && status < 400) {
    const location = headers.get('location');
    const where = location ? ` to ${location.slice(0, 200)}` : '';
    return { kind: 'failed', statusCode: status, error: `HTTP ${status}: redirect${where} not followed` };
  }
  const retryAfterSec = parseRetryAfter(headers.get('retry-after'), nowMs);
  const after = retryAfterSec === undefined ? '' : ` (Retry-After ${Math.round(retryAfterSec)} s)`;
  return { kind: 'failed', statusCode: status, error: `HTTP ${status}${after}`, retryAfterSec };
}
