import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio } from '../../src/runtime/audio/decode.js';
import type { WorkerPool } from '../../src/runtime/pool.js';
import type { SpeechOutput } from '../../src/runtime/tasks.js';
import { joined, silence, toneOf } from '../fixtures/audio/tones.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { WHISPER_SPEECH_WORD } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { fixtureHandle, testPool } from './fixture-pool.js';

/**
 * Our Whisper pipeline (features, encoder, merged decoder with cache, timestamp rules, language detection) on the
 * Whisper-shaped fixture, which writes a word for each sounding stretch of a window by its pitch (known.ts), with
 * its timestamps, only when its cache is fed back.
 */
describe('Whisper speech recognition in the pool', () => {
  const dir = tempDir('omb-whisper-');
  let pool: WorkerPool;
  let speech: Float32Array;

  beforeAll(async () => {
    writeFixtures(dir, { only: ['whisper'] });
    pool = testPool();
    speech = (await decodeAudio(readFileSync('test/fixtures/audio/speech.ogg'))).samples;
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const recognize = (input: object) => pool.run(fixtureHandle(dir, 'whisper'), input) as Promise<SpeechOutput>;

  it('transcribes with timestamps and detects the language among language tokens', async () => {
    const out = await recognize({ windows: [speech] });
    expect(out.language).toBe('en');
    expect(out.languageProbability).toBeGreaterThan(0.5);
    expect(out.windows).toHaveLength(1);
    const [window] = out.windows;
    expect(window?.text).toBe(WHISPER_SPEECH_WORD);
    expect(window?.finishReason).toBe('stop');
    expect(window?.segments).toEqual([{ start: 0, end: 2.62, text: WHISPER_SPEECH_WORD }]);
  });

  it('decodes a batch of windows in lockstep, each its own words with in-range timestamps', async () => {
    const tones = joined(toneOf('anchor', 1), silence(0.5), toneOf('flag', 1));
    // A stretch ends a frame (20 ms) after its last sounding one: at a window's end that is clamped to the window.
    const short = toneOf('parrot', 2);
    const out = await recognize({ windows: [tones, speech, short], language: 'de' });
    expect(out.language).toBe('de');
    expect(out.languageProbability).toBeUndefined();
    expect(out.windows.map((w) => w.text)).toEqual(['anchor flag', WHISPER_SPEECH_WORD, 'parrot']);
    expect(out.windows[0]?.segments).toEqual([
      { start: 0, end: 1.02, text: 'anchor' },
      { start: 1.5, end: 2.5, text: 'flag' },
    ]);
    expect(out.windows[2]?.segments).toEqual([{ start: 0, end: 2, text: 'parrot' }]);
    // The same windows in another order: the words follow their windows.
    const swapped = await recognize({ windows: [short, tones], language: 'de' });
    expect(swapped.windows.map((w) => w.text)).toEqual(['parrot', 'anchor flag']);
  });

  it('writes no words for a window without sound', async () => {
    const out = await recognize({ windows: [silence(3), toneOf('keel', 1)], language: 'en' });
    expect(out.windows.map((w) => [w.text, w.segments])).toEqual([
      ['', []],
      ['keel', [{ start: 0, end: 1, text: 'keel' }]],
    ]);
  });

  it('stops at the token budget and says so; can be made to decode a fixed number of tokens', async () => {
    const tones = joined(toneOf('anchor', 1), silence(0.5), toneOf('flag', 1));
    const cut = await recognize({ windows: [tones], language: 'en', maxNewTokens: 4 });
    expect(cut.windows[0]).toMatchObject({ tokens: 4, finishReason: 'length', text: 'anchor' });
    const fixed = await recognize({ windows: [speech], language: 'en', maxNewTokens: 30, ignoreEndOfText: true });
    expect(fixed.windows[0]?.tokens).toBe(30);
  });

  it('refuses unknown languages, over-long windows and non-audio input with reasons', async () => {
    await expect(recognize({ windows: [speech], language: 'xx' })).rejects.toThrow(/"xx" is not a language/);
    await expect(recognize({ windows: [new Float32Array(16_000 * 31)] })).rejects.toThrow(/longer than 30 s/);
    await expect(recognize({ windows: ['audio'] })).rejects.toThrow(/Float32Array/);
    await expect(recognize({ windows: [] })).rejects.toThrow(/windows/);
  });
});
