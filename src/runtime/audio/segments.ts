import type { TimeSpan } from '../tasks.js';

export interface SegmentOptions {
  /** Seconds per probability frame (512 samples at 16 kHz: 0.032). */
  frameSeconds: number;
  /** Length of the audio in seconds: segments never end after it. */
  duration: number;
  threshold?: number;
  negThreshold?: number;
  minSpeechMs?: number;
  minSilenceMs?: number;
  speechPadMs?: number;
}

/**
 * Speech segments from per-frame speech probabilities, with Silero's hysteresis (as in its get_speech_timestamps):
 * speech starts at a frame ≥ threshold, ends once frames stay below negThreshold for minSilenceMs, segments shorter
 * than minSpeechMs are dropped, and each is padded by speechPadMs (split evenly when two are closer than that).
 */
export function speechSegments(probabilities: ArrayLike<number>, options: SegmentOptions): TimeSpan[] {
  const { frameSeconds, duration } = options;
  const threshold = options.threshold ?? 0.5;
  const negThreshold = options.negThreshold ?? Math.max(threshold - 0.15, 0.01);
  const minSpeech = (options.minSpeechMs ?? 250) / 1000;
  const minSilence = (options.minSilenceMs ?? 100) / 1000;
  const pad = (options.speechPadMs ?? 30) / 1000;

  const speeches: TimeSpan[] = [];
  let start: number | undefined;
  let silenceStart: number | undefined;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] ?? 0;
    const t = i * frameSeconds;
    if (p >= threshold) {
      silenceStart = undefined;
      start ??= t;
      continue;
    }
    if (start === undefined || p >= negThreshold) continue;
    silenceStart ??= t;
    if (t - silenceStart < minSilence) continue;
    if (silenceStart - start > minSpeech) speeches.push({ start, end: silenceStart });
    start = undefined;
    silenceStart = undefined;
  }
  if (start !== undefined && duration - start > minSpeech) speeches.push({ start, end: duration });

  for (let i = 0; i < speeches.length; i++) {
    const speech = speeches[i] as TimeSpan;
    const next = speeches[i + 1];
    if (i === 0) speech.start = Math.max(0, speech.start - pad);
    if (!next) {
      speech.end = Math.min(duration, speech.end + pad);
      continue;
    }
    const silence = next.start - speech.end;
    const grow = silence < 2 * pad ? silence / 2 : pad;
    speech.end += grow;
    next.start = Math.max(0, next.start - grow);
  }
  return speeches.map(({ start, end }) => ({ start: round(start), end: round(end) }));
}

/** Milliseconds are plenty: avoids 0.30000000000000004 in outputs and tests. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
