import { REST } from 'discord.js';
import type { Hono } from 'hono';
import type { Bot } from '../../core/bot.js';
import type { Logger } from '../../log.js';
import type { FileAccess } from '../../net/download.js';
import type { Adapter } from '../adapter.js';
import { cappedBody, errorResponse } from '../http/errors.js';
import { PendingForms } from '../pending-forms.js';
import { messageActionSkills, type Suggestion } from './commands.js';
import { discordFileAccess } from './files.js';
import { runInteraction } from './interaction-flow.js';
import { InteractionReplier } from './interaction-replier.js';
import { RestChannelAccess } from './rest-channel-access.js';
import { checkSignature, discordPublicKey } from './signature.js';
import { type Interaction, InteractionType } from './to-event.js';

export interface InteractionsOptions {
  appId: string;
  publicKeyHex: string;
  apiUrl: string;
  bodyLimitBytes: number;
  log: Logger;
  /** DISCORD_TOKEN, when set: lets answers check who may view the channels knowledge was imported from. */
  botToken?: string | undefined;
  /** Answer with a deferral if the bot has not answered by then (Discord's deadline is 3 s). */
  deferAfterMs?: number;
}

/**
 * POST /discord/interactions, for deployments that take Discord's HTTP interactions: every request's Ed25519
 * signature is checked (Discord sends forged ones on purpose), PING is answered, commands and button presses go
 * to the bot, and the bot's first answer (or a deferral) is the HTTP response.
 */
export class DiscordInteractionsAdapter implements Adapter {
  readonly name = 'discord-interactions';
  private bot: Bot | undefined;
  private readonly rest: REST;
  private readonly key;
  private readonly forms = new PendingForms();
  private messageActions = new Map<string, string>();
  private readonly files: FileAccess;
  private readonly access: RestChannelAccess | undefined;

  constructor(private readonly options: InteractionsOptions) {
    this.key = discordPublicKey(options.publicKeyHex);
    this.files = discordFileAccess(options.apiUrl);
    this.rest = new REST({ api: options.apiUrl, version: '10', timeout: 15_000, retries: 3 });
    // Its own client: the interaction webhooks need no bot token, the guild and member reads do.
    const { botToken } = options;
    this.access = botToken
      ? new RestChannelAccess(new REST({ api: options.apiUrl, version: '10', timeout: 15_000 }).setToken(botToken))
      : undefined;
  }

  mount(app: Hono): void {
    const limit = this.options.bodyLimitBytes;
    app.post('/discord/interactions', cappedBody(limit), async (c) => {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      const check = checkSignature(
        this.key,
        c.req.header('x-signature-ed25519'),
        c.req.header('x-signature-timestamp'),
        raw,
      );
      if (!check.ok)
        return errorResponse(c, { code: 'unauthorized', message: `invalid request signature (${check.reason})` });
      let interaction: Interaction;
      try {
        interaction = JSON.parse(new TextDecoder().decode(raw)) as Interaction;
      } catch {
        return errorResponse(c, { code: 'invalid_json', message: 'the body is not valid JSON' });
      }
      if (interaction.type === InteractionType.Ping) return c.json({ type: 1 });
      return c.json(await this.dispatch(interaction));
    });
  }

  async start(bot: Bot): Promise<void> {
    this.bot = bot;
    this.messageActions = messageActionSkills(bot.commands());
  }

  async stop(): Promise<void> {
    this.bot = undefined;
  }

  /** Runs the interaction; its initial response (or a deferral, within Discord's 3 s) is the HTTP response. */
  private dispatch(interaction: Interaction): Promise<object> {
    const { access } = this;
    const guild = interaction.guild_id;
    let respond: (body: object) => void = () => {};
    const initial = new Promise<object>((resolve) => {
      respond = resolve;
    });
    const replier = new InteractionReplier({
      rest: this.rest,
      appId: interaction.application_id ?? this.options.appId,
      token: interaction.token,
      channelId: interaction.channel_id ?? interaction.channel?.id ?? 'unknown',
      forms: this.forms,
      mayOpenModal: interaction.type !== InteractionType.ModalSubmit,
      respond: async (body) => respond(body),
      initialTakesFiles: false,
      userId: interaction.member?.user?.id ?? interaction.user?.id ?? '',
    });
    const deps = {
      bot: this.bot,
      forms: this.forms,
      messageActions: this.messageActions,
      files: this.files,
      log: this.options.log,
      deferAfterMs: this.options.deferAfterMs ?? 2500,
      answerDuplicates: true,
      // Without the bot token nobody can say who views a channel: answers leave out what was imported from one.
      actions: access ? { canRead: (userId: string, channel: string) => access.canRead(guild, userId, channel) } : {},
    };
    const reply = {
      replier,
      answered: () => replier.answered,
      suggest: (c: readonly Suggestion[]) => replier.suggest(c),
    };
    void runInteraction(interaction, reply, deps).catch((err: unknown) => {
      this.options.log.error({ err, interaction: interaction.id }, 'interaction failed');
      respond({ type: 4, data: { content: 'Sorry, something went wrong on our side.', flags: 64 } });
    });
    return initial;
  }
}
