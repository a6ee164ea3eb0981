import type { CommandSpec } from '../../core/bot.js';

/** What the bot reads and does on Slack: mentions, channel traffic (moderation), files (voice notes), replies. */
export const BOT_SCOPES = [
  'app_mentions:read',
  'channels:history',
  'groups:history',
  'im:history',
  'mpim:history',
  'chat:write',
  'commands',
  'files:read',
  'files:write',
  'reactions:write',
  'users:read',
  // Who may read which conversation (users.conversations, conversations.info): answers from imported history.
  'channels:read',
  'groups:read',
  'im:read',
  'mpim:read',
];

/**
 * A Slack app manifest for this server's skills table: Slack has no API to register slash commands, so the
 * operator pastes this at api.slack.com/apps (Create App → From a manifest). `baseUrl` is where Slack reaches us;
 * in Socket Mode no URL is needed.
 */
export function slackManifest(commands: readonly CommandSpec[], baseUrl: string | undefined) {
  const url = baseUrl ? `${baseUrl}/slack/events` : undefined;
  const at = url ? { url } : {};
  return {
    display_information: { name: 'Open Model Bot', description: 'Open models, on your own server' },
    features: {
      bot_user: { display_name: 'Open Model Bot', always_online: true },
      slash_commands: commands
        .filter((c) => c.slash)
        .map((c) => ({
          command: `/${c.name}`,
          description: c.description.slice(0, 100),
          ...(c.options.length
            ? {
                usage_hint: c.options
                  .map((o) => `${o.name}:…`)
                  .join(' ')
                  .slice(0, 100),
              }
            : {}),
          should_escape: false,
          ...at,
        })),
      shortcuts: commands.flatMap((c) =>
        c.messageAction
          ? [{ name: c.messageAction, type: 'message', callback_id: c.name, description: c.description.slice(0, 150) }]
          : [],
      ),
    },
    oauth_config: { scopes: { bot: BOT_SCOPES } },
    settings: {
      event_subscriptions: {
        ...(url ? { request_url: url } : {}),
        bot_events: ['app_mention', 'message.channels', 'message.groups', 'message.im', 'message.mpim'],
      },
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      socket_mode_enabled: !url,
    },
  };
}
