import {
  type ButtonInteraction,
  Client,
  ComponentType,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  Partials,
  RESTEvents,
  Routes,
} from 'discord.js';
import type { Bot, CommandSpec } from '../../core/bot.js';
import type { EventContext, IncomingEvent } from '../../core/event.js';
import type { Replier, Reply } from '../../core/reply.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { isAudioFile } from '../../skills/audio-file.js';
import type { TargetMessage } from '../../skills/skill.js';
import type { Adapter } from '../adapter.js';
import type { BackoffOptions, PlatformStatus } from '../connection.js';
import type { FileAccess } from '../download.js';
import { OPEN_FORM, PendingForms } from '../pending-forms.js';
import { deleteMessage, isAgeRestricted, mayModerate, messageActions, reachActions, silentReplier } from './actions.js';
import { tellGuildOwner } from './admin-notice.js';
import { commandBodies, messageActionSkills } from './commands.js';
import { discordFileAccess, gatewayFile } from './files.js';
import { modalBody } from './forms.js';
import { GatewayConnection } from './gateway-connection.js';
import { guardedReplier, interactionReplier, messageReplier } from './gateway-repliers.js';
import { watchModeration } from './moderation-events.js';
import { RestGuard } from './rest-guard.js';
import { splitCustomId } from './to-event.js';

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
      partials: [Partials.Channel],
      rest: { api: this.options.apiUrl, timeout: 15_000, retries: 3 },
      // Each gateway process identifies as its own shards: IDENTIFY carries `shard: [id, shardCount]`.
      ...(this.options.shards ? { shards: this.options.shards } : {}),
      ...(this.options.shardCount ? { shardCount: this.options.shardCount } : {}),
    });
    client.on(Events.InteractionCreate, (interaction) => void this.onInteraction(interaction));
    client.on(Events.MessageCreate, (message) => void this.onMessage(message));
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

  private async onInteraction(interaction: Interaction): Promise<void> {
    if (!interaction.isRepliable()) return;
    if (interaction.isButton() && interaction.customId.startsWith(OPEN_FORM)) return this.openForm(interaction);
    const reply = guardedReplier(
      interactionReplier(interaction, this.forms),
      this.guard,
      interaction.channelId ?? '',
      interaction.guildId,
    );
    // In a thread, as for messages (and HTTP interactions): the channel is the thread's parent, the thread its own id.
    const thread = interaction.channel?.isThread() ? interaction.channel : undefined;
    const channelId = thread?.parentId ?? interaction.channelId;
    const ctx = this.context(interaction.id, interaction.guildId, channelId, interaction.user.id, reply);
    ctx.threadId = thread?.id;
    ctx.roles = interaction.inCachedGuild() ? [...interaction.member.roles.cache.keys()] : [];
    ctx.locale = interaction.locale;
    ctx.isModerator = mayModerate(interaction.memberPermissions);
    ctx.ageRestricted = isAgeRestricted(thread?.parent ?? interaction.channel);
    if (this.client) ctx.actions = reachActions(this.client);
    // A button's message is the bot's own: the bot may always delete it.
    if (interaction.isMessageComponent())
      ctx.actions = { ...ctx.actions, removeReply: () => deleteMessage(interaction) };
    if (interaction.isChatInputCommand()) {
      const options = Object.fromEntries(
        interaction.options.data.map((o) => [o.name, o.attachment ? gatewayFile(o.attachment, this.files) : o.value]),
      );
      await this.handle({ kind: 'command', name: interaction.commandName, options, ctx });
    } else if (interaction.isMessageContextMenuCommand()) {
      const name = this.messageActions.get(interaction.commandName) ?? interaction.commandName;
      await this.handle({ kind: 'message-action', name, target: this.targetOf(interaction.targetMessage), ctx });
    } else if (interaction.isButton() || interaction.isStringSelectMenu()) {
      const [actionId, buttonValue] = splitCustomId(interaction.customId);
      const value = interaction.isStringSelectMenu() ? (interaction.values[0] ?? '') : buttonValue;
      await this.handle({ kind: 'action', actionId, value, ctx });
    } else if (interaction.isModalSubmit()) {
      const [actionId, value] = splitCustomId(interaction.customId);
      const fields: Record<string, string> = {};
      for (const field of interaction.fields.fields.values())
        if (field.type === ComponentType.TextInput) fields[field.customId] = field.value;
      await this.handle({ kind: 'action', actionId, value, fields, ctx });
    }
  }

  /** The button that stands in for a form which could not open directly: open it now, or say it expired. */
  private async openForm(interaction: ButtonInteraction): Promise<void> {
    const form = this.forms.take(interaction.customId);
    try {
      if (form) await interaction.showModal(modalBody(form));
      else await interaction.reply({ content: 'This form has expired; please run the command again.', flags: 64 });
    } catch (err) {
      this.options.log.warn({ err }, 'could not open a form');
    }
  }

  private async onMessage(message: Message): Promise<void> {
    const me = this.client?.user;
    if (!me || message.author.bot || message.author.id === me.id || !message.channel.isSendable()) return;
    const thread = message.channel.isThread() ? message.channel : undefined;
    const reply = guardedReplier(
      messageReplier(message, message.channel, this.forms),
      this.guard,
      message.channelId,
      message.guildId,
    );
    const ctx = this.context(
      message.id,
      message.guildId,
      thread?.parentId ?? message.channelId,
      message.author.id,
      reply,
    );
    ctx.threadId = thread?.id;
    ctx.roles = message.member ? [...message.member.roles.cache.keys()] : [];
    ctx.isModerator = mayModerate(message.member?.permissions);
    ctx.ageRestricted = isAgeRestricted(thread?.parent ?? message.channel);
    if (this.client) ctx.actions = messageActions(this.client, message);
    const attachments = [...message.attachments.values()].map((a) => gatewayFile(a, this.files));
    // A voice message is one audio/ogg attachment; other audio is a file someone shared (the channel decides).
    const voice = message.flags.has(MessageFlags.IsVoiceMessage) ? attachments[0] : undefined;
    const audio = attachments.find(isAudioFile);
    const text = message.content;
    if (voice) {
      await this.handle({ kind: 'voice-note', attachment: voice, text, attachments, ctx });
    } else if (message.mentions.users.has(me.id)) {
      const question = text.replaceAll(`<@${me.id}>`, '').replaceAll(`<@!${me.id}>`, '').trim();
      await this.handle({ kind: 'mention', text: question, attachments, ctx });
    } else if (audio) {
      await this.handle({ kind: 'voice-note', attachment: audio, upload: true, text, attachments, ctx });
    } else {
      await this.handle({ kind: 'message', text, attachments, ctx });
    }
  }

  private targetOf(message: Message): TargetMessage {
    const attachments = [...message.attachments.values()].map((a) => gatewayFile(a, this.files));
    return { id: message.id, text: message.content, authorId: message.author.id, attachments };
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
