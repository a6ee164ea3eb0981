import { describe, expect, it } from 'vitest';
import { speechSegments } from '../../src/runtime/audio/segments.js';
import {
  audioTime,
  type TranscriptionWindow,
  transcriptionWindows,
  windowSamples,
} from '../../src/runtime/audio/windows.js';

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

/** Where each window starts and ends in the recording. */
const bounds = (windows: TranscriptionWindow[]) => windows.map(({ start, end }) => ({ start, end }));

describe('transcriptionWindows', () => {
  it('returns nothing for no speech', () => {
    expect(transcriptionWindows([])).toEqual([]);
  });

  it('packs segments while the window stays within 30 s heard, pauses over 0.5 s shortened to 0.5 s', () => {
    const segments = [
      { start: 1, end: 5 },
      { start: 6, end: 12 },
      { start: 12.5, end: 29 },
      { start: 30, end: 40 },
      { start: 41, end: 45 },
    ];
    expect(transcriptionWindows(segments)).toEqual([
      {
        start: 1,
        end: 29,
        // 4 s, a 1 s pause heard as 0.5 s (its first and last quarter second), 6 s, a 0.5 s pause kept, 16.5 s.
        spans: [
          { start: 1, end: 5.25 },
          { start: 5.75, end: 29 },
        ],
        seconds: 27.5,
      },
      {
        start: 30,
        end: 45,
        spans: [
          { start: 30, end: 40.25 },
          { start: 40.75, end: 45 },
        ],
        seconds: 14.5,
      },
    ]);
  });

  it('never carries a long silence: it is shortened, so speech far apart shares a window', () => {
    const segments = [
      { start: 0, end: 3 },
      { start: 10, end: 12 },
      { start: 200, end: 201 },
    ];
    expect(transcriptionWindows(segments)).toEqual([
      {
        start: 0,
        end: 201,
        spans: [
          { start: 0, end: 3.25 },
          { start: 9.75, end: 12.25 },
          { start: 199.75, end: 201 },
        ],
        seconds: 7,
      },
    ]);
    // keptPauseSeconds 0: speech only, back to back; a longer limit keeps more of each pause.
    expect(transcriptionWindows(segments, { keptPauseSeconds: 0 })[0]?.seconds).toBe(6);
    expect(transcriptionWindows(segments, { keptPauseSeconds: 2 })[0]?.spans[1]).toEqual({ start: 9, end: 13 });
  });

  it('splits a segment longer than 30 s at its quietest frame', () => {
    const frameSeconds = 0.5;
    const probabilities = new Float32Array(160).fill(0.9); // 80 s of speech
    probabilities[44] = 0.2; // a breath at 22–22.5 s
    probabilities[100] = 0.3; // and at 50–50.5 s
    const windows = transcriptionWindows([{ start: 0, end: 80 }], { probabilities, frameSeconds });
    expect(bounds(windows)).toEqual([
      { start: 0, end: 22.25 },
      { start: 22.25, end: 50.25 },
      { start: 50.25, end: 80 },
    ]);
    expect(windows.map((w) => w.spans.length)).toEqual([1, 1, 1]);
  });

  it('cuts at exactly 30 s when there are no probabilities, and every window is ≤ 30 s', () => {
    const windows = transcriptionWindows([{ start: 5, end: 100 }]);
    expect(bounds(windows)).toEqual([
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
      const keptPauseSeconds = random() * 2;
      const windows = transcriptionWindows(segments, {
        probabilities,
        frameSeconds: 0.032,
        maxSeconds: 30,
        keptPauseSeconds,
      });
      const spans = windows.flatMap((w) => w.spans);
      windows.forEach((w) => {
        const heard = w.spans.reduce((sum, s) => sum + (s.end - s.start), 0);
        expect(w.seconds).toBeCloseTo(heard, 9);
        expect(w.seconds).toBeLessThanOrEqual(30 + 1e-9);
        expect(w.start).toBe(w.spans[0]?.start);
        expect(w.end).toBe(w.spans.at(-1)?.end);
      });
      spans.forEach((s, i) => {
        expect(s.end).toBeGreaterThan(s.start);
        if (i > 0) expect(s.start).toBeGreaterThanOrEqual(spans[i - 1]?.end ?? 0);
      });
      // All the speech is heard.
      for (const s of segments) {
        for (const t of [s.start, (s.start + s.end) / 2, s.end]) {
          expect(spans.some((w) => w.start - 1e-9 <= t && t <= w.end + 1e-9)).toBe(true);
        }
      }
    }
  });

  it('joins overlapping segments and ignores empty ones', () => {
    expect(
      bounds(
        transcriptionWindows([
          { start: 4, end: 8 },
          { start: 2, end: 5 },
          { start: 9, end: 9 },
        ]),
      ),
    ).toEqual([{ start: 2, end: 8 }]);
  });
});

describe('a window heard back to back', () => {
  const window: TranscriptionWindow = {
    start: 1,
    end: 12,
    spans: [
      { start: 1, end: 3 },
      { start: 10, end: 12 },
    ],
    seconds: 4,
  };

  it("has its spans' samples, in order, at most maxSamples", () => {
    const samples = Float32Array.from({ length: 13 }, (_, i) => i);
    expect([...windowSamples(samples, window, 1, 30)]).toEqual([1, 2, 10, 11]);
    expect([...windowSamples(samples, window, 1, 3)]).toEqual([1, 2, 10]);
  });

  it("maps its times back to the recording's, a junction to the end of one span or the start of the next", () => {
    expect(audioTime(window, 0)).toBe(1);
    expect(audioTime(window, 1.5)).toBe(2.5);
    expect(audioTime(window, 2)).toBe(3);
    expect(audioTime(window, 2, true)).toBe(10);
    expect(audioTime(window, 3.5)).toBe(11.5);
    expect(audioTime(window, 9)).toBe(12);
  });
});
