import { describe, expect, it } from 'vitest';
import { slackManifest } from '../../../src/adapters/slack/manifest.js';
import { commandSpecs } from '../../../src/core/bot.js';
import { builtInSkills } from '../../helpers/built-in-skills.js';

const specs = commandSpecs(builtInSkills());
type Manifest = ReturnType<typeof slackManifest>;
const command = (m: Manifest, name: string) => m.features.slash_commands.find((c) => c.command === `/${name}`);
const shortcut = (m: Manifest, id: string) => m.features.shortcuts.find((s) => s.callback_id === id);

describe('the Slack app manifest in the workspace’s language', () => {
  it('is English by default, as before', () => {
    const manifest = slackManifest(specs, undefined);
    expect(manifest).toEqual(slackManifest(specs, undefined, 'en'));
    expect(manifest.display_information.description).toBe('Open models, on your own server');
    expect(command(manifest, 'translate')).toMatchObject({
      description: expect.stringMatching(/^Translate a text into another language/),
      usage_hint: 'text:… to:… from:… auto:…',
    });
    expect(shortcut(manifest, 'describe')?.name).toBe('Describe image');
  });

  it('words descriptions, usage hints and shortcut names in German; command and option names stay canonical', () => {
    const manifest = slackManifest(specs, 'https://bot.example.com', 'de');
    expect(manifest.display_information.description).toBe('Offene Modelle, auf deinem eigenen Server');
    // Slack routes by the command as typed and the skills parse options by name: neither is translated.
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(
      slackManifest(specs, undefined).features.slash_commands.map((c) => c.command),
    );
    expect(command(manifest, 'translate')).toMatchObject({
      description: expect.stringMatching(/^Einen Text in eine andere Sprache übersetzen/),
      usage_hint: 'text:… to:<nach> from:<von> auto:<automatisch>',
      url: 'https://bot.example.com/slack/events',
    });
    expect(command(manifest, 'ask')?.description).toBe('Eine Frage aus der Wissensdatenbank beantworten, mit Quellen');
    expect(shortcut(manifest, 'describe')).toMatchObject({ name: 'Bild beschreiben', callback_id: 'describe' });
    expect(shortcut(manifest, 'translate')).toMatchObject({ name: 'Übersetzen', callback_id: 'translate' });
  });

  it('keeps every text within Slack’s limits in every language, falling back to the English hint when too long', () => {
    for (const locale of ['de', 'fr', 'es', 'pt-BR', 'ja'] as const) {
      const manifest = slackManifest(specs, undefined, locale);
      for (const c of manifest.features.slash_commands) {
        expect(c.description.length).toBeLessThanOrEqual(100);
        expect((c.usage_hint ?? '').length).toBeLessThanOrEqual(100);
      }
      // /kb has eleven options: no translated hint fits, so it is the English one, cut as before.
      expect(command(manifest, 'kb')?.usage_hint).toBe(command(slackManifest(specs, undefined), 'kb')?.usage_hint);
      expect(command(manifest, 'help')?.description).not.toBe('What this bot can do here');
    }
    expect(command(slackManifest(specs, undefined, 'ja'), 'help')?.usage_hint).toBe('command:<コマンド>');
  });
});
