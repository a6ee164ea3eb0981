import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, Partials, RESTEvents, Routes } from 'discord.js';
import type { Bot, CommandSpec } from '../../core/bot.js';
import type { EventContext, IncomingEvent } from '../../core/event.js';
import type { Replier, Reply } from '../../core/reply.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import type { FileAccess } from '../../net/download.js';
import type { Adapter } from '../adapter.js';
import type { BackoffOptions, PlatformStatus } from '../connection.js';
import { PendingForms } from '../pending-forms.js';
import { reachActions, silentReplier } from './actions.js';
import { tellGuildOwner } from './admin-notice.js';
import { commandBodies, messageActionSkills } from './commands.js';
import { discordFileAccess } from './files.js';
import { GatewayConnection } from './gateway-connection.js';
import { guardedReplier } from './gateway-repliers.js';
import { runInteraction } from './interaction-flow.js';
import { InteractionReplier } from './interaction-replier.js';
import { editEvent, messageEvent, threadEvent } from './message-events.js';
import { watchModeration } from './moderation-events.js';
import { RestGuard } from './rest-guard.js';
import { InteractionType, type Interaction as RawInteraction } from './to-event.js';

export interface GatewayOptions {
  token: string;
  /** The application id; when unset, the one Discord reports at login. */
  appId?: string | undefined;
  apiUrl: string;
  log: Logger;
  metrics?: Metrics;
  /** Register commands in one guild (instant, for development) instead of globally. */
  commandGuildId?: string | undefined;
  /**
   * The shards this process runs (discord.js' `shards`), out of `shardCount` across every gateway process. Unset:
   * all `shardCount` shards here, or, with no count either, one unsharded connection.
   */
  shards?: readonly number[] | undefined;
  /** The total number of shards over all gateway processes (discord.js' `shardCount`; IDENTIFY's `shard[1]`). */
  shardCount?: number | undefined;
  /** Waits between failed connection attempts, and how long discord.js may reconnect by itself (tests shorten them). */
  retry?: BackoffOptions & { reconnectGraceMs?: number };
}

/**
 * The Discord bot over the gateway (discord.js): slash commands and buttons, @-mentions (answered in their
 * thread), voice messages and audio attachments as voice notes, and all other guild messages as passive traffic
 * for moderation. Attachments (in messages, command options, context-menu targets) reach skills fetchable.
 * It connects in the background (see GatewayConnection): Discord being down never stops the server.
 */
export class DiscordGatewayAdapter implements Adapter {
  readonly name = 'discord';
  private readonly connection: GatewayConnection;
  private bot: Bot | undefined;
  private readonly guard: RestGuard;
  private readonly forms = new PendingForms();
  private messageActions = new Map<string, string>();
  private readonly files: FileAccess;

  constructor(private readonly options: GatewayOptions) {
    this.files = discordFileAccess(options.apiUrl);
    this.guard = new RestGuard(options.log, (channelId) => {
      if (this.client) void tellGuildOwner(this.client, channelId, options.log);
    });
    options.metrics?.gaugeFrom(
      'discord_invalid_requests_10m',
      'Discord REST answers 401/403/429 in the last 10 minutes (Discord bans at 10,000)',
      () => this.guard.invalidRequests(),
    );
    this.connection = new GatewayConnection({
      token: options.token,
      log: options.log,
      createClient: () => this.createClient(),
      // Never with an empty list (after stop): that would delete the commands at Discord.
      onReady: async () => {
        if (this.bot) await this.registerCommands(this.bot.commands());
      },
      tokenRejectionLogged: () => this.guard.tokenRejected,
      backoff: options.retry,
      reconnectGraceMs: options.retry?.reconnectGraceMs,
    });
  }

  /** The connected client (undefined while Discord is unreachable). */
  private get client(): Client | undefined {
    return this.connection.client;
  }

  /** Returns at once: the connection is made, and remade, in the background. */
  async start(bot: Bot): Promise<void> {
    this.bot = bot;
    this.logShards();
    this.connection.start();
  }

  status(): PlatformStatus {
    return this.connection.status();
  }

