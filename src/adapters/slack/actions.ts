import type { WebClient } from '@slack/web-api';
import type { PlatformActions } from '../../skills/skill.js';
import type { SlackChannelAccess } from './channel-access.js';
import { SlackHistory } from './history.js';
import type { SlackPeople } from './people.js';
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
  admins?: SlackPeople,
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
