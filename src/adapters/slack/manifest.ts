import type { CommandSpec, LocalizedOption } from '../../core/bot.js';
import { inLocale, type Locale, t } from '../../i18n/index.js';

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
  'reactions:read',
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
 *
 * Slack localises neither slash commands nor manifests, so `locale` words one manifest in the workspace's language:
 * descriptions, usage hints, shortcut names (English by default). Command names and option names stay canonical
 * in every language: Slack sends `/name` as typed and the option words are parsed by name (to-event.ts), so a
 * translated name would reach nothing. Shortcuts are found by `callback_id`, so their names may be translated.
 */
export function slackManifest(commands: readonly CommandSpec[], baseUrl: string | undefined, locale: Locale = 'en') {
  const url = baseUrl ? `${baseUrl}/slack/events` : undefined;
  const at = url ? { url } : {};
  const describe = (c: CommandSpec) => inLocale(c.descriptionLocalizations, locale) ?? c.description;
  return {
    display_information: { name: 'Open Model Bot', description: t(locale, 'slack.appDescription') },
    features: {
      bot_user: { display_name: 'Open Model Bot', always_online: true },
      slash_commands: commands
        .filter((c) => c.slash)
        .map((c) => ({
          command: `/${c.name}`,
          description: describe(c).slice(0, 100),
          ...(c.options.length ? { usage_hint: usageHint(c.options, locale) } : {}),
          should_escape: false,
          ...at,
        })),
      shortcuts: commands.flatMap((c) =>
        c.messageAction
          ? [
              {
                name: inLocale(c.messageActionLocalizations, locale) ?? c.messageAction,
                type: 'message',
                callback_id: c.name,
                description: describe(c).slice(0, 150),
              },
            ]
          : [],
      ),
    },
    oauth_config: { scopes: { bot: BOT_SCOPES } },
    settings: {
      event_subscriptions: {
        ...(url ? { request_url: url } : {}),
        // reaction_added: flag reactions asking for a translation.
        bot_events: [
          'app_mention',
          'message.channels',
          'message.groups',
          'message.im',
          'message.mpim',
          'reaction_added',
        ],
      },
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      socket_mode_enabled: !url,
    },
  };
}

/**
 * `text:… to:…` in English; elsewhere each option's translated name as the placeholder (`text:<texte> to:<vers>`),
 * the canonical name before the colon being what Slack users type. Too long for Slack's 100: the English form.
 */
function usageHint(options: readonly LocalizedOption[], locale: Locale): string {
  const english = options.map((o) => `${o.name}:…`).join(' ');
  const translated = options
    .map((o) => {
      const name = inLocale(o.nameLocalizations, locale);
      return name && name !== o.name ? `${o.name}:<${name}>` : `${o.name}:…`;
    })
    .join(' ');
  return (translated.length <= 100 ? translated : english).slice(0, 100);
}
