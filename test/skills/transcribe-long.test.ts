import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { decodeAudio } from '../../src/runtime/audio/decode.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { LocalRuntime } from '../../src/runtime/runtime.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import { renderTranscribe } from '../../src/skills/transcribe/render.js';
import { transcribeAudio, WINDOWS_PER_RUN } from '../../src/skills/transcribe/transcribe-audio.js';
import { joined, played, silence } from '../fixtures/audio/tones.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { testPool } from '../runtime/fixture-pool.js';

const whisper = { ...DEFAULT_MODELS.whisper };
const vad = { ...DEFAULT_MODELS.vad };

/** The speech clip played at four speeds, which the Whisper fixture hears as four words (higher pitch, later word). */
const PITCHES = [
  { rate: 0.7, word: 'cannon' },
  { rate: 1, word: 'doubloon' },
  { rate: 1.6, word: 'ensign' },
  { rate: 2, word: 'flag' },
] as const;

/** `seconds` of the clip at the four pitches in turn, `pauseSec` apart: the audio, and each clip's start and word. */
function pitchedRepeats(clip: Float32Array, seconds: number, pauseSec: number) {
  const variants = PITCHES.map((p) => ({ samples: played(clip, p.rate), word: p.word }));
  const parts: Float32Array[] = [];
  const clips: { start: number; word: string }[] = [];
  let at = 0;
  for (let i = 0; ; i++) {
    const variant = variants[i % variants.length];
    if (!variant || at + variant.samples.length / 16_000 > seconds) break;
    clips.push({ start: at, word: variant.word });
    parts.push(variant.samples, silence(pauseSec));
    at += variant.samples.length / 16_000 + pauseSec;
  }
  const audio = new Float32Array(seconds * 16_000);
  audio.set(joined(...parts).subarray(0, audio.length));
  return { audio, clips };
}

/**
 * 20 minutes of speech and pauses through VAD and Whisper (fixture), window by window with progress. The clips
 * come at four pitches in turn, which the fixture hears as four words: the transcript has each clip's word at
 * its time, so every window was read, in order, with its own audio and offset.
 */
describe('a 20-minute recording', () => {
  const dir = tempDir('omb-long-');
  writeFixtures(dir, { only: ['whisper'] });
  const store = new ModelStore({
    modelsDir: dir,
    endpoint: 'http://127.0.0.1:9',
    offline: true,
    log: createLogger('silent'),
  });
  const runtime = new LocalRuntime(store, testPool({ threadsPerWorker: 2 }));
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is transcribed window by window with progress, into a .vtt whose cues are in order', async () => {
    const clip = (await decodeAudio(readFileSync('test/fixtures/audio/speech.ogg'))).samples;
    const { audio, clips } = pitchedRepeats(clip, 20 * 60, 1.2);
    const progress: [number, number][] = [];
    const transcript = await transcribeAudio(runtime, { whisper, vad }, audio, {
      task: 'transcribe',
      onProgress: (done, total) => progress.push([done, total]),
    });

    const total = progress[0]?.[1] ?? 0;
    expect(total).toBeGreaterThan(30); // ≤ 30 s windows over 20 minutes
    expect(progress).toHaveLength(Math.ceil(total / WINDOWS_PER_RUN));
    expect(progress.at(-1)).toEqual([total, total]);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
    expect(transcript.language).toBe('en');
    expect(transcript.duration).toBeCloseTo(1200, 0);
    expect(transcript.segments.map((s) => s.text)).toEqual(clips.map((c) => c.word));
    transcript.segments.forEach((s, i) => {
      expect(Math.abs(s.start - (clips[i]?.start ?? 0)), `segment ${i}`).toBeLessThan(0.1);
    });
    expect(transcript.text.startsWith('cannon doubloon ensign flag cannon')).toBe(true);

    const reply = renderTranscribe({
      ...transcript,
      kind: 'transcript',
      id: 'x',
      name: 'meeting.ogg',
      task: 'transcribe',
      cached: false,
      summarizable: false,
    });
    expect(reply.text).toMatch(/more characters: the whole transcript, with timestamps, is in the attached files/);
    const vtt = new TextDecoder().decode(reply.files?.find((f) => f.name === 'meeting.vtt')?.data);
    const times = [...vtt.matchAll(/^(\d\d):(\d\d):(\d\d\.\d{3}) --> (\d\d):(\d\d):(\d\d\.\d{3})$/gm)].map((m) => [
      Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]),
      Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6]),
    ]);
    expect(times).toHaveLength(transcript.segments.length);
    let last = 0;
    for (const [start = 0, end = 0] of times) {
      expect(start).toBeGreaterThanOrEqual(last);
      expect(end).toBeGreaterThanOrEqual(start);
      expect(end).toBeLessThanOrEqual(1200);
      last = end;
    }
    expect(last).toBeGreaterThan(1150);
    const txt = new TextDecoder().decode(reply.files?.find((f) => f.name === 'meeting.txt')?.data);
    expect(txt.split('\n').filter(Boolean)).toHaveLength(transcript.segments.length);
  }, 180_000);
});
