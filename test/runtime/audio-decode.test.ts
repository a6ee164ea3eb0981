import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { type DecodedAudio, decodeAudio } from '../../src/runtime/audio/decode.js';
import { Resampler } from '../../src/runtime/audio/resample.js';
import { SPEECH_SECONDS } from '../fixtures/audio/known.js';
import { joined } from '../fixtures/audio/tones.js';
import { wav } from '../helpers/audio.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/audio');
const CLIPS = { ogg: 'ogg-opus', webm: 'webm', m4a: 'm4a', mp3: 'mp3', wav: 'wav', flac: 'flac' } as const;

const clip = (ext: string) => new Uint8Array(readFileSync(join(FIXTURES, `speech.${ext}`)));

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const v of samples) sum += v * v;
  return Math.sqrt(sum / samples.length);
}

/** A 16-bit PCM WAV of the given channels (interleaved by frame from `sample(frame, channel)`). */
async function refusal(bytes: Uint8Array, maxDurationSec?: number) {
  const error = await decodeAudio(bytes, { maxDurationSec }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('decodeAudio', () => {
  const decoded = new Map<string, DecodedAudio>();
  // 10 s of 48 kHz stereo silence (with a little dither-level noise, as real silence has), made here, not committed.
  const silence = wav(48_000, 2, 480_000, (i, c) => ((i * 7919 + c * 104_729) % 13) / 13 / 32_768);

  it.each(Object.entries(CLIPS))('decodes the .%s clip from its bytes to 16 kHz mono', async (ext, format) => {
    const audio = await decodeAudio(clip(ext));
    decoded.set(ext, audio);
    expect(audio.format).toBe(format);
    expect(audio.sampleRate).toBe(16_000);
    expect(audio.samples.length).toBe(Math.round(audio.durationSec * 16_000));
    expect(audio.samples.every((v) => Number.isFinite(v) && v >= -1 && v <= 1)).toBe(true);
  });

  it('gives every format the same duration within 50 ms, and speech-like loudness', async () => {
    const quiet = await decodeAudio(silence);
    expect(quiet.durationSec).toBeCloseTo(10, 3);
    const silenceRms = rms(quiet.samples);
    const wavDuration = decoded.get('wav')?.durationSec ?? Number.NaN;
    expect(wavDuration).toBeCloseTo(SPEECH_SECONDS, 3);
    for (const ext of Object.keys(CLIPS)) {
      const audio = decoded.get(ext) ?? (await decodeAudio(clip(ext)));
      expect(Math.abs(audio.durationSec - wavDuration), ext).toBeLessThanOrEqual(0.05);
      const loudness = rms(audio.samples);
      expect(loudness, ext).toBeGreaterThan(0.02);
      expect(loudness, ext).toBeGreaterThan(50 * silenceRms);
    }
  });

  it('refuses what is not audio, whatever it is called, saying what it is', async () => {
    const text = await refusal(new TextEncoder().encode('Hello, this is not a voice message.\n'));
    expect(text).toMatchObject({ code: 'unsupported_media', message: expect.stringMatching(/text/) });
    const playlist = '#EXTM3U\n#EXTINF:123,Artist - Title\nhttp://example.com/voice.ogg\n';
    expect(await refusal(new TextEncoder().encode(playlist))).toMatchObject({
      code: 'unsupported_media',
      message: expect.stringMatching(/playlist/),
    });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(await refusal(png)).toMatchObject({ code: 'unsupported_media', message: expect.stringMatching(/PNG/) });
    expect(await refusal(new Uint8Array(0))).toMatchObject({ code: 'unsupported_media', message: /empty/ });
  });

  it.each(Object.keys(CLIPS))('says a truncated .%s file is damaged or truncated', async (ext) => {
    const bytes = clip(ext);
    for (const keep of [0.6, 0.05]) {
      const { code, message } = await refusal(bytes.subarray(0, Math.floor(bytes.length * keep)));
      expect(code).toBe('bad_request');
      expect(message).toMatch(/truncated/);
    }
  });

  it.each(Object.keys(CLIPS))('refuses a .%s clip over the duration cap', async (ext) => {
    const { code, message } = await refusal(clip(ext), 2);
    expect(code).toBe('payload_too_large');
    expect(message).toMatch(/the limit is 2 seconds|longer than 2 seconds/);
  });

  it('enforces the cap while decoding when the container declares no duration', async () => {
    // MediaRecorder's WebM has no Duration: rename the fixture's Duration element (0x4489) to an unknown id.
    const bytes = clip('webm');
    const at = Buffer.from(bytes).indexOf(Buffer.from([0x44, 0x89]));
    expect(at).toBeGreaterThan(0);
    bytes[at + 1] = 0x88;
    expect((await decodeAudio(bytes)).durationSec).toBeCloseTo(SPEECH_SECONDS, 1);
    expect(await refusal(bytes, 2)).toMatchObject({ code: 'payload_too_large', message: /longer than 2 seconds/ });
  });

  it('refuses a long WAV from its header, before decoding', async () => {
    const header = wav(16_000, 1, 16_000 * 5, () => 0);
    expect(await refusal(header, 4)).toMatchObject({ code: 'payload_too_large', message: /5 seconds long/ });
  });
});

describe('Resampler', () => {
  const tone = (rate: number, hz: number, seconds: number) =>
    Float32Array.from({ length: rate * seconds }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));

  function run(resampler: Resampler, input: Float32Array, chunk: number): Float32Array {
    const parts: Float32Array[] = [];
    for (let at = 0; at < input.length; at += chunk) parts.push(resampler.push(input.subarray(at, at + chunk)));
    parts.push(resampler.end());
    return joined(...parts);
  }

  it.each([48_000, 44_100, 22_050, 8_000])('keeps a 1 kHz tone from %i Hz and cuts what would alias', (rate) => {
    const passed = run(new Resampler(rate, 16_000), tone(rate, 1_000, 1), 4_099);
    expect(passed.length).toBe(16_000);
    const middle = passed.subarray(1_000, 15_000); // away from the edges' half-filled windows
    expect(rms(middle)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    if (rate > 16_000) {
      // 11 kHz is above the 8 kHz output Nyquist frequency: it must vanish, not fold down to 5 kHz.
      const stopped = run(new Resampler(rate, 16_000), tone(rate, 11_000, 1), 4_099);
      expect(rms(stopped.subarray(1_000, 15_000))).toBeLessThan(0.001);
    }
  });

  it('gives the same output whatever the chunk size', () => {
    const input = tone(44_100, 440, 1);
    const whole = run(new Resampler(44_100, 16_000), input, input.length);
    const chunked = run(new Resampler(44_100, 16_000), input, 777);
    expect(chunked.length).toBe(whole.length);
    expect(chunked.every((v, i) => Math.abs(v - (whole[i] ?? 0)) < 1e-6)).toBe(true);
  });
});
