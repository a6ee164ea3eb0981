/** A message object as the fake keeps it (the shape of FakeDiscord.messagePayload). */
export type StoredMessage = { id: string; channel_id: string; content: string } & Record<string, unknown>;

/**
 * The messages of the fake's channels and threads (a thread is a channel, as on Discord): those dispatched to
 * the bot, those the bot posted to /channels/:id/messages (edits applied) and seeded ones. Interaction
 * responses are not kept here; they live in the fake's call log.
 */
export class ChannelMessages {
  private readonly byChannel = new Map<string, StoredMessage[]>();

  add(message: StoredMessage): void {
    const list = this.byChannel.get(message.channel_id) ?? [];
    list.push(message);
    this.byChannel.set(message.channel_id, list);
  }

  find(channelId: string, id: string): StoredMessage | undefined {
    return this.byChannel.get(channelId)?.find((m) => m.id === id);
  }

  edit(channelId: string, id: string, content: string): void {
    const message = this.byChannel.get(channelId)?.find((m) => m.id === id);
    if (message) message.content = content;
  }

  /**
   * GET /channels/:id/messages as Discord answers it: newest first, at most `limit` (1–100, default 50), only
   * messages older than `before` when given (ids are numbers here, compared as such, like snowflakes).
   */
  page(channelId: string, query: URLSearchParams): StoredMessage[] | { status: 400; message: string } {
    const limit = Number(query.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return { status: 400, message: 'Invalid Form Body: limit must be between 1 and 100' };
    }
    const before = query.get('before');
    return [...(this.byChannel.get(channelId) ?? [])]
      .filter((m) => before === null || BigInt(m.id) < BigInt(before))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .slice(0, limit);
  }
}
