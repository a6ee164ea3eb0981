import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { translateText } from '../translate/translate-text.js';
import type { Transcript } from './transcribe-audio.js';

/**
 * What `translate:` asks for: true, "true" or "en" is Whisper's own translation into English; another language
 * code chains Whisper (transcribing in the spoken language) and the translator; false, "false" or "" is none.
 */
export function translationTarget(value: boolean | string | undefined): string | undefined {
  if (value === true) return 'en';
  if (value === undefined || value === false) return undefined;
  const code = value.trim().toLowerCase();
  if (code === '' || code === 'false') return undefined;
  return code === 'true' ? 'en' : code;
}

/**
 * A transcript in another language, segment by segment (the timestamps stay true for WebVTT), from the language
 * Whisper heard. The transcript as it is when it is already in that language.
 */
export async function translatedTranscript<T extends Transcript>(
  runtime: Runtime,
  translator: ModelSpec,
  transcript: T,
  to: string,
  signal: AbortSignal,
): Promise<T & { translatedTo: string }> {
  if (transcript.language === to || !transcript.text) return { ...transcript, translatedTo: to };
  const segments = [];
  for (const segment of transcript.segments) {
    const out = await translateText(runtime, translator, segment.text, { from: transcript.language, to, signal });
    segments.push({ ...segment, text: out.text });
  }
  return { ...transcript, segments, text: segments.map((s) => s.text).join(' '), translatedTo: to };
}
