import type { CommandSpec, Localizations, LocalizedOption } from '../../core/bot.js';
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
export const MAX_MESSAGE_COMMANDS = 5;
/**
 * The message context menus registered when DISCORD_MESSAGE_ACTIONS does not choose: the skills offer more than
 * Discord takes (Tag entities is left out: /entities does the same), so which five is a choice, not table order.
 */
export const DEFAULT_MESSAGE_ACTIONS = ['Translate', 'Summarize thread', 'Transcribe', 'Describe image', 'Sentiment'];

/**
 * The skills table as Discord application commands: a slash command per skill with a command (names and
 * descriptions localised where the catalogues or the skill give them) and a message context menu per skill with a
 * message action. Localised names are what members see and type; Discord still sends the canonical `name` of the
 * command, its options and the choice `value` in interactions (discord-api-types: the interaction's
 * `data.name`; only the command object itself carries a `name_localized`), so routing never sees a translation.
 */
export function commandBodies(commands: readonly CommandSpec[], messageActions?: readonly string[]) {
  const slash = commands
    .filter((c) => c.slash)
    .map((c) => ({
      type: COMMAND_TYPE.ChatInput,
      name: c.name,
      ...names(c.nameLocalizations),
      description: c.description.slice(0, 100),
      ...localized(c.descriptionLocalizations),
      options: c.options.map((o) => ({
        name: o.name,
        ...names(o.nameLocalizations),
        description: o.description.slice(0, 100),
        ...localized(o.descriptionLocalizations),
        type: OPTION_TYPES[o.type],
        required: o.required ?? false,
        ...choicesOf(o),
      })),
    }));
  const byLabel = new Map(commands.flatMap((c) => (c.messageAction ? [[c.messageAction.slice(0, 32), c]] : [])));
  const menus = chosenMenus(commands, messageActions).map((name) => ({
    type: COMMAND_TYPE.Message,
    name,
    ...menuNames(byLabel.get(name)?.messageActionLocalizations),
  }));
  return [...slash, ...menus];
}

/**
 * The message actions Discord gets, at most five: the operator's list (DISCORD_MESSAGE_ACTIONS) of those a skill
 * offers, or else DEFAULT_MESSAGE_ACTIONS, then any other offered one (a skill added to the table) while room is left.
 */
export function chosenMenus(commands: readonly CommandSpec[], chosen?: readonly string[]): string[] {
  const offered = commands.flatMap((c) => (c.messageAction ? [c.messageAction.slice(0, 32)] : []));
  const preferred = (chosen ?? DEFAULT_MESSAGE_ACTIONS).filter((label) => offered.includes(label));
  const rest = chosen ? [] : offered.filter((label) => !preferred.includes(label));
  return [...preferred, ...rest].slice(0, MAX_MESSAGE_COMMANDS);
}

/**
 * Translated slash command and option names. Not cut: a cut name could break Discord's rules or clash, so the
 * catalogues keep them valid instead (test/i18n/discord-names.test.ts).
 */
function names(localizations: Localizations | undefined) {
  return localizations ? { name_localizations: { ...localizations } } : {};
}

/** Translated descriptions, cut to Discord's 100 characters like the English one. */
function localized(localizations: Localizations | undefined) {
  return localizations ? { description_localizations: cut(localizations, 100) } : {};
}

/** Each text cut to `max` characters (Discord refuses longer ones). */
function cut(localizations: Localizations, max: number): Record<string, string> {
  return Object.fromEntries(Object.entries(localizations).map(([locale, text]) => [locale, text.slice(0, max)]));
}

/**
 * A context menu's label in other languages (Discord shows it in the member's; the interaction still names the
 * English one, which is how the skill is found).
 */
function menuNames(localizations: Localizations | undefined) {
  return localizations ? { name_localizations: cut(localizations, 32) } : {};
}

/** Discord lists at most 25 choices; an option with more is offered by autocomplete from the same list. */
export const MAX_CHOICES = 25;

/** Choices named in the member's language where the catalogues name them; Discord sends back the `value`. */
function choicesOf({ choices, choiceLocalizations }: LocalizedOption) {
  if (!choices) return {};
  if (choices.length > MAX_CHOICES) return { autocomplete: true };
  return {
    choices: choices.map((v) => {
      const localizations = choiceLocalizations?.[v];
      return { name: v, ...(localizations ? { name_localizations: cut(localizations, 100) } : {}), value: v };
    }),
  };
}

/** A choice offered while someone types: the name they see (in their language where the catalogues have it). */
export interface Suggestion {
  name: string;
  value: string;
}

/**
 * The choices to offer while someone types into an option with more than Discord lists: those starting with what
 * was typed, then those containing it, in the skill's order. What was typed may be the value or the name shown in
 * the member's language (`locale`: Discord's code); the value is what comes back when one is picked.
 */
export function suggestions(
  commands: readonly CommandSpec[],
  command: string,
  option: string,
  typed: string,
  locale?: string,
): Suggestion[] {
  const spec = commands.find((c) => c.name === command)?.options.find((o) => o.name === option);
  const offered = (spec?.choices ?? []).map((value) => ({
    name: (locale && spec?.choiceLocalizations?.[value]?.[locale]) || value,
    value,
  }));
  const text = typed.trim().toLowerCase();
  const words = (s: Suggestion) => [s.value.toLowerCase(), s.name.toLowerCase()];
  const starting = offered.filter((s) => words(s).some((w) => w.startsWith(text)));
  const containing = offered.filter((s) => !starting.includes(s) && words(s).some((w) => w.includes(text)));
  return [...starting, ...containing].slice(0, MAX_CHOICES);
}

/**
 * Message context menu label → the skill that offers it. Interactions name the English label; the translated ones
 * map too, so a payload naming the label the member saw still finds its skill.
 */
export function messageActionSkills(commands: readonly CommandSpec[]): Map<string, string> {
  return new Map(
    commands.flatMap((c) => {
      if (!c.messageAction) return [];
      const labels = [c.messageAction, ...Object.values(c.messageActionLocalizations ?? {})];
      return labels.map((label) => [label.slice(0, 32), c.name] as [string, string]);
    }),
  );
}
