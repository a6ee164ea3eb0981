import type { CommandSpec } from '../../core/bot.js';
import type { OptionType } from '../../skills/skill.js';

/** Discord's application command option types (API v10). */
const OPTION_TYPES: Record<OptionType, number> = {
  string: 3,
  integer: 4,
  boolean: 5,
  user: 6,
  channel: 7,
  number: 10,
  attachment: 11,
};
const COMMAND_TYPE = { ChatInput: 1, Message: 3 } as const;
/** Discord allows at most 5 message context menus per application. */
const MAX_MESSAGE_COMMANDS = 5;

/**
 * The skills table as Discord application commands: a slash command per skill with a command (descriptions
 * localised where the skill gives them) and a message context menu per skill with a message action.
 */
export function commandBodies(commands: readonly CommandSpec[]) {
  const slash = commands
    .filter((c) => c.slash)
    .map((c) => ({
      type: COMMAND_TYPE.ChatInput,
      name: c.name,
      description: c.description.slice(0, 100),
      ...(c.descriptionLocalizations
        ? {
            description_localizations: Object.fromEntries(
              Object.entries(c.descriptionLocalizations).map(([locale, text]) => [locale, text.slice(0, 100)]),
            ),
          }
        : {}),
      options: c.options.map((o) => ({
        name: o.name,
        description: o.description.slice(0, 100),
        type: OPTION_TYPES[o.type],
        required: o.required ?? false,
        ...choicesOf(o.choices),
      })),
    }));
  const menus = commands
    .flatMap((c) => (c.messageAction ? [{ type: COMMAND_TYPE.Message, name: c.messageAction.slice(0, 32) }] : []))
    .slice(0, MAX_MESSAGE_COMMANDS);
  return [...slash, ...menus];
}

/** Discord lists at most 25 choices; an option with more is offered by autocomplete from the same list. */
export const MAX_CHOICES = 25;

function choicesOf(choices: readonly string[] | undefined) {
  if (!choices) return {};
  if (choices.length > MAX_CHOICES) return { autocomplete: true };
  return { choices: choices.map((v) => ({ name: v, value: v })) };
}

/**
 * The choices to offer while someone types into an option with more than Discord lists: those starting with what
 * was typed, then those containing it, in the skill's order.
 */
export function suggestions(commands: readonly CommandSpec[], command: string, option: string, typed: string) {
  const choices = commands.find((c) => c.name === command)?.options.find((o) => o.name === option)?.choices ?? [];
  const text = typed.trim().toLowerCase();
  const starting = choices.filter((c) => c.toLowerCase().startsWith(text));
  const containing = choices.filter((c) => !c.toLowerCase().startsWith(text) && c.toLowerCase().includes(text));
  return [...starting, ...containing].slice(0, MAX_CHOICES);
}

/** Message context menu label → the skill that offers it. */
export function messageActionSkills(commands: readonly CommandSpec[]): Map<string, string> {
  return new Map(commands.flatMap((c) => (c.messageAction ? [[c.messageAction.slice(0, 32), c.name]] : [])));
}
