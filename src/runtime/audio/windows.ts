import type { TimeSpan } from '../tasks.js';

export interface WindowOptions {
  /** Longest window in seconds (Whisper reads 30 s at a time). */
  maxSeconds?: number;
  /** Segments further apart than this are not merged, so a window never carries a long silence (default 2). */
  maxGapSeconds?: number;
  /** Per-frame speech probabilities (the VAD's), used to split an over-long segment at its quietest point. */
  probabilities?: ArrayLike<number>;
  /** Seconds per probability frame. */
  frameSeconds?: number;
}

/**
 * Transcription windows from speech segments: each at most maxSeconds long and cut at pauses. Nearby segments
 * (gap ≤ maxGapSeconds) are merged while the window stays within maxSeconds; a segment longer than maxSeconds is
 * split at the frame of lowest speech probability in the second half of each maxSeconds stretch (exactly at
 * maxSeconds when no probabilities are given). Windows are in order and do not overlap.
 */
export function transcriptionWindows(segments: readonly TimeSpan[], options: WindowOptions = {}): TimeSpan[] {
  const max = options.maxSeconds ?? 30;
  const maxGap = options.maxGapSeconds ?? 2;
  if (!(max > 0)) throw new RangeError('maxSeconds must be positive');
  const pieces = union(segments).flatMap((s) => split(s, max, options));
  const windows: TimeSpan[] = [];
  for (const piece of pieces) {
    const current = windows.at(-1);
    if (current && piece.start - current.end <= maxGap && piece.end - current.start <= max) current.end = piece.end;
    else windows.push({ ...piece });
  }
  return windows;
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
