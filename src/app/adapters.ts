import type { Adapter } from '../adapters/adapter.js';
import { PLATFORM_STATES, type PlatformStatus } from '../adapters/connection.js';
import type { Config } from '../config.js';
import type { Reply } from '../core/reply.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/**
 * The adapters the configuration enables: a platform whose credentials are unset is simply not started, and its
 * library (discord.js, Bolt: a few hundred milliseconds of loading each) is not even imported.
 */
export async function platformAdapters(config: Config, log: Logger, metrics: Metrics): Promise<Adapter[]> {
  const adapters: Adapter[] = [];
  if (config.DISCORD_TOKEN) {
    const { DiscordGatewayAdapter } = await import('../adapters/discord/gateway.js');
    adapters.push(
      new DiscordGatewayAdapter({
        token: config.DISCORD_TOKEN,
        appId: config.DISCORD_APP_ID,
        apiUrl: config.DISCORD_API_URL,
        commandGuildId: config.DISCORD_COMMAND_GUILD_ID,
        shards: config.DISCORD_SHARD_IDS,
        shardCount: config.DISCORD_SHARD_COUNT,
        messageActions: config.DISCORD_MESSAGE_ACTIONS,
        log,
        metrics,
      }),
    );
  }
  if (config.DISCORD_APP_ID && config.DISCORD_PUBLIC_KEY) {
    const { DiscordInteractionsAdapter } = await import('../adapters/discord/interactions.js');
    adapters.push(
      new DiscordInteractionsAdapter({
        appId: config.DISCORD_APP_ID,
        publicKeyHex: config.DISCORD_PUBLIC_KEY,
        apiUrl: config.DISCORD_API_URL,
        botToken: config.DISCORD_TOKEN,
        bodyLimitBytes: config.BODY_LIMIT_BYTES,
        log,
      }),
    );
  }
  if (config.SLACK_BOT_TOKEN) {
    if (!config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
      log.warn('SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode)');
    } else {
      const { SlackAdapter } = await import('../adapters/slack/adapter.js');
      adapters.push(
        new SlackAdapter({
          botToken: config.SLACK_BOT_TOKEN,
          signingSecret: config.SLACK_SIGNING_SECRET,
          appToken: config.SLACK_APP_TOKEN,
          apiUrl: config.SLACK_API_URL,
          timeoutMs: config.SLACK_API_TIMEOUT_MS,
          bodyLimitBytes: config.BODY_LIMIT_BYTES,
          log,
        }),
      );
    }
  }
  return adapters;
}

/** The connection of each adapter that holds one (Discord gateway, Slack), by adapter name. */
export function platformStatuses(adapters: readonly Adapter[]): Record<string, PlatformStatus> {
  return Object.fromEntries(adapters.flatMap((a) => (a.status ? [[a.name, a.status()]] : [])));
}

/** `platform_connected{platform}` (1 when ready) and `platform_connection_state{platform,state}` (1 for the current). */
export function platformMetrics(metrics: Metrics, adapters: readonly Adapter[]): void {
  const statuses = () => Object.entries(platformStatuses(adapters));
  metrics.labelledSeriesFrom(
    'platform_connected',
    'Whether the connection to the platform (Discord gateway, Slack) is up: 1 ready, 0 otherwise',
    ['platform'],
    () => statuses().map(([platform, s]) => ({ labels: { platform }, value: s.state === 'ready' ? 1 : 0 })),
  );
  metrics.labelledSeriesFrom(
    'platform_connection_state',
    `The platform connection's state, one series per state (${PLATFORM_STATES.join(', ')}); 1 marks the current`,
    ['platform', 'state'],
    () =>
      statuses().flatMap(([platform, s]) =>
        PLATFORM_STATES.map((state) => ({ labels: { platform, state }, value: s.state === state ? 1 : 0 })),
      ),
  );
}

/** What webhooks and the API need of the platforms: who can post, posting, and whose a channel is. */
export function platformReach(adapters: readonly Adapter[]) {
  const find = (platform: string) => adapters.find((a) => a.name === platform);
  return {
    platforms: () => adapters.flatMap((a) => (a.post ? [a.name] : [])),
    post: (platform: string, channelId: string, reply: Reply) => find(platform)?.post?.(channelId, reply),
    channelTenant: async (platform: string, channelId: string) => find(platform)?.tenantOf?.(channelId) ?? undefined,
  };
}
