/**
 * The one pacing rule for posts and message edits on every platform: calls with the same key (a channel, a
 * message) go out at least `intervalMs` apart. Discord and Slack both rate-limit edits of one message and posts
 * to one channel, and going faster only earns 429s. Each caller waits for its own slot; nothing is dropped
 * (dropping superseded progress is the core's job: see core/progress.ts).
 */
export class Pacer {
  private readonly nextSlot = new Map<string, number>();

  constructor(private readonly intervalMs: number) {}

  async wait(key: string): Promise<void> {
    const now = Date.now();
    if (this.nextSlot.size > 1000) {
      for (const [k, at] of this.nextSlot) if (at < now) this.nextSlot.delete(k);
    }
    const at = Math.max(now, this.nextSlot.get(key) ?? 0);
    this.nextSlot.set(key, at + this.intervalMs);
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}

/** Discord lets one message be edited about twice a second before it answers 429. */
export const DISCORD_EDIT_INTERVAL_MS = 500;
