/**
 * Spaces calls per key (a channel, a message): Slack allows about one message per second per channel, and
 * progress edits faster than that only earn 429s. Each caller waits for its own slot; nothing is dropped.
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
