import { z } from 'zod';
import { isMessageKey, localeOf, t } from '../../i18n/index.js';
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
  /** The asker's language (their platform's tag), in which the list is worded. */
  locale?: string | undefined;
}

function usage(skill: AnySkill, options: readonly CommandOption[]): string {
  const parts = options.map((o) => (o.required ? `${o.name}:<${o.type}>` : `[${o.name}:<${o.type}>]`));
  return [`/${skill.name}`, ...parts].join(' ');
}

/**
 * A skill's description in the asker's language: the catalogue's, else the skill's own localization for that
 * exact tag, else its English one.
 */
function describe(skill: AnySkill, locale: string | undefined): string {
  const key = `command.${skill.name}`;
  if (localeOf(locale) !== 'en' && isMessageKey(key)) return t(locale, key);
  return (locale && skill.descriptionLocalizations?.[locale]) || skill.description;
}

/**
 * The skill a command name means: its own name, or the name Discord shows the asker in their language
 * (`/hilfe befehl:fragen` asks about /ask).
 */
function canonicalName(name: string, skills: readonly AnySkill[], locale: string | undefined): string {
  if (localeOf(locale) === 'en' || skills.some((s) => s.name === name)) return name;
  const lower = name.toLowerCase();
  const shown = (s: AnySkill) => {
    const key = `name.${s.name}`;
    return isMessageKey(key) ? t(locale, key) : undefined;
  };
  return skills.find((s) => shown(s) === lower)?.name ?? name;
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
    async run({ command: asked }, ctx) {
      const commands: HelpEntry[] = [];
      const command = asked && canonicalName(asked, listSkills(), ctx.locale);
      for (const skill of listSkills()) {
        const slash = reachOf(skill, 'command');
        if (!slash || (command && skill.name !== command)) continue;
        if (!(await ctx.allowed(skill.name))) continue;
        const description = describe(skill, ctx.locale);
        commands.push({ name: skill.name, description, usage: usage(skill, slash.options) });
      }
      const { locale } = ctx;
      return asked && commands.length === 0 ? { commands, unknown: asked, locale } : { commands, locale };
    },
    render({ commands, unknown, locale }) {
      if (unknown) return { text: t(locale, 'help.unknown', { command: unknown }) };
      if (commands.length === 0) return { text: t(locale, 'help.none') };
      const lines = commands.map((c) => `• \`${c.usage}\` — ${c.description}`);
      return { text: [t(locale, 'help.header'), ...lines].join('\n') };
    },
  };
}
