import type { WebClient } from '@slack/web-api';
import type { PlatformActions } from '../../skills/skill.js';
import type { SlackChannelAccess } from './channel-access.js';
import { SlackHistory } from './history.js';
import { renderMessages } from './render.js';

/** Slack names its emoji; skills use the characters. */
const EMOJI_NAMES: Record<string, string> = { '⚠️': 'warning', '✅': 'white_check_mark', '❌': 'x', '👀': 'eyes' };

/**
 * What skills may do on Slack. A bot token cannot delete other people's messages, time anyone out, or remove
 * workspace members, so `remove`, `timeout`, `kick` and `ban` are absent (moderation records them as "not possible
 * here"); it can react, DM, post, read conversations (`history`, with the adapter's cache of people's names) and,
 * with `admins`, say who moderates (asked only for flagged messages; cached), and with `access`, who may read which
 * conversation (for knowledge imported from them; cached).
 */
export function slackActions(
  client: WebClient,
  message?: { channel: string; ts: string },
  history: SlackHistory = new SlackHistory(client),
  admins?: SlackAdmins,
  access?: SlackChannelAccess,
): PlatformActions {
  const send = async (channel: string, reply: Parameters<NonNullable<PlatformActions['post']>>[1]) => {
    for (const m of renderMessages(reply)) await client.chat.postMessage({ channel, ...m });
  };
  return {
    ...(message
      ? {
          async react(emoji: string) {
            const name = EMOJI_NAMES[emoji] ?? emoji.replace(/:/g, '');
            await client.reactions.add({ channel: message.channel, timestamp: message.ts, name });
          },
        }
      : {}),
    // Posting to a user id delivers to the app's DM with them.
    dm: (userId, reply) => send(userId, reply),
    post: (channelId, reply) => send(channelId, reply),
    history: (where, limit) => history.read(where, limit),
    ...(admins
      ? { isModerator: (userId: string) => admins.isAdmin(userId), localeOf: (userId: string) => admins.locale(userId) }
      : {}),
    ...(access ? { canRead: (userId: string, channelId: string) => access.canRead(userId, channelId) } : {}),
  };
}

/**
 * What the bot needs to know of a Slack user, from one users.info call asked once per user per 10 minutes:
 * workspace admins and owners moderate, and the user's language (include_locale) words the bot's own replies.
 */
export class SlackAdmins {
  private readonly known = new Map<string, { admin: boolean; locale: string | undefined; until: number }>();

  constructor(private readonly client: WebClient) {}

  async isAdmin(userId: string): Promise<boolean> {
    return (await this.person(userId)).admin;
  }

  /** The user's Slack locale (`ja-JP`), or undefined when Slack would not say. */
  async locale(userId: string): Promise<string | undefined> {
    return (await this.person(userId)).locale;
  }

  private async person(userId: string): Promise<{ admin: boolean; locale: string | undefined }> {
    const cached = this.known.get(userId);
    if (cached && cached.until > Date.now()) return cached;
    const info = await this.client.users.info({ user: userId, include_locale: true }).catch(() => undefined);
    const admin = Boolean(info?.user?.is_admin || info?.user?.is_owner);
    const person = { admin, locale: info?.user?.locale, until: Date.now() + 10 * 60_000 };
    this.known.set(userId, person);
    return person;
  }
}
