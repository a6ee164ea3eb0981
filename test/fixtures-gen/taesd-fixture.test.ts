import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { randomFloats } from '../fixtures/models/onnx.js';
import { fullTaesdDecoder, smallTaesdPixel } from '../fixtures/models/taesd.js';
import { tempDir } from '../helpers/db.js';

const spec = DEFAULT_MODELS.taesd;

/** The TAESD-shaped decoder graphs run with onnxruntime-node, the way the latent-decoding pipeline feeds them. */
describe('TAESD fixture (deinferno/taesd-onnx layout)', () => {
  const dir = tempDir('omb-taesd-fixture-');
  let small: ort.InferenceSession;
  let full: ort.InferenceSession;

  beforeAll(async () => {
    writeFixtures(dir, { only: ['taesd'] });
    small = await ort.InferenceSession.create(path.join(modelDir(dir, spec.repo), 'vae_decoder/model.onnx'));
    full = await ort.InferenceSession.create(Buffer.from(fullTaesdDecoder()));
  });
  afterAll(async () => {
    await Promise.all([small?.release(), full?.release()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes exactly the manifest’s files, and writing the image model writes TAESD with it', () => {
    const lock = JSON.parse(readFileSync(path.join(dir, 'models.lock.json'), 'utf8'));
    expect(Object.keys(lock.models[spec.repo].files)).toEqual([...spec.files]);
    expect(lock.models[spec.repo].commit).toBe(spec.revision);
    const both = tempDir('omb-taesd-imagine-');
    try {
      expect(writeFixtures(both, { only: ['imagine'] })).toEqual([DEFAULT_MODELS.imagine.repo, spec.repo]);
    } finally {
      rmSync(both, { recursive: true, force: true });
    }
  });

  it('has the export’s input and output names, types and symbolic sizes, small and full size', () => {
    for (const session of [small, full]) {
      expect(session.inputMetadata.map((m) => (m.isTensor ? [m.name, m.type, m.shape] : [m.name]))).toEqual([
        ['latent_sample', 'float32', ['batch_size', 'num_channels_latent', 'height_latent', 'width_latent']],
      ]);
      expect(session.outputNames).toEqual(['sample']);
    }
  });

  it('small: every 8×8 block of a channel is tanh(latent / 3), the latents taken as they are', async () => {
    const [h, w] = [3, 5];
    const latents = randomFloats(4 * h * w, 5, 4); // beyond TAESD's ±3 clamp too
    const { sample } = await small.run({ latent_sample: new ort.Tensor('float32', latents, [1, 4, h, w]) });
    expect(sample?.dims).toEqual([1, 3, 8 * h, 8 * w]);
    const pixels = sample?.data as Float32Array;
    let compared = 0;
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < 8 * h; y++) {
        for (let x = 0; x < 8 * w; x++) {
          const latent = latents[(c * h + Math.floor(y / 8)) * w + Math.floor(x / 8)] ?? Number.NaN;
          expect(pixels[(c * 8 * h + y) * 8 * w + x]).toBeCloseTo(smallTaesdPixel(latent), 5);
          compared++;
        }
      }
    }
    expect(compared).toBe(3 * 64 * h * w);
    // Distinct latents give distinct pixels: nothing saturates at this scale.
    expect(new Set(Array.from(pixels, (v) => v.toFixed(4))).size).toBe(3 * h * w);
  });

  it('full size: 64 channels, about 1.2M parameters (4.9 MB as float32), finite output of the right shape', async () => {
    const bytes = fullTaesdDecoder().byteLength;
    expect(bytes).toBeGreaterThan(4.7e6);
    expect(bytes).toBeLessThan(5.1e6);
    const latents = randomFloats(4 * 8 * 8, 9, 2);
    const { sample } = await full.run({ latent_sample: new ort.Tensor('float32', latents, [1, 4, 8, 8]) });
    expect(sample?.dims).toEqual([1, 3, 64, 64]);
    const values = sample?.data as Float32Array;
    expect(values.every(Number.isFinite)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(1000);
  });
});
