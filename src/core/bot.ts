import { discordLocalizations, isMessageKey } from '../i18n/index.js';
import { reachOf } from '../skills/reach.js';
import type { AnySkill, CommandOption } from '../skills/skill.js';
import type { IncomingEvent } from './event.js';

export type HandleOutcome = 'handled' | 'duplicate' | 'ignored' | 'refused';

/** Text by Discord locale code (`de`, `es-419`, …), English left out: Discord's `*_localizations` maps. */
export type Localizations = Readonly<Record<string, string>>;

export interface CommandSpec {
  name: string;
  description: string;
  /** Whether it is offered as a slash command (a skill may offer only a message action). */
  slash: boolean;
  options: readonly LocalizedOption[];
  /**
   * The command's name by Discord locale (`name.<skill>`). Shown to members only: Discord sends the canonical
   * `name` back in interactions, and Slack has no way to localise one, so `name` is what routes.
   */
  nameLocalizations?: Localizations | undefined;
  /** By Discord locale: the catalogue's translations, overridden by the skill's own. */
  descriptionLocalizations?: Localizations | undefined;
  /** The label of the skill's message action, when it has one. */
  messageAction?: string | undefined;
  /** That label by Discord locale, from the catalogues (`action.<skill>`). */
  messageActionLocalizations?: Localizations | undefined;
}

export interface LocalizedOption extends CommandOption {
  /** `optionName.<skill>.<option>`: shown only; interactions name the option canonically. */
  nameLocalizations?: Localizations | undefined;
  descriptionLocalizations?: Localizations | undefined;
  /** By choice value: the name members see for it (`choice.<skill>.<option>.<value>`); the value is what comes back. */
  choiceLocalizations?: Readonly<Record<string, Localizations>> | undefined;
}

/** What adapters see of the core: hand in events, learn which commands to register. */
export interface Bot {
  handle(event: IncomingEvent): Promise<HandleOutcome>;
  commands(): readonly CommandSpec[];
}

/** The commands and message actions the skills offer, as adapters register them. */
export function commandSpecs(skills: readonly AnySkill[]): CommandSpec[] {
  return skills.flatMap((s) => {
    const command = reachOf(s, 'command');
    const messageAction = reachOf(s, 'message-action');
    if (!command && !messageAction) return [];
    const { name, description } = s;
    const descriptionLocalizations = { ...localizationsOf(`command.${name}`), ...s.descriptionLocalizations };
    const options = (command?.options ?? []).map((o) => localizedOption(name, o));
    return [
      {
        name,
        description,
        slash: command !== undefined,
        options,
        nameLocalizations: localizationsOf(`name.${name}`),
        descriptionLocalizations: Object.keys(descriptionLocalizations).length ? descriptionLocalizations : undefined,
        messageAction: messageAction?.label,
        messageActionLocalizations: messageAction ? localizationsOf(`action.${name}`) : undefined,
      },
    ];
  });
}

function localizedOption(skill: string, option: CommandOption): LocalizedOption {
  const key = `${skill}.${option.name}`;
  const choices = (option.choices ?? []).flatMap((value) => {
    const names = localizationsOf(`choice.${key}.${value}`);
    return names ? [[value, names] as const] : [];
  });
  return {
    ...option,
    nameLocalizations: localizationsOf(`optionName.${key}`),
    descriptionLocalizations: localizationsOf(`option.${key}`),
    choiceLocalizations: choices.length ? Object.fromEntries(choices) : undefined,
  };
}

/** The catalogue's translations of a command's or option's name or description, when it has them. */
function localizationsOf(key: string): Record<string, string> | undefined {
  return isMessageKey(key) ? discordLocalizations(key) : undefined;
}
