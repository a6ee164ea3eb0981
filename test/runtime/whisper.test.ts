import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio } from '../../src/runtime/audio/decode.js';
import type { WorkerPool } from '../../src/runtime/pool.js';
import type { SpeechOutput } from '../../src/runtime/tasks.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { WHISPER_SEGMENTS, WHISPER_TEXT } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { fixtureHandle, testPool } from './fixture-pool.js';

/**
 * Our Whisper pipeline (features, encoder, merged decoder with cache, timestamp rules, language detection) on the
 * Whisper-shaped fixture, whose decoder writes WHISPER_SEGMENTS with timestamps only when its cache is fed back.
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
    expect(window?.text).toBe(WHISPER_TEXT);
    expect(window?.finishReason).toBe('stop');
    expect(window?.segments).toEqual(WHISPER_SEGMENTS.map((s) => ({ ...s, text: s.text.trim() })));
  });

  it('decodes a batch of windows in lockstep, each with its own in-range timestamps', async () => {
    const short = speech.slice(0, 16_000 * 2); // 2 s: the fixture's 2.4 s timestamp is clamped to the window
    const out = await recognize({ windows: [speech, short, speech], language: 'de' });
    expect(out.language).toBe('de');
    expect(out.languageProbability).toBeUndefined();
    expect(out.windows.map((w) => w.text)).toEqual([WHISPER_TEXT, WHISPER_TEXT, WHISPER_TEXT]);
    const clamped = out.windows[1]?.segments ?? [];
    expect(clamped.at(-1)?.end).toBe(2);
    for (const w of out.windows) {
      w.segments.forEach((s, i) => {
        expect(s.end).toBeGreaterThanOrEqual(s.start);
        expect(s.start).toBeGreaterThanOrEqual(w.segments[i - 1]?.end ?? 0);
      });
    }
  });

  it('stops at the token budget and says so; can be made to decode a fixed number of tokens', async () => {
    const cut = await recognize({ windows: [speech], language: 'en', maxNewTokens: 4 });
    expect(cut.windows[0]).toMatchObject({ tokens: 4, finishReason: 'length', text: 'The quick brown' });
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
