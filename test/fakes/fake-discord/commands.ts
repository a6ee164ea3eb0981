/**
 * Discord's rules for application commands (PUT …/commands), as its API documents and enforces them: what a real
 * Discord would answer 400 Invalid Form Body (50035) for. Written from Discord's documentation, not from our
 * code, so that our registration is checked against the platform rather than against itself.
 */

/** CHAT_INPUT command and option names (and their localisations), with the unicode flag. */
const CHAT_INPUT_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const CHAT_INPUT = 1;
/** Discord's locales: a localisation under any other key is refused. */
const LOCALES = new Set(
  'id da de en-GB en-US es-ES es-419 fr hr it lt hu nl no pl pt-BR ro fi sv-SE vi tr cs el bg ru uk hi th zh-CN ja zh-TW ko'.split(
    ' ',
  ),
);

export interface CommandBody {
  type?: number;
  name: string;
  name_localizations?: Record<string, string> | null;
  description?: string;
  description_localizations?: Record<string, string> | null;
  options?: OptionBody[];
}

interface OptionBody {
  name: string;
  name_localizations?: Record<string, string> | null;
  description: string;
  description_localizations?: Record<string, string> | null;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; name_localizations?: Record<string, string> | null; value: unknown }[];
}

/** Every rule a set of commands breaks, one line each (empty: Discord takes them). */
export function commandProblems(commands: readonly CommandBody[]): string[] {
  const problems: string[] = [];
  for (const command of commands) {
    const slash = (command.type ?? CHAT_INPUT) === CHAT_INPUT;
    const where = `/${command.name}`;
    problems.push(...localeProblems(command));
    for (const [locale, name] of texts(command.name, command.name_localizations)) {
      if (slash) problems.push(...nameProblems(name, `${where} name (${locale})`));
      else if (name.length < 1 || name.length > 32) problems.push(`${where} name (${locale}) is not 1-32 characters`);
    }
    if (!slash) continue;
    for (const [locale, text] of texts(command.description ?? '', command.description_localizations)) {
      problems.push(...lengthProblems(text, 100, `${where} description (${locale})`));
    }
    const options = command.options ?? [];
    if (options.length > 25) problems.push(`${where} has more than 25 options`);
    const firstOptional = options.findIndex((o) => !o.required);
    if (firstOptional >= 0 && options.slice(firstOptional).some((o) => o.required)) {
      problems.push(`${where}: required options must come before optional ones`);
    }
    problems.push(...duplicates(options, `${where} option names`));
    for (const option of options) problems.push(...optionProblems(option, `${where} ${option.name}`));
    problems.push(...sizeProblems(command));
  }
  for (const type of new Set(commands.map((c) => c.type ?? CHAT_INPUT))) {
    problems.push(
      ...duplicates(
        commands.filter((c) => (c.type ?? CHAT_INPUT) === type),
        `type ${type} command names`,
      ),
    );
  }
  return problems;
}

function optionProblems(option: OptionBody, where: string): string[] {
  const problems: string[] = [];
  for (const [locale, name] of texts(option.name, option.name_localizations)) {
    problems.push(...nameProblems(name, `${where} name (${locale})`));
  }
  for (const [locale, text] of texts(option.description, option.description_localizations)) {
    problems.push(...lengthProblems(text, 100, `${where} description (${locale})`));
  }
  const choices = option.choices ?? [];
  if (choices.length > 25) problems.push(`${where} has more than 25 choices`);
  if (choices.length && option.autocomplete) problems.push(`${where} has both choices and autocomplete`);
  for (const choice of choices) {
    for (const [locale, name] of texts(choice.name, choice.name_localizations)) {
      problems.push(...lengthProblems(name, 100, `${where} choice ${String(choice.value)} (${locale})`));
    }
  }
  return problems;
}

/** Discord's cap on a command's combined names, descriptions and choice values, in each language. */
const MAX_COMMAND_CHARACTERS = 4000;

/** The command as each locale sees it (localisation, else the default), within Discord's 4000 characters. */
function sizeProblems(command: CommandBody): string[] {
  const options = command.options ?? [];
  const locales = new Set(
    [command, ...options, ...options.flatMap((o) => o.choices ?? [])].flatMap((x) => [
      ...Object.keys(x.name_localizations ?? {}),
      ...Object.keys(('description_localizations' in x && x.description_localizations) || {}),
    ]),
  );
  const problems: string[] = [];
  for (const locale of ['default', ...locales]) {
    const pick = (text = '', localizations?: Record<string, string> | null) =>
      [...((locale !== 'default' && localizations?.[locale]) || text)].length;
    let size = pick(command.name, command.name_localizations);
    size += pick(command.description, command.description_localizations);
    for (const o of options) {
      size += pick(o.name, o.name_localizations) + pick(o.description, o.description_localizations);
      for (const c of o.choices ?? []) size += pick(c.name, c.name_localizations) + String(c.value).length;
    }
    if (size > MAX_COMMAND_CHARACTERS) problems.push(`/${command.name} is ${size} characters in ${locale}, over 4000`);
  }
  return problems;
}

/** A CHAT_INPUT name: Discord's pattern, and lowercase wherever the script has case. */
function nameProblems(name: string, where: string): string[] {
  if (!CHAT_INPUT_NAME.test(name)) return [`${where} "${name}" does not match Discord's name pattern`];
  if (name !== name.toLowerCase()) return [`${where} "${name}" is not lowercase`];
  return [];
}

function lengthProblems(text: string, max: number, where: string): string[] {
  const length = [...text].length;
  return length >= 1 && length <= max ? [] : [`${where} is ${length} characters, not 1-${max}`];
}

/** The default text and each localisation, by locale (`default` for the former). */
function texts(text: string, localizations: Record<string, string> | null | undefined): [string, string][] {
  return [['default', text], ...Object.entries(localizations ?? {})];
}

/** Localisations under keys that are not Discord locales, anywhere in a command. */
function localeProblems(command: CommandBody): string[] {
  const maps = [
    command.name_localizations,
    command.description_localizations,
    ...(command.options ?? []).flatMap((o) => [
      o.name_localizations,
      o.description_localizations,
      ...(o.choices ?? []).map((c) => c.name_localizations),
    ]),
  ];
  const unknown = new Set(maps.flatMap((m) => Object.keys(m ?? {})).filter((locale) => !LOCALES.has(locale)));
  return [...unknown].map((locale) => `/${command.name}: "${locale}" is not a Discord locale`);
}

/**
 * Names that clash within one locale: what a member of that locale sees is the localisation, else the default
 * name, and those must be unique among siblings.
 */
function duplicates(items: readonly Pick<CommandBody, 'name' | 'name_localizations'>[], what: string): string[] {
  const locales = new Set(items.flatMap((i) => Object.keys(i.name_localizations ?? {})));
  const problems: string[] = [];
  for (const locale of ['default', ...locales]) {
    const seen = new Set<string>();
    for (const item of items) {
      const shown = (locale === 'default' ? undefined : item.name_localizations?.[locale]) ?? item.name;
      if (seen.has(shown)) problems.push(`${what} clash in ${locale}: "${shown}"`);
      seen.add(shown);
    }
  }
  return problems;
}
