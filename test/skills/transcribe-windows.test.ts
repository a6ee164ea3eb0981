import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { decodeAudio } from '../../src/runtime/audio/decode.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import type { ModelSpec } from '../../src/runtime/models.js';
import type { RunOptions } from '../../src/runtime/pool.js';
import { LocalRuntime } from '../../src/runtime/runtime.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import type { SpeechInput, TaskInput, TaskName, TaskOutput } from '../../src/runtime/tasks.js';
import { transcribeAudio } from '../../src/skills/transcribe/transcribe-audio.js';
import { joined, played, silence } from '../fixtures/audio/tones.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { testPool } from '../runtime/fixture-pool.js';

const whisper = { ...DEFAULT_MODELS.whisper };
const vad = { ...DEFAULT_MODELS.vad };

/** What Whisper was asked to read: the samples of each window, per request. */
class RecordingRuntime extends LocalRuntime {
  readonly heard: number[][] = [];

  override run<T extends TaskName>(
    spec: ModelSpec & { task: T },
    input: TaskInput<T>,
    options?: RunOptions,
  ): Promise<TaskOutput<T>> {
    const windows = (input as Partial<SpeechInput>).windows;
    if (spec.task === 'automatic-speech-recognition' && windows) this.heard.push(windows.map((w) => w.length));
    return super.run(spec, input, options);
  }
}

/**
 * Long pauses are shortened in what Whisper hears, so speech far apart shares one window; the transcript's times
 * are still the recording's. The clip played at four speeds is four words to the listening fixture, which writes
 * each with the time it hears it: a word at its clip's real start shows the window's times were mapped back.
 */
describe('windows with long pauses shortened', () => {
  const dir = tempDir('omb-windows-');
  writeFixtures(dir, { only: ['whisper'] });
  const store = new ModelStore({
    modelsDir: dir,
    endpoint: 'http://127.0.0.1:9',
    offline: true,
    log: createLogger('silent'),
  });
  const runtime = new RecordingRuntime(store, testPool({ threadsPerWorker: 2 }));
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads 4 words 6–9 s apart in one window, each at its time in the recording', async () => {
    const clip = (await decodeAudio(readFileSync('test/fixtures/audio/speech.ogg'))).samples;
    const parts = [
      { samples: played(clip, 0.7), word: 'cannon', pause: 6 },
      { samples: played(clip, 1), word: 'doubloon', pause: 1.2 },
      { samples: played(clip, 1.6), word: 'ensign', pause: 9 },
      { samples: played(clip, 2), word: 'flag', pause: 1 },
    ];
    const starts: number[] = [];
    let at = 0.5;
    for (const p of parts) {
      starts.push(at);
      at += p.samples.length / 16_000 + p.pause;
    }
    const audio = joined(silence(0.5), ...parts.flatMap((p) => [p.samples, silence(p.pause)]));
    const progress: [number, number][] = [];
    const transcript = await transcribeAudio(runtime, { whisper, vad }, audio, {
      task: 'transcribe',
      language: 'en',
      onProgress: (done, total) => progress.push([done, total]),
    });

    // Pauses of more than 2 s used to end a window: this was three windows of Whisper's 30 s each.
    expect(progress).toEqual([[1, 1]]);
    expect(runtime.heard).toHaveLength(1);
    const heard = runtime.heard[0]?.[0] ?? 0;
    const speech = parts.reduce((sum, p) => sum + p.samples.length, 0);
    // The speech (with VAD's padding) and three pauses of at most 0.5 s, not the 17.2 s of pauses.
    expect(heard).toBeGreaterThan(speech);
    expect(heard).toBeLessThan(speech + 16_000 * 2);
    expect(transcript.speechSeconds).toBeCloseTo(heard / 16_000, 2);

    expect(transcript.segments.map((s) => s.text)).toEqual(parts.map((p) => p.word));
    transcript.segments.forEach((s, i) => {
      expect(Math.abs(s.start - (starts[i] ?? 0)), `start of ${s.text}`).toBeLessThan(0.1);
      // The clip ends with a quiet breath the fixture does not hear: the word ends in its last half second.
      const clipEnd = (starts[i] ?? 0) + (parts[i]?.samples.length ?? 0) / 16_000;
      expect(s.end, `end of ${s.text}`).toBeLessThanOrEqual(clipEnd + 0.05);
      expect(s.end, `end of ${s.text}`).toBeGreaterThan(clipEnd - 0.5);
    });
    expect(transcript.text).toBe('cannon doubloon ensign flag');
  }, 60_000);
});
