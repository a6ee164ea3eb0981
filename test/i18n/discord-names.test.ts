import { describe, expect, it } from 'vitest';
import { commandBodies, suggestions } from '../../src/adapters/discord/commands.js';
import { commandSpecs } from '../../src/core/bot.js';
import { commandProblems } from '../fakes/fake-discord/commands.js';
import { builtInSkills } from '../helpers/built-in-skills.js';

const DISCORD_CODES = ['de', 'fr', 'es-ES', 'es-419', 'pt-BR', 'ja'];
const specs = commandSpecs(builtInSkills());
const bodies = commandBodies(specs);
const slash = bodies.flatMap((b) => ('options' in b ? [b] : []));

describe('localised command names follow Discord’s rules (the CI check)', () => {
  it('registers every built-in command with names Discord takes: pattern, lowercase, lengths, no clashes', () => {
    expect(slash.map((c) => c.name)).toEqual(expect.arrayContaining(['help', 'ask', 'kb', 'translate', 'describe']));
    expect(commandProblems(bodies)).toEqual([]);
  });

  it('has no translation Discord would get cut (registration cuts descriptions to 100, menu labels to 32)', () => {
    const tooLong: string[] = [];
    const check = (texts: Readonly<Record<string, string>> | undefined, max: number, what: string) => {
      for (const [code, text] of Object.entries(texts ?? {})) {
        if ([...text].length > max) tooLong.push(`${what} (${code}): ${[...text].length} > ${max}`);
      }
    };
    for (const spec of specs) {
      check({ default: spec.description, ...spec.descriptionLocalizations }, 100, `/${spec.name} description`);
      check(spec.messageActionLocalizations, 32, `${spec.name} message action`);
      for (const option of spec.options) {
        check({ default: option.description, ...option.descriptionLocalizations }, 100, `/${spec.name} ${option.name}`);
        for (const [value, names] of Object.entries(option.choiceLocalizations ?? {})) {
          check(names, 100, `/${spec.name} ${option.name} choice ${value}`);
        }
      }
    }
    expect(tooLong).toEqual([]);
  });

  it('names and describes every command and every option in each catalogue language', () => {
    const missing: string[] = [];
    for (const command of slash) {
      const has = (map: Record<string, string> | undefined, what: string) => {
        for (const code of DISCORD_CODES) if (!map?.[code]) missing.push(`${what} ${code}`);
      };
      has(command.name_localizations, `/${command.name} name`);
      has(command.description_localizations, `/${command.name} description`);
      for (const option of command.options) {
        has(option.name_localizations, `/${command.name} ${option.name} name`);
        has(option.description_localizations, `/${command.name} ${option.name} description`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names fixed-word choices in the member’s language, the value staying canonical', () => {
    const kb = slash.find((c) => c.name === 'kb');
    const doOption = kb?.options.find((o) => o.name === 'do');
    expect(doOption?.choices).toContainEqual({
      name: 'add',
      name_localizations: expect.objectContaining({ de: 'hinzufügen', ja: '追加', 'es-419': 'añadir' }),
      value: 'add',
    });
    expect(kb).toMatchObject({ name_localizations: { de: 'wissensbasis' } });
    expect(doOption?.name_localizations).toMatchObject({ fr: 'action' });
  });

  it('offers autocomplete choices by the name in the member’s language, matching it or the value', () => {
    expect(suggestions(specs, 'moderation', 'do', 'verw', 'de')).toEqual([
      { name: 'verwarnen', value: 'warn' },
      { name: 'verwerfen', value: 'dismiss' },
    ]);
    expect(suggestions(specs, 'moderation', 'do', 'warn', 'de')[0]).toEqual({ name: 'verwarnen', value: 'warn' });
    expect(suggestions(specs, 'translate', 'auto', 'japon', 'fr')).toEqual([{ name: 'japonais (ja)', value: 'ja' }]);
    expect(suggestions(specs, 'translate', 'auto', 'ja', 'en-US')).toEqual([{ name: 'ja', value: 'ja' }]);
  });

  it('catches what Discord refuses: a capital, a space, a long name, a locale it lacks, a clash, a long description', () => {
    const command = (name: string, localized: Record<string, string>, description = 'x') => ({
      type: 1,
      name,
      name_localizations: localized,
      description,
      options: [],
    });
    expect(
      commandProblems([
        command('one', { de: 'Eins', fr: 'un deux', ja: 'ア'.repeat(33) }),
        command('two', { de: 'zwei', 'es-ES': 'one', es: 'dos' }),
        command('three', { de: 'zwei' }, 'y'.repeat(101)),
      ]),
    ).toEqual([
      '/one name (de) "Eins" is not lowercase',
      `/one name (fr) "un deux" does not match Discord's name pattern`,
      `/one name (ja) "${'ア'.repeat(33)}" does not match Discord's name pattern`,
      '/two: "es" is not a Discord locale',
      '/three description (default) is 101 characters, not 1-100',
      'type 1 command names clash in de: "zwei"',
      'type 1 command names clash in es-ES: "one"',
    ]);
    // 40 options of 100-character descriptions: too many, and over 4000 characters in every language.
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `o${i}`, description: 'd'.repeat(100) }));
    const big = commandProblems([{ ...command('big', { ja: '大きい' }), options: many }]);
    expect(big).toContain('/big has more than 25 options');
    expect(big).toContain('/big is 4114 characters in default, over 4000');
    expect(big).toContain('/big is 4114 characters in ja, over 4000');
    // Devanagari and Thai marks are allowed, and scripts without case need none.
    expect(commandProblems([command('a', { hi: 'सहायता', th: 'ช่วยเหลือ', ja: 'ヘルプ' })])).toEqual([]);
  });
});
