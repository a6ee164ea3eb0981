import type { WebClient } from '@slack/web-api';
import { TtlCache } from '../ttl-cache.js';

/** How long Slack's answers are trusted: someone removed from a channel reads it through the bot at most this long. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;
/** users.conversations pages read at most (1,000 conversations each): beyond that, "could not check". */
const MAX_PAGES = 10;

/** Errors meaning "no such conversation or person here", which are answers, not failures. */
const GONE = new Set(['channel_not_found', 'user_not_found', 'user_not_visible']);

/**
 * Who may read which Slack conversation. Public channels are readable by every full member of the workspace
 * (Slack shows their history to non-members too), not by guests; private channels, group DMs and DMs only by
 * their members, read from users.conversations (a user's conversations the bot is in too, which any
 * conversation it imported from is). Answers are cached for a minute, bounded in size.
 */
export class SlackChannelAccess {
  private readonly channels = new TtlCache<Promise<{ public: boolean } | undefined>>(TTL_MS, MAX_ENTRIES);
  private readonly people = new TtlCache<Promise<{ fullMember: boolean }>>(TTL_MS, MAX_ENTRIES);
  private readonly memberships = new TtlCache<Promise<ReadonlySet<string>>>(TTL_MS, MAX_ENTRIES);

  constructor(private readonly client: WebClient) {}

  async canRead(userId: string, channelId: string): Promise<boolean> {
    const channel = await this.channels.getOrLoad(channelId, () => this.channel(channelId));
    if (!channel) return false;
    if (channel.public && (await this.people.getOrLoad(userId, () => this.person(userId))).fullMember) return true;
    return (await this.memberships.getOrLoad(userId, () => this.conversationsOf(userId))).has(channelId);
  }

  private async channel(channelId: string): Promise<{ public: boolean } | undefined> {
    const info = await gone(this.client.conversations.info({ channel: channelId }));
    const c = info?.channel;
    if (!c) return undefined;
    return { public: Boolean(c.is_channel && !c.is_private && !c.is_im && !c.is_mpim) };
  }

  private async person(userId: string): Promise<{ fullMember: boolean }> {
    const user = (await gone(this.client.users.info({ user: userId })))?.user;
    return { fullMember: Boolean(user && !user.deleted && !user.is_restricted && !user.is_ultra_restricted) };
  }

  private async conversationsOf(userId: string): Promise<ReadonlySet<string>> {
    const ids = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await gone(
        this.client.users.conversations({
          user: userId,
          types: 'public_channel,private_channel,mpim,im',
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        }),
      );
      for (const c of answer?.channels ?? []) if (c.id) ids.add(c.id);
      cursor = answer?.response_metadata?.next_cursor || undefined;
      if (!cursor) return ids;
    }
    throw new Error(`${userId} is in more than ${MAX_PAGES * 1000} conversations; not all could be read`);
  }
}

/** The call's answer, or undefined when Slack says the conversation or person does not exist (for the bot). */
async function gone<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? '';
    if (GONE.has(code)) return undefined;
    throw error;
  }
}
