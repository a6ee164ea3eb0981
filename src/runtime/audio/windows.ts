import type { TimeSpan } from '../tasks.js';

export interface WindowOptions {
  /** Longest window in seconds of audio heard (Whisper reads 30 s at a time). */
  maxSeconds?: number;
  /**
   * Longest pause a window keeps between two stretches of speech, in seconds (default 0.5): a longer one is
   * shortened to this, its first and last halves kept around the speech, so a window never carries a long silence
   * (Whisper invents text there) and more speech fits into one 30 s window.
   */
  keptPauseSeconds?: number;
  /** Per-frame speech probabilities (the VAD's), used to split an over-long segment at its quietest point. */
  probabilities?: ArrayLike<number>;
  /** Seconds per probability frame. */
  frameSeconds?: number;
}

/** A transcription window: spans of the audio heard back to back, in order and not overlapping. */
export interface TranscriptionWindow extends TimeSpan {
  /** From the first span's start to the last span's end, in the audio's time; `spans` say what is heard. */
  spans: TimeSpan[];
  /** Seconds heard: the spans' total length (≤ maxSeconds). */
  seconds: number;
}

/**
 * Transcription windows from speech segments, each at most maxSeconds of audio heard. Segments are packed into a
 * window in order while they fit, the pause before each kept whole when it is at most keptPauseSeconds and
 * otherwise shortened to that (the speech on both sides then becomes two spans, joined in mid-pause); a segment
 * longer than maxSeconds is first split at the frame of lowest speech probability in the second half of each
 * maxSeconds stretch (exactly at maxSeconds when no probabilities are given). Windows are in order and do not
 * overlap; every moment of speech is in exactly one window.
 */
export function transcriptionWindows(
  segments: readonly TimeSpan[],
  options: WindowOptions = {},
): TranscriptionWindow[] {
  const max = options.maxSeconds ?? 30;
  const keep = options.keptPauseSeconds ?? 0.5;
  if (!(max > 0)) throw new RangeError('maxSeconds must be positive');
  if (!(keep >= 0)) throw new RangeError('keptPauseSeconds must not be negative');
  const windows: TranscriptionWindow[] = [];
  for (const piece of union(segments).flatMap((s) => split(s, max, options))) {
    const current = windows.at(-1);
    const last = current?.spans.at(-1);
    if (current && last) {
      const gap = piece.start - last.end;
      const kept = Math.min(gap, keep);
      const seconds = current.seconds + kept + (piece.end - piece.start);
      if (seconds <= max) {
        if (gap <= keep) last.end = piece.end;
        else {
          last.end += kept / 2;
          current.spans.push({ start: piece.start - kept / 2, end: piece.end });
        }
        current.end = piece.end;
        current.seconds = seconds;
        continue;
      }
    }
    windows.push({ ...piece, spans: [{ ...piece }], seconds: piece.end - piece.start });
  }
  return windows;
}

/** The samples a window hears (its spans back to back), at most `maxSamples`. */
export function windowSamples(samples: Float32Array, window: TranscriptionWindow, rate: number, maxSamples: number) {
  const ranges = window.spans.map((s) => [
    Math.max(0, Math.round(s.start * rate)),
    Math.min(samples.length, Math.round(s.end * rate)),
  ]);
  const total = Math.min(
    maxSamples,
    ranges.reduce((sum, [from = 0, to = 0]) => sum + Math.max(0, to - from), 0),
  );
  const out = new Float32Array(total);
  let at = 0;
  for (const [from = 0, to = 0] of ranges) {
    const part = samples.subarray(from, Math.max(from, Math.min(to, from + total - at)));
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Where a moment of a window's audio (seconds from its start) is in the whole audio. A moment at the junction of
 * two spans is the end of the first, or the start of the second when `startOfSomething` (a segment's start).
 */
export function audioTime(window: TranscriptionWindow, t: number, startOfSomething = false): number {
  let offset = 0;
  for (const span of window.spans) {
    const length = span.end - span.start;
    const inside = startOfSomething ? t < offset + length : t <= offset + length;
    if (inside) return span.start + Math.max(0, t - offset);
    offset += length;
  }
  return window.end;
}

/** Valid segments in order, overlapping ones joined. */
function union(segments: readonly TimeSpan[]): TimeSpan[] {
  const sorted = segments
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start)
    .map((s) => ({ start: s.start, end: s.end }))
    .sort((a, b) => a.start - b.start);
  const joined: TimeSpan[] = [];
  for (const s of sorted) {
    const last = joined.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else joined.push(s);
  }
  return joined;
}

/** Cuts one segment into pieces of at most `max` seconds, each cut at the quietest frame it may fall on. */
function split(segment: TimeSpan, max: number, options: WindowOptions): TimeSpan[] {
  const pieces: TimeSpan[] = [];
  let { start } = segment;
  while (segment.end - start > max) {
    const cut = quietestPoint(start + max / 2, start + max, options) ?? start + max;
    pieces.push({ start, end: cut });
    start = cut;
  }
  pieces.push({ start, end: segment.end });
  return pieces;
}

/** The middle of the lowest-probability frame lying wholly within [from, to] (the latest of equals). */
function quietestPoint(from: number, to: number, options: WindowOptions): number | undefined {
  const { probabilities, frameSeconds } = options;
  if (!probabilities || !frameSeconds || !(frameSeconds > 0)) return undefined;
  let best: number | undefined;
  let bestP = Number.POSITIVE_INFINITY;
  const last = Math.min(probabilities.length, Math.floor(to / frameSeconds)) - 1;
  for (let i = Math.ceil(from / frameSeconds); i <= last; i++) {
    const p = probabilities[i] ?? 1;
    if (p <= bestP) {
      bestP = p;
      best = i;
    }
  }
  return best === undefined ? undefined : (best + 0.5) * frameSeconds;
}
