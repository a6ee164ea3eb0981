import type { Bot } from '../../core/bot.js';
import type { Replier } from '../../core/reply.js';
import type { Logger } from '../../log.js';
import type { FileAccess } from '../../net/download.js';
import type { PlatformActions } from '../../skills/skill.js';
import { OPEN_FORM, type PendingForms } from '../pending-forms.js';
import { type Suggestion, suggestions } from './commands.js';
import { type Interaction, InteractionType, interactionToEvent } from './to-event.js';

export interface InteractionFlowDeps {
  bot: Bot | undefined;
  forms: PendingForms;
  /** The labels of message context menus, mapped to the skills that offer them. */
  messageActions: ReadonlyMap<string, string>;
  files: FileAccess;
  log: Logger;
  /** Defer if the bot has not answered by then: Discord drops an interaction not answered within 3 s. */
  deferAfterMs: number;
  parentAgeRestricted?: ((parentId: string) => boolean | undefined) | undefined;
  /** What skills may do on the platform for this interaction (the gateway has a client to act with). */
  actions?: PlatformActions | undefined;
  /**
   * Whether a redelivered interaction gets an answer. An HTTP request always needs a response; a gateway replay of
   * an interaction already answered must get none (Discord refuses a second initial response).
   */
  answerDuplicates: boolean;
}

/**
 * One interaction, from either transport, to the bot and back: the button behind a form opens it, everything else
 * becomes an event through `interactionToEvent`. Whatever happens, the interaction is answered: a redelivery, a
 * kind we don't handle, or a restart each get a short reason instead of Discord's "interaction failed".
 */
export async function runInteraction(
  interaction: Interaction,
  reply: { replier: Replier; answered(): boolean; suggest(choices: readonly Suggestion[]): Promise<void> },
  deps: InteractionFlowDeps,
): Promise<void> {
  const { replier } = reply;
  if (interaction.type === InteractionType.Autocomplete) {
    const focused = interaction.data?.options?.find((o) => o.focused);
    const commands = deps.bot?.commands() ?? [];
    const typed = typeof focused?.value === 'string' ? focused.value : '';
    const locale = interaction.locale;
    await reply.suggest(suggestions(commands, interaction.data?.name ?? '', focused?.name ?? '', typed, locale));
    return;
  }
  const say = (text: string) => replier.send({ text, ephemeral: true });
  const customId = interaction.data?.custom_id ?? '';
  if (interaction.type === InteractionType.Component && customId.startsWith(OPEN_FORM)) {
    const form = deps.forms.take(customId);
    await (form ? replier.send({ text: '', form }) : say('This form has expired; please run the command again.'));
    return;
  }
  const event = interactionToEvent(interaction, {
    reply: replier,
    messageActions: deps.messageActions,
    files: deps.files,
    parentAgeRestricted: deps.parentAgeRestricted,
  });
  if (!event) return void (await say("Sorry, I don't handle this kind of interaction."));
  if (deps.actions) event.ctx.actions = deps.actions;
  if (!deps.bot) return void (await say("I'm restarting right now; please try again in a minute."));
  const deadline = setTimeout(
    () => void replier.defer().catch((err: unknown) => deps.log.warn({ err }, 'defer failed')),
    deps.deferAfterMs,
  );
  try {
    const outcome = await deps.bot.handle(event).catch((err: unknown) => {
      deps.log.error({ err, interaction: interaction.id }, 'interaction failed');
      return 'failed' as const;
    });
    if (reply.answered()) return;
    if (outcome === 'duplicate') {
      if (deps.answerDuplicates) await say('This was already handled.');
    } else {
      // Failed before any answer: still a reason instead of Discord's "interaction failed".
      await say('Sorry, that did not work; please try again.');
    }
  } finally {
    clearTimeout(deadline);
  }
}
