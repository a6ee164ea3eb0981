import { z } from 'zod';
import { reachOf } from '../reach.js';
import type { AnySkill, CommandOption, Skill } from '../skill.js';

const input = z.object({ command: z.string().trim().min(1).optional() }).strict();
type HelpInput = z.infer<typeof input>;

export interface HelpEntry {
  name: string;
  description: string;
  usage: string;
}

export interface HelpOutput {
  commands: HelpEntry[];
  /** Set when a single command was asked about but is unknown or not allowed here. */
  unknown?: string;
}

function usage(skill: AnySkill, options: readonly CommandOption[]): string {
  const parts = options.map((o) => (o.required ? `${o.name}:<${o.type}>` : `[${o.name}:<${o.type}>]`));
  return [`/${skill.name}`, ...parts].join(' ');
}

/** `help`: what the bot can do here, for this user (commands behind a role gate they lack are left out). */
export function createHelpSkill(listSkills: () => readonly AnySkill[]): Skill<HelpInput, HelpOutput> {
  return {
    name: 'help',
    description: 'What this bot can do here',
    models: [],
    input,
    reach: [
      {
        kind: 'command',
        options: [{ name: 'command', description: 'A command to explain', type: 'string', required: false }],
      },
    ],
    async run({ command }, ctx) {
      const commands: HelpEntry[] = [];
      for (const skill of listSkills()) {
        const slash = reachOf(skill, 'command');
        if (!slash || (command && skill.name !== command)) continue;
        if (!(await ctx.allowed(skill.name))) continue;
        commands.push({ name: skill.name, description: skill.description, usage: usage(skill, slash.options) });
      }
      return command && commands.length === 0 ? { commands, unknown: command } : { commands };
    },
    render(output) {
      if (output.unknown) return { text: `There is no command \`/${output.unknown}\` you can use here. Try /help.` };
      if (output.commands.length === 0) return { text: 'There are no commands you can use in this channel.' };
      const lines = output.commands.map((c) => `• \`${c.usage}\` — ${c.description}`);
      return { text: ['Here is what I can do here:', ...lines].join('\n') };
    },
  };
}
