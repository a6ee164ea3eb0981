import { t } from '../../i18n/index.js';
import type { SkillReply } from '../skill.js';
import type { AutoTranscribe } from './auto.js';
import { clock, firstPart, toPlainText, toWebVtt } from './formats.js';
import type { Transcript } from './transcribe-audio.js';

/** Longer transcripts show this much inline and come whole as .txt and .vtt files (Discord's limit is 2000). */
export const INLINE_CHARS = 1500;

export type TranscribeOutput =
  | (Transcript & {
      kind: 'transcript';
      /** The cache entry (the summarize button's value). */
      id: string;
      name: string;
      task: 'transcribe' | 'translate';
      /** Set when the transcript was translated by the translator (translate:fr): the language it is now in. */
      translatedTo?: string | undefined;
      cached: boolean;
      summarizable: boolean;
    })
  | { kind: 'summary'; summary: string }
  | { kind: 'setting'; auto: AutoTranscribe };

/** Made on first use, per reader's locale: loading ICU data was one of the larger items in the start profile. */
const languages = new Map<string, Intl.DisplayNames>();

/** A language's name in the reader's language ("French", "Französisch"); the code when there is none. */
function languageName(code: string, locale = 'en'): string {
  try {
    const names = languages.get(locale) ?? new Intl.DisplayNames([locale, 'en'], { type: 'language' });
    languages.set(locale, names);
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A transcript in chat: a header (what, language, length), the text or its first part plus files, buttons. */
export function renderTranscribe(out: TranscribeOutput, locale?: string): SkillReply {
  if (out.kind === 'summary') return { text: `${t(locale, 'skill.transcribe.summaryHeader')}\n${out.summary}` };
  if (out.kind === 'setting') return { text: t(locale, 'skill.transcribe.autoSet', { mode: out.auto }) };
  const length = clock(out.duration, 'short');
  if (!out.text) return { text: t(locale, 'skill.transcribe.noSpeech', { name: out.name, length }) };
  const language = languageName(out.language, locale);
  const into = out.translatedTo ?? (out.task === 'translate' ? 'en' : undefined);
  const what = into
    ? t(locale, 'skill.transcribe.translationHeader', { into: languageName(into, locale), language })
    : t(locale, 'skill.transcribe.transcriptHeader', { language });
  const before = out.cached ? ` · ${t(locale, 'skill.transcribe.transcribedBefore')}` : '';
  const header = `🗣️ ${what} · ${length} · ${out.name}${before}`;
  const notes = out.cutWindows > 0 ? [t(locale, 'skill.transcribe.cutWindows', { count: out.cutWindows })] : [];
  const label = t(locale, 'skill.transcribe.summarize');
  const buttons = out.summarizable
    ? [{ actionId: 'transcribe:summarize', label, value: out.id, style: 'secondary' as const }]
    : undefined;
  if (out.text.length <= INLINE_CHARS) {
    return { text: [header, out.text, ...notes].join('\n'), ...(buttons ? { buttons } : {}) };
  }
  const base = out.name.replace(/\.[^.]+$/, '') || 'transcript';
  const files = [
    { name: `${base}.txt`, contentType: 'text/plain; charset=utf-8', data: utf8(toPlainText(out.segments)) },
    { name: `${base}.vtt`, contentType: 'text/vtt; charset=utf-8', data: utf8(toWebVtt(out.segments)) },
  ];
  const shown = firstPart(out.text, INLINE_CHARS);
  const rest = t(locale, 'skill.transcribe.moreInFiles', { count: out.text.length - shown.length });
  return { text: [header, `${shown} ${rest}`, ...notes].join('\n'), files, ...(buttons ? { buttons } : {}) };
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
