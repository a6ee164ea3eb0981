import type { Logger } from '../../log.js';
import { TOKEN_FIX } from './gateway-connection.js';

const WINDOW_MS = 10 * 60 * 1000;
/** 403s in one channel within the window that open its breaker. */
const BREAKER_THRESHOLD = 3;
const BREAKER_OPEN_MS = 10 * 60 * 1000;

/**
 * Keeps the bot a good Discord citizen. Discord bans an IP after 10,000 invalid requests (401/403/429) in 10
 * minutes, so: a 401 (the token was revoked or is wrong) stops every further call and raises an alert; a channel
 * that keeps answering 403 (a missing permission) gets no more attempts for a while; and the invalid requests of
 * the last 10 minutes are counted for the metrics.
 */
export class RestGuard {
  private halted = false;
  private readonly invalid: number[] = [];
  private readonly forbidden = new Map<string, { times: number[]; openUntil: number }>();

  constructor(
    private readonly log: Logger,
    /** Called once each time a channel's breaker opens, to tell someone who can grant the permission. */
    private readonly onBreakerOpen: (channelId: string, guildId: string | null) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Called for every REST response. */
  observe(status: number, route: string): void {
    if (status === 401 || status === 403 || status === 429) this.invalid.push(this.now());
    if (status === 401 && !this.halted) {
      this.halted = true;
      this.log.fatal({ route }, `Discord rejected the bot token (401): all Discord calls are stopped; ${TOKEN_FIX}`);
    }
  }

  /** Whether Discord answered 401 (and that was logged): the token is wrong or was reset. */
  get tokenRejected(): boolean {
    return this.halted;
  }

  /** Whether a call to this channel may be attempted; when not, `reason` says why. */
  allows(channelId: string): { ok: true } | { ok: false; reason: string } {
    if (this.halted) return { ok: false, reason: 'Discord rejected the bot token' };
    if ((this.forbidden.get(channelId)?.openUntil ?? 0) > this.now()) {
      return { ok: false, reason: `the bot lacks a permission in channel ${channelId}` };
    }
    return { ok: true };
  }

  /** A 403 from a channel: after a few, its breaker opens and the admins' fix is logged. */
  forbiddenIn(channelId: string, guildId: string | null, detail: string): void {
    const entry = this.forbidden.get(channelId) ?? { times: [], openUntil: 0 };
    const now = this.now();
    entry.times = [...entry.times.filter((t) => now - t < WINDOW_MS), now];
    if (entry.times.length >= BREAKER_THRESHOLD && entry.openUntil <= now) {
      entry.openUntil = now + BREAKER_OPEN_MS;
      this.log.warn(
        { channelId, guildId, detail },
        `Discord keeps refusing the bot in channel ${channelId} (${detail}): a server admin should grant it ` +
          'View Channel, Send Messages, Send Messages in Threads, Embed Links and Attach Files there. ' +
          'Paused for 10 minutes.',
      );
      this.onBreakerOpen(channelId, guildId);
    }
    this.forbidden.set(channelId, entry);
  }

  /** Invalid requests (401/403/429) in the last 10 minutes. */
  invalidRequests(): number {
    const cutoff = this.now() - WINDOW_MS;
    while ((this.invalid[0] ?? Number.POSITIVE_INFINITY) < cutoff) this.invalid.shift();
    return this.invalid.length;
  }
}
