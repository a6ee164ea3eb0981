import { describe, expect, it } from 'vitest';
import { CATALOGUES, LOCALES, type Locale, type MessageKey, t } from '../../src/i18n/index.js';
import { formatExactly, messageArguments } from '../../src/i18n/messages.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createClassifySkill } from '../../src/skills/classify/index.js';
import { renderDescribe } from '../../src/skills/describe/render.js';
import { renderImagine } from '../../src/skills/imagine/render.js';
import { summaryHeader } from '../../src/skills/summarize/index.js';
import { renderTranscribe } from '../../src/skills/transcribe/render.js';

/**
 * Sample arguments for every argument `message` takes: numbers as `count`, the rest as strings that can be found
 * again. A select's sample matches none of its cases, so its `other` branch is taken. `shown`: the arguments
 * written out as they are, which must appear in the text.
 */
function samples(message: string, count: number): { args: Record<string, string | number>; shown: string[] } {
  const args: Record<string, string | number> = {};
  const shown: string[] = [];
  for (const entry of messageArguments(message)) {
    const [name = '', kind] = entry.split(':');
    args[name] = kind === 'number' || kind === 'plural' ? count : `‹${name}›`;
    if (kind === 'string') shown.push(name);
  }
  return { args, shown };
}

describe('every message of every catalogue formats', () => {
  const keys = Object.keys(CATALOGUES.en) as MessageKey[];

  it.each([...LOCALES])('%s: with one and with many, no argument left unformatted or dropped', (locale: Locale) => {
    const problems: string[] = [];
    for (const key of keys) {
      const message = CATALOGUES[locale][key];
      for (const count of [1, 3]) {
        const { args, shown } = samples(CATALOGUES.en[key], count);
        let text: string;
        try {
          text = formatExactly(message, locale, args);
        } catch (error) {
          problems.push(`${key}: ${(error as Error).message}`);
          continue;
        }
        if (/\{\s*[\w-]+\s*(,[^}]*)?\}/.test(text)) problems.push(`${key}: left an argument unformatted: ${text}`);
        for (const name of shown) {
          if (!text.includes(`‹${name}›`)) problems.push(`${key}: dropped {${name}}: ${text}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('words skill refusals with ICU plurals, numbers and selects per language', () => {
    expect(t('de', 'skill.imagine.dailyQuota', { quota: 1, wait: '3 h' })).toContain('1 Bild erstellt');
    expect(t('en', 'skill.imagine.dailyQuota', { quota: 20, wait: '3 h' })).toContain('your 20 images');
    expect(t('de', 'skill.transcribe.tooLarge', { name: 'a.ogg', size: 12.5, max: 8 })).toBe(
      'a.ogg ist 12,5 MiB groß; ich nehme Dateien bis 8 MiB',
    );
    expect(t('fr', 'skill.summarize.nothing', { where: 'thread' })).toContain('dans ce fil');
    expect(t('ja', 'skill.moderation.alreadyDecided', { number: '7', status: 'upheld' })).toBe(
      'ケース #7 はすでに維持です',
    );
    expect(t('en', 'skill.moderation.ruleChangeSyntax')).toContain('"<n> threshold 0.8"');
    expect(t('en', 'skill.describe.autoSet', { mode: 'alt' })).toBe(
      '✅ Automatic image descriptions: images posted here without a description get a short machine-written description.',
    );
    expect(t('de', 'skill.transcribe.autoSet', { mode: 'off' })).toMatch(
      /^✅ Automatische Transkription: hier wird nichts/,
    );
  });

  it('renders a skill’s own notice in the reader’s language, and English without one', () => {
    const silent = {
      kind: 'transcript' as const,
      id: 't1',
      name: 'memo.ogg',
      task: 'transcribe' as const,
      cached: false,
      summarizable: false,
      text: '',
      language: 'de',
      duration: 10,
      segments: [],
      speechSeconds: 0,
      cutWindows: 0,
    };
    expect(renderTranscribe(silent, 'de').text).toBe('🔇 In **memo.ogg** (0:10) habe ich keine Sprache gehört.');
    expect(renderTranscribe(silent).text).toBe('🔇 I heard no speech in **memo.ogg** (0:10).');
  });

  it('words a transcript’s header, notes, button and language names in the reader’s language', () => {
    const heard = {
      kind: 'transcript' as const,
      id: 't2',
      name: 'memo.ogg',
      task: 'transcribe' as const,
      translatedTo: 'fr',
      cached: true,
      summarizable: true,
      text: 'Bonjour à tous',
      language: 'de',
      duration: 10,
      segments: [{ start: 0, end: 2, text: 'Bonjour à tous' }],
      speechSeconds: 2,
      cutWindows: 2,
    };
    const german = renderTranscribe(heard, 'de');
    expect(german.text).toContain(
      '**Übersetzung: Französisch** (Original: Deutsch) · 0:10 · memo.ogg · bereits transkribiert',
    );
    expect(german.text).toContain('2 Teile waren länger');
    expect(german.buttons?.[0]?.label).toBe('Zusammenfassen');
    const english = renderTranscribe({ ...heard, translatedTo: undefined, cached: false, cutWindows: 1 });
    expect(english.text).toContain('**Transcript** · German · 0:10 · memo.ogg\nBonjour à tous');
    expect(english.text).toContain('1 part ran past');
    expect(english.buttons?.[0]?.label).toBe('Summarize');
    expect(renderTranscribe({ kind: 'summary', summary: 'Kurz.' }, 'ja').text).toBe('**文字起こしの要約**\nKurz.');
  });
  it('words summary headers and image descriptions in the reader’s language', () => {
    expect(summaryHeader({ source: 'thread', messages: 3, windows: 1 }, 'de')).toBe(
      '**Zusammenfassung dieses Threads** (3 Nachrichten)',
    );
    expect(summaryHeader({ source: 'channel', messages: 1, windows: 1 })).toBe(
      '**Summary of the last 1 message in this channel**',
    );
    expect(summaryHeader({ source: 'text', messages: 0, windows: 2 }, 'fr')).toBe('**Résumé** (lu en 2 parties)');
    const model = { repo: 'r', revision: 'v' };
    const image = {
      kind: 'description' as const,
      name: 'leaf.png',
      caption: '',
      objects: [],
      labels: [],
      width: 160,
      height: 120,
      model: { captioner: model, detector: model, classifier: model },
    };
    expect(renderDescribe(image, 'fr').text).toBe(
      [
        '🖼️ **Description de l’image** (rédigée par une machine) · leaf.png · 160×120',
        '> (pas de légende)',
        '**Ressemble à :** rien que je connaisse',
        '**Objets :** aucun trouvé',
      ].join('\n'),
    );
    expect(renderDescribe(image).text).toContain('**Looks like:** nothing I know\n**Objects:** none found');
  });
  it('words an image’s caption and buttons in the reader’s language, the prompt kept as given', () => {
    const image = {
      png: new Uint8Array(),
      seed: 1234567,
      width: 512,
      height: 512,
      steps: 1,
      prompt: 'ein {roter} Fuchs',
      model: { repo: 'r', revision: 'v' },
      license: 'l',
      ref: 'abc',
      hidden: true,
      safety: { model: 'm', label: 'nsfw', score: 0.97, flagged: true },
    };
    const german = renderImagine(image as Parameters<typeof renderImagine>[0], 'de');
    expect(german.text).toBe(
      '⚠️ Von der Bild-Sicherheitsprüfung markiert (nsfw 0.97)\n🎨 „ein {roter} Fuchs“ · Seed 1234567 · 512×512 · 1 Schritt',
    );
    expect(german.buttons?.map((b) => b.label)).toEqual(['🎲 Neu würfeln', 'ℹ️ Info', '🗑️ Löschen']);
    const english = renderImagine({ ...image, hidden: false, steps: 4 } as Parameters<typeof renderImagine>[0]);
    expect(english.text).toBe('🎨 “ein {roter} Fuchs” · seed 1234567 · 512×512 · 4 steps');
  });
  it('words the classification header in the reader’s language', () => {
    // render reads only the output: no runtime is called.
    const skill = createClassifySkill({} as Runtime, DEFAULT_MODELS.nli);
    const out = { scores: [{ label: 'sport', score: 0.9 }], multi_label: true, model: { repo: 'r', revision: 'v' } };
    expect(skill.render(out, 'es').text).toMatch(
      /^\*\*Clasificado\*\* \(cada etiqueta por separado\)\n`0\.900` `sport`/,
    );
    expect(skill.render({ ...out, multi_label: false }).text).toMatch(
      /^\*\*Classified\*\* \(one distribution over the labels\)/,
    );
  });
});
