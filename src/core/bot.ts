import { discordLocalizations, isMessageKey } from '../i18n/index.js';
import { reachOf } from '../skills/reach.js';
import type { AnySkill, CommandOption } from '../skills/skill.js';
import type { IncomingEvent } from './event.js';

export type HandleOutcome = 'handled' | 'duplicate' | 'ignored' | 'refused';

export interface CommandSpec {
  name: string;
  description: string;
  /** Whether it is offered as a slash command (a skill may offer only a message action). */
  slash: boolean;
  options: readonly LocalizedOption[];
  /** By Discord locale: the catalogue's translations, overridden by the skill's own. */
  descriptionLocalizations?: Readonly<Record<string, string>> | undefined;
  /** The label of the skill's message action, when it has one. */
  messageAction?: string | undefined;
  /** That label by Discord locale, from the catalogues (`action.<skill>`). */
  messageActionLocalizations?: Readonly<Record<string, string>> | undefined;
}

export interface LocalizedOption extends CommandOption {
  descriptionLocalizations?: Readonly<Record<string, string>> | undefined;
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
    const options = (command?.options ?? []).map((o) => ({
      ...o,
      descriptionLocalizations: localizationsOf(`option.${name}.${o.name}`),
    }));
    return [
      {
        name,
        description,
        slash: command !== undefined,
        options,
        descriptionLocalizations: Object.keys(descriptionLocalizations).length ? descriptionLocalizations : undefined,
        messageAction: messageAction?.label,
        messageActionLocalizations: messageAction ? localizationsOf(`action.${name}`) : undefined,
      },
    ];
  });
}

/** The catalogue's translations of a command's or option's description, when it has them. */
function localizationsOf(key: string): Record<string, string> | undefined {
  return isMessageKey(key) ? discordLocalizations(key) : undefined;
}