  /** A client with every listener in place; each connection attempt gets a fresh one. */
  private createClient(): Client {
    const client = new Client({
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.MessageContent,
        GatewayIntentBits.DirectMessages,
        // AutoMod executions and moderators' audit-log actions go into the mod-log.
        GatewayIntentBits.AutoModerationExecution,
        GatewayIntentBits.GuildModeration,
      ],
      // Edits of messages from before this process started arrive as partial messages.
      partials: [Partials.Channel, Partials.Message],
      // Nothing the bot sends pings anyone unless a body names exact ids (renderReply sets it on every body too).
      allowedMentions: { parse: [], repliedUser: false },
      rest: { api: this.options.apiUrl, timeout: 15_000, retries: 3 },
      // Each gateway process identifies as its own shards: IDENTIFY carries `shard: [id, shardCount]`.
      ...(this.options.shards ? { shards: this.options.shards } : {}),
      ...(this.options.shardCount ? { shardCount: this.options.shardCount } : {}),
    });
    client.ws.on(GatewayDispatchEvents.InteractionCreate, (raw: RawInteraction) => void this.onInteraction(raw));
    const sources = { client, files: this.files, forms: this.forms, guard: this.guard };
    const traffic = (event: IncomingEvent | undefined) => (event ? this.handle(event) : undefined);
    client.on(Events.MessageCreate, (message) => void traffic(messageEvent(message, sources)));
    // Edits and new threads' titles are traffic too: moderation must not be a step anyone can edit around.
    client.on(Events.MessageUpdate, (before, after) => void editEvent(before, after, sources).then(traffic));
    client.on(Events.ThreadCreate, (thread, created) => void (created && threadEvent(thread, sources).then(traffic)));
    client.on(Events.Error, (err) => this.options.log.error({ err }, 'discord client error'));
    watchModeration(client, (guild, record) => {
      const ctx = this.context(record.sourceId, guild.id, record.channelId ?? null, record.userId, silentReplier);
      void this.handle({ kind: 'moderation-record', record, ctx });
    });
    client.rest.on(RESTEvents.Response, (request, response) =>
      this.guard.observe(response.status, String(request.route)),
    );
    return client;
  }

  async post(channelId: string, reply: Reply): Promise<void> {
    if (!this.client) throw new Error('Discord is not connected');
    await reachActions(this.client).post?.(channelId, reply);
  }

  async tenantOf(channelId: string): Promise<string | undefined> {
    const channel = await this.client?.channels.fetch(channelId).catch(() => null);
    return channel && 'guildId' in channel ? channel.guildId : undefined;
  }

  async stop(): Promise<void> {
    this.bot = undefined;
    await this.connection.stop();
  }

  /** Whether this process runs shard 0 (or is not sharded): only it registers the commands, not every process. */
  private holdsShardZero(): boolean {
    return this.options.shards?.includes(0) ?? true;
  }

  private logShards(): void {
    const { shards, shardCount } = this.options;
    if (!shards && !shardCount) return;
    const ids = shards ?? Array.from({ length: shardCount ?? 0 }, (_, i) => i);
    const registersCommands = this.holdsShardZero();
    this.options.log.info(
      { shards: ids, shardCount, registersCommands },
      `discord: this process runs shard${ids.length === 1 ? '' : 's'} ${ids.join(', ')} of ${shardCount ?? ids.length}`,
    );
  }

  private async registerCommands(commands: readonly CommandSpec[]): Promise<void> {
    this.messageActions = messageActionSkills(commands);
    // With several gateway processes, one PUT of the commands is enough: the others would overwrite it in turn.
    if (!this.holdsShardZero()) return;
    const { commandGuildId } = this.options;
    const appId = this.options.appId ?? this.client?.application?.id;
    if (!appId) throw new Error('no Discord application id: set DISCORD_APP_ID');
    const route = commandGuildId
      ? Routes.applicationGuildCommands(appId, commandGuildId)
      : Routes.applicationCommands(appId);
    await this.client?.rest.put(route, { body: commandBodies(commands) });
  }

  /**
   * Interactions are taken as Discord sends them (the raw payload) and go the same way as HTTP interactions:
   * `runInteraction` and `interactionToEvent`, answered through the interaction callback and webhook.
   */
  private async onInteraction(raw: RawInteraction): Promise<void> {
    const client = this.client;
    if (!client) return;
    const channelId = raw.channel_id ?? raw.channel?.id ?? '';
    const replier = new InteractionReplier({
      rest: client.rest,
      appId: raw.application_id ?? this.options.appId ?? client.application?.id ?? '',
      token: raw.token,
      channelId,
      forms: this.forms,
      mayOpenModal: raw.type !== InteractionType.ModalSubmit,
      respond: async (body, files) => {
        await client.rest.post(Routes.interactionCallback(raw.id, raw.token), { body, files, auth: false });
      },
      initialTakesFiles: true,
      userId: raw.member?.user?.id ?? raw.user?.id ?? '',
    });
    const guarded = guardedReplier(replier, this.guard, channelId, raw.guild_id ?? null);
    // A button's message is the bot's own: the bot may always delete it.
    const origin = raw.message;
    const removeReply = origin
      ? async () => void (await client.rest.delete(Routes.channelMessage(origin.channel_id ?? channelId, origin.id)))
      : undefined;
    await runInteraction(
      raw,
      { replier: guarded, answered: () => replier.answered, suggest: (choices) => replier.suggest(choices) },
      {
        bot: this.bot,
        forms: this.forms,
        messageActions: this.messageActions,
        files: this.files,
        log: this.options.log,
        deferAfterMs: 2500,
        answerDuplicates: false,
        parentAgeRestricted: (parentId) => {
          const parent = client.channels.cache.get(parentId);
          return parent && 'nsfw' in parent ? parent.nsfw : undefined;
        },
        actions: { ...reachActions(client, raw.guild_id), ...(removeReply ? { removeReply } : {}) },
      },
    ).catch((err: unknown) => this.options.log.error({ err, interaction: raw.id }, 'discord interaction failed'));
  }

  private context(eventId: string, guildId: string | null, channelId: string | null, userId: string, reply: Replier) {
    const ctx: EventContext = {
      platform: 'discord',
      eventId,
      tenantId: guildId ?? `dm:${userId}`,
      channelId: channelId ?? 'unknown',
      userId,
      roles: [],
      reply,
    };
    return ctx;
  }

  private async handle(event: IncomingEvent): Promise<void> {
    try {
      await this.bot?.handle(event);
    } catch (err) {
      this.options.log.error({ err, eventId: event.ctx.eventId }, 'discord event failed');
    }
  }
}
