import { type Client, DiscordAPIError, type Message } from 'discord.js';
import { AppError } from '../../errors.js';
import { type HistoryMessage, MAX_HISTORY } from '../../skills/skill.js';

/** Discord returns at most 100 messages per request. */
const PAGE = 100;
/** Missing Access, Missing Permissions. */
const NOT_ALLOWED = new Set([50001, 50013]);

/**
 * The latest `limit` messages of a channel or thread (threads are channels on Discord), oldest first. Pages go
 * backwards with `before` = the oldest id seen; snowflakes order messages, so no clock is trusted. System messages
 * (joins, pins, "thread created") are left out.
 */
export async function discordHistory(client: Client, channelId: string, limit: number): Promise<HistoryMessage[]> {
  const wanted = Math.max(0, Math.min(Math.floor(limit), MAX_HISTORY));
  try {
    const channel = await client.channels.fetch(channelId);
    if (!channel?.isTextBased()) throw new AppError('bad_request', 'this channel has no messages I can read');
    const found = new Map<string, Message>();
    let before: string | undefined;
    while (found.size < wanted) {
      const asked = Math.min(PAGE, wanted - found.size);
      // Not cached: a summary reads up to 200 messages once; the client's cache is for live traffic.
      const page = await channel.messages.fetch({ limit: asked, cache: false, ...(before ? { before } : {}) });
      for (const message of page.values()) found.set(message.id, message);
      const oldest = [...page.keys()].sort(bySnowflake)[0];
      if (page.size < asked || !oldest) break;
      before = oldest;
    }
    return [...found.values()]
      .sort((a, b) => bySnowflake(a.id, b.id))
      .filter((m) => !m.system)
      .map(toHistoryMessage);
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.status === 403 || NOT_ALLOWED.has(Number(error.code)))) {
      throw new AppError('forbidden', "I'm not allowed to read this channel's messages (I need Read Message History)", {
        cause: error,
      });
    }
    throw error;
  }
}

function bySnowflake(a: string, b: string): number {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function toHistoryMessage(message: Message): HistoryMessage {
  const embeds = message.embeds.flatMap((e) => [
    e.title,
    e.description,
    ...e.fields.map((f) => `${f.name}: ${f.value}`),
  ]);
  const files = [...message.attachments.values()].map((a) => `[attachment: ${a.name}]`);
  return {
    id: message.id,
    authorId: message.author.id,
    authorName: message.member?.displayName ?? message.author.displayName,
    // cleanContent shows <@123> mentions as @names, as people read them.
    text: [message.cleanContent, ...embeds, ...files].filter((part) => part && part.trim() !== '').join('\n'),
    at: message.createdAt.toISOString(),
    isBot: message.author.bot,
  };
}
