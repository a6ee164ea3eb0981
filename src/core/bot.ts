import { reachOf } from '../skills/reach.js';
import type { AnySkill, CommandOption } from '../skills/skill.js';
import type { IncomingEvent } from './event.js';

export type HandleOutcome = 'handled' | 'duplicate' | 'ignored' | 'refused';

export interface CommandSpec {
  name: string;
  description: string;
  /** Whether it is offered as a slash command (a skill may offer only a message action). */
  slash: boolean;
  options: readonly CommandOption[];
  descriptionLocalizations?: Readonly<Record<string, string>> | undefined;
  /** The label of the skill's message action, when it has one. */
  messageAction?: string | undefined;
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
    const { name, description, descriptionLocalizations } = s;
    const options = command?.options ?? [];
    return [
      {
        name,
        description,
        slash: command !== undefined,
        options,
        descriptionLocalizations,
        messageAction: messageAction?.label,
      },
    ];
  });
}
