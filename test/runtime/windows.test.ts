import { describe, expect, it } from 'vitest';
import { speechSegments } from '../../src/runtime/audio/segments.js';
import { transcriptionWindows } from '../../src/runtime/audio/windows.js';

/** Per-frame probabilities from a pattern: '#' speech (0.9), '-' silence (0.05), '~' in between (0.4). */
function frames(pattern: string): Float32Array {
  return Float32Array.from(pattern, (c) => (c === '#' ? 0.9 : c === '~' ? 0.4 : 0.05));
}

describe('speechSegments (Silero hysteresis)', () => {
  // 0.1 s frames keep the arithmetic readable.
  const opts = { frameSeconds: 0.1, speechPadMs: 0 };

  it('finds nothing in silence and one segment in steady speech', () => {
    expect(speechSegments(frames('----------'), { ...opts, duration: 1 })).toEqual([]);
    expect(speechSegments(frames('--#####---'), { ...opts, duration: 1 })).toEqual([{ start: 0.2, end: 0.7 }]);
  });

  it('drops speech shorter than minSpeechMs', () => {
    expect(speechSegments(frames('--##------'), { ...opts, duration: 1 })).toEqual([]);
    expect(speechSegments(frames('--##------'), { ...opts, duration: 1, minSpeechMs: 100 })).toEqual([
      { start: 0.2, end: 0.4 },
    ]);
  });

  it('bridges pauses shorter than minSilenceMs and splits at longer ones', () => {
    const p = frames('-####-####---####----');
    expect(speechSegments(p, { ...opts, duration: 2.1, minSilenceMs: 150 })).toEqual([
      { start: 0.1, end: 1 },
      { start: 1.3, end: 1.7 },
    ]);
    expect(speechSegments(p, { ...opts, duration: 2.1, minSilenceMs: 0 })).toHaveLength(3);
  });

  it('keeps speech going while the probability stays between the two thresholds', () => {
    expect(speechSegments(frames('-###~~~~###--'), { ...opts, duration: 1.3 })).toEqual([{ start: 0.1, end: 1.1 }]);
    // '~' (0.4) is below 0.5 but above the negative threshold (0.35): it never starts speech by itself.
    expect(speechSegments(frames('--~~~~~~--'), { ...opts, duration: 1 })).toEqual([]);
  });

  it('runs to the end of the audio when speech has not stopped', () => {
    expect(speechSegments(frames('---#####'), { ...opts, duration: 0.8 })).toEqual([{ start: 0.3, end: 0.8 }]);
  });

  it('pads segments, clamped to the audio, and splits the pad when two segments are close', () => {
    const p = frames('####----####-####');
    expect(speechSegments(p, { frameSeconds: 0.1, duration: 1.7, minSilenceMs: 0, speechPadMs: 100 })).toEqual([
      { start: 0, end: 0.5 },
      { start: 0.7, end: 1.25 },
      { start: 1.25, end: 1.7 },
    ]);
  });
});

describe('transcriptionWindows', () => {
  it('returns nothing for no speech', () => {
    expect(transcriptionWindows([])).toEqual([]);
  });

  it('merges nearby segments while the window stays within 30 s', () => {
    const segments = [
      { start: 1, end: 5 },
      { start: 6, end: 12 },
      { start: 12.5, end: 29 },
      { start: 30, end: 40 },
      { start: 41, end: 45 },
    ];
    expect(transcriptionWindows(segments)).toEqual([
      { start: 1, end: 29 },
      { start: 30, end: 45 },
    ]);
  });

  it('does not carry a long silence inside a window', () => {
    const segments = [
      { start: 0, end: 3 },
      { start: 10, end: 12 },
    ];
    expect(transcriptionWindows(segments)).toEqual(segments);
    expect(transcriptionWindows(segments, { maxGapSeconds: Number.POSITIVE_INFINITY })).toEqual([
      { start: 0, end: 12 },
    ]);
  });

  it('splits a segment longer than 30 s at its quietest frame', () => {
    const frameSeconds = 0.5;
    const probabilities = new Float32Array(160).fill(0.9); // 80 s of speech
    probabilities[44] = 0.2; // a breath at 22–22.5 s
    probabilities[100] = 0.3; // and at 50–50.5 s
    const windows = transcriptionWindows([{ start: 0, end: 80 }], { probabilities, frameSeconds });
    expect(windows).toEqual([
      { start: 0, end: 22.25 },
      { start: 22.25, end: 50.25 },
      { start: 50.25, end: 80 },
    ]);
  });

  it('cuts at exactly 30 s when there are no probabilities, and every window is ≤ 30 s', () => {
    const windows = transcriptionWindows([{ start: 5, end: 100 }]);
    expect(windows).toEqual([
      { start: 5, end: 35 },
      { start: 35, end: 65 },
      { start: 65, end: 95 },
      { start: 95, end: 100 },
    ]);
  });

  it('never returns a window over the limit, out of order or overlapping, whatever the input', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 50; run++) {
      const segments = Array.from({ length: 20 }, () => {
        const start = random() * 600;
        return { start, end: start + random() * 70 };
      });
      const probabilities = Float32Array.from({ length: 700 * 32 }, () => random());
      const windows = transcriptionWindows(segments, { probabilities, frameSeconds: 0.032, maxSeconds: 30 });
      windows.forEach((w, i) => {
        expect(w.end - w.start).toBeLessThanOrEqual(30 + 1e-9);
        expect(w.end).toBeGreaterThan(w.start);
        if (i > 0) expect(w.start).toBeGreaterThanOrEqual(windows[i - 1]?.end ?? 0);
      });
      // All the speech is covered.
      for (const s of segments) {
        for (const t of [s.start, (s.start + s.end) / 2, s.end]) {
          expect(windows.some((w) => w.start - 1e-9 <= t && t <= w.end + 1e-9)).toBe(true);
        }
      }
    }
  });

  it('joins overlapping segments and ignores empty ones', () => {
    expect(
      transcriptionWindows([
        { start: 4, end: 8 },
        { start: 2, end: 5 },
        { start: 9, end: 9 },
      ]),
    ).toEqual([{ start: 2, end: 8 }]);
  });
});
