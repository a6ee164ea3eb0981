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
        ...(o.choices ? { choices: o.choices.map((v) => ({ name: v, value: v })) } : {}),
      })),
    }));
  const menus = commands
    .flatMap((c) => (c.messageAction ? [{ type: COMMAND_TYPE.Message, name: c.messageAction.slice(0, 32) }] : []))
    .slice(0, MAX_MESSAGE_COMMANDS);
  return [...slash, ...menus];
}

/** Message context menu label → the skill that offers it. */
export function messageActionSkills(commands: readonly CommandSpec[]): Map<string, string> {
  return new Map(commands.flatMap((c) => (c.messageAction ? [[c.messageAction.slice(0, 32), c.name]] : [])));
}
