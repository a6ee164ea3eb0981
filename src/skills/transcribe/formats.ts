import type { SpeechSegment } from '../../runtime/tasks.js';

/** 83.456 → "00:01:23.456" (WebVTT), or "01:23" for people. */
export function clock(seconds: number, style: 'vtt' | 'short' = 'vtt'): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  if (style === 'short') return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/**
 * WebVTT (W3C): one cue per segment, in order. Cue text may not hold "-->" or a blank line, and "&" and "<" start
 * markup, so they are escaped.
 */
export function toWebVtt(segments: readonly SpeechSegment[]): string {
  const cues = segments.map((s, i) => {
    const text = s.text
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replace(/\n\s*\n/g, '\n');
    return `${i + 1}\n${clock(s.start)} --> ${clock(Math.max(s.start, s.end))}\n${text}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}${cues.length ? '\n' : ''}`;
}

/** A readable text file: each segment on its own line after its start time. */
export function toPlainText(segments: readonly SpeechSegment[]): string {
  return segments.map((s) => `[${clock(s.start, 'short')}] ${s.text}`).join('\n') + (segments.length ? '\n' : '');
}

/** The longest start of `text` within `max` characters that ends at a sentence or, failing that, a word. */
export function firstPart(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const sentence = Math.max(
    head.lastIndexOf('. '),
    head.lastIndexOf('? '),
    head.lastIndexOf('! '),
    head.lastIndexOf('。'),
  );
  if (sentence > max / 2) return head.slice(0, sentence + 1);
  const word = head.lastIndexOf(' ');
  return word > max / 2 ? head.slice(0, word) : head;
}
