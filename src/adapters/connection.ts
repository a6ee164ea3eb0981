/**
 * How a platform connection is doing, for /readyz and the metrics. A platform being down never takes the server
 * down: adapters connect in the background, retry transient failures with capped exponential backoff and jitter,
 * and stop for good (`fatal`) only when retrying cannot help (a rejected token, a setting to change).
 */
export const PLATFORM_STATES = ['connecting', 'ready', 'reconnecting', 'retrying', 'fatal', 'stopped'] as const;
export type PlatformState = (typeof PLATFORM_STATES)[number];

export interface PlatformStatus {
  /**
   * `connecting`: a first attempt is under way; `ready`: receiving; `reconnecting`: the connection dropped and the
   * client is getting it back by itself; `retrying`: an attempt failed, the next one is at `nextAttemptAt`;
   * `fatal`: the platform refused us for a reason retrying cannot fix (`reason` says what to fix); `stopped`.
   */
  state: PlatformState;
  /** When this state began (ISO 8601). */
  since: string;
  /** Failed attempts in a row (`retrying`, and `connecting` again after a failure). */
  attempt?: number;
  /** The last failure (`retrying`, and `connecting` again after a failure). */
  lastError?: string;
  /** When the next attempt starts (`retrying`, ISO 8601). */
  nextAttemptAt?: string;
  /** What to fix (`fatal`). */
  reason?: string;
  /** The gateway close code that ended it (`fatal`, Discord). */
  closeCode?: number;
}

export interface BackoffOptions {
  /** The first wait (before jitter). */
  initialMs?: number;
  /** The longest wait. */
  maxMs?: number;
}

export const DEFAULT_BACKOFF = { initialMs: 1000, maxMs: 60_000 } as const;

/**
 * Capped exponential backoff with jitter: after failed attempt n (0-based) wait between half and all of
 * min(maxMs, initialMs · 2ⁿ), so many processes that lost the same platform don't come back in step.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random) {
  const { initialMs = DEFAULT_BACKOFF.initialMs, maxMs = DEFAULT_BACKOFF.maxMs } = options;
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Waits `ms`, or less if `signal` aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** The current status; `set` stamps `since` when the state changes. */
export class ConnectionStatus {
  private current: PlatformStatus = { state: 'connecting', since: new Date().toISOString() };

  get(): PlatformStatus {
    return { ...this.current };
  }

  get state(): PlatformState {
    return this.current.state;
  }

  set(next: Omit<PlatformStatus, 'since'>): void {
    const since = next.state === this.current.state ? this.current.since : new Date().toISOString();
    this.current = { ...next, since };
  }

  /** A fatal or stopped connection stays so. */
  get final(): boolean {
    return this.current.state === 'fatal' || this.current.state === 'stopped';
  }
}

/** An error's message without its stack (with an HTTP status and a cause when it has them), for status and logs. */
export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const { cause, status } = err as { cause?: unknown; status?: unknown };
    const http = typeof status === 'number' && !err.message.includes(String(status)) ? `${status} ` : '';
    const detail = cause instanceof Error && !err.message.includes(cause.message) ? ` (${cause.message})` : '';
    return `${http}${err.message}${detail}`;
  }
  return String(err);
}

/** "4 s", "1.5 s". */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
