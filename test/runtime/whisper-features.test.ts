import { readFileSync } from 'node:fs';
import { WhisperFeatureExtractor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { decodeAudio } from '../../src/runtime/audio/decode.js';
import { LogMel } from '../../src/runtime/pipelines/whisper-features.js';
import { repeatWithPauses } from '../helpers/audio.js';

/** openai/whisper-base's preprocessor_config.json without its mel filters (both sides compute the same ones). */
const CONFIG = {
  chunk_length: 30,
  feature_size: 80,
  hop_length: 160,
  n_fft: 400,
  n_samples: 480_000,
  nb_max_frames: 3000,
  sampling_rate: 16_000,
};

describe('Whisper log-mel features', () => {
  it("equal transformers.js' WhisperFeatureExtractor within float32 rounding, for short, long and full windows", async () => {
    const clip = (await decodeAudio(readFileSync('test/fixtures/audio/speech.ogg'))).samples;
    let seed = 1;
    const noise = (n: number) =>
      Float32Array.from({ length: n }, () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed / 2 ** 30 - 1;
      });
    const extractor = new WhisperFeatureExtractor(CONFIG);
    const logMel = new LogMel(CONFIG);
    for (const samples of [
      clip,
      repeatWithPauses(clip, 28, 0.8),
      noise(480_000),
      noise(479_990),
      new Float32Array(1),
    ]) {
      const expected = (await extractor(samples)).input_features.data as Float32Array;
      const features = new Float32Array(logMel.mels * logMel.frames);
      await logMel.compute(samples, features);
      expect(features.length).toBe(expected.length);
      let worst = 0;
      for (let i = 0; i < expected.length; i++)
        worst = Math.max(worst, Math.abs((features[i] ?? 0) - (expected[i] ?? 0)));
      expect(worst).toBeLessThan(1e-4);
    }
  });
});
