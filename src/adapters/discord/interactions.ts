import { REST } from 'discord.js';
import type { Hono } from 'hono';
import type { Bot } from '../../core/bot.js';
import type { Logger } from '../../log.js';
import type { Adapter } from '../adapter.js';
import type { FileAccess } from '../download.js';
import { cappedBody, errorResponse } from '../http/errors.js';
import { OPEN_FORM, PendingForms } from '../pending-forms.js';
import { messageActionSkills } from './commands.js';
import { discordFileAccess } from './files.js';
import { modalBody } from './forms.js';
import { InteractionReplier } from './interaction-replier.js';
import { checkSignature, discordPublicKey } from './signature.js';
import { type Interaction, InteractionType, interactionToEvent } from './to-event.js';

export interface InteractionsOptions {
  appId: string;
  publicKeyHex: string;
  apiUrl: string;
  bodyLimitBytes: number;
  log: Logger;
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

  constructor(private readonly options: InteractionsOptions) {
    this.key = discordPublicKey(options.publicKeyHex);
    this.files = discordFileAccess(options.apiUrl);
    this.rest = new REST({ api: options.apiUrl, version: '10', timeout: 15_000, retries: 3 });
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

  private async dispatch(interaction: Interaction): Promise<object> {
    const say = (content: string) => ({ type: 4, data: { content, flags: 64 } });
    const customId = interaction.data?.custom_id ?? '';
    if (interaction.type === InteractionType.Component && customId.startsWith(OPEN_FORM)) {
      const form = this.forms.take(customId);
      return form ? { type: 9, data: modalBody(form) } : say('This form has expired; please run the command again.');
    }
    const channelId = interaction.channel_id ?? interaction.channel?.id ?? 'unknown';
    const mayOpenModal = interaction.type !== InteractionType.ModalSubmit;
    const replier = new InteractionReplier(
      this.rest,
      this.options.appId,
      interaction.token,
      channelId,
      this.forms,
      mayOpenModal,
    );
    const event = interactionToEvent(interaction, replier, this.messageActions, this.files);
    if (!event) return say("Sorry, I don't handle this kind of interaction.");
    if (!this.bot) return say("I'm restarting right now; please try again in a minute.");
    const handled = this.bot.handle(event).catch((err: unknown) => {
      this.options.log.error({ err, interaction: interaction.id }, 'interaction failed');
      return 'handled' as const;
    });
    const deadline = setTimeout(() => void replier.defer(), this.options.deferAfterMs ?? 2500);
    // A redelivered or ignored interaction answers nothing: say so instead of leaving Discord waiting.
    void handled.then((outcome) => {
      if (!replier.answered && outcome !== 'handled')
        void replier.send({ text: 'This was already handled.', ephemeral: true });
    });
    try {
      return await replier.initial;
    } finally {
      clearTimeout(deadline);
    }
  }
}
