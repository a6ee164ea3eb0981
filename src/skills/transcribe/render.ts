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

/** Made on first use: loading its ICU data was one of the larger items in the server's start profile. */
let languages: Intl.DisplayNames | undefined;

function languageName(code: string): string {
  try {
    languages ??= new Intl.DisplayNames(['en'], { type: 'language' });
    return languages.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A transcript in chat: a header (what, language, length), the text or its first part plus files, buttons. */
export function renderTranscribe(out: TranscribeOutput, locale?: string): SkillReply {
  if (out.kind === 'summary') return { text: `**Summary of the transcript**\n${out.summary}` };
  if (out.kind === 'setting') return { text: t(locale, 'skill.transcribe.autoSet', { mode: out.auto }) };
  const length = clock(out.duration, 'short');
  if (!out.text) return { text: t(locale, 'skill.transcribe.noSpeech', { name: out.name, length }) };
  const language = languageName(out.language);
  const into = out.translatedTo ?? (out.task === 'translate' ? 'en' : undefined);
  const what = into ? `**Translation into ${languageName(into)}** (from ${language})` : `**Transcript** · ${language}`;
  const header = `🗣️ ${what} · ${length} · ${out.name}${out.cached ? ' · transcribed before' : ''}`;
  const notes: string[] = [];
  if (out.cutWindows > 0) {
    notes.push(`⚠️ ${out.cutWindows} part(s) ran past the model's length limit and may end early.`);
  }
  const buttons = out.summarizable
    ? [{ actionId: 'transcribe:summarize', label: 'Summarize', value: out.id, style: 'secondary' as const }]
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
  const rest = `… *(${out.text.length - shown.length} more characters: the whole transcript, with timestamps, is in the attached files)*`;
  return { text: [header, `${shown} ${rest}`, ...notes].join('\n'), files, ...(buttons ? { buttons } : {}) };
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
