import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import type { WorkerPool } from '../../src/runtime/pool.js';
import type { ModelHandle } from '../../src/runtime/protocol.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import type { ImageInput, ImageOutput } from '../../src/runtime/tasks.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { fixtureHandle, recordingObserver, testPool } from './fixture-pool.js';
import { offFromTaesd, oneStepLatents, taesdByte } from './sd-one-step.js';

const INPUT: ImageInput = { prompt: 'a photo of a cat', seed: 11, width: 256, height: 320, steps: 1, guidance: 0 };

describe('an image model with TAESD as its decoder, in the worker pool', () => {
  const dir = tempDir('omb-models-');
  const record = recordingObserver();
  let pool: WorkerPool;
  let withTaesd: ModelHandle;

  beforeAll(() => {
    writeFixtures(dir, { only: ['imagine'] });
    pool = testPool({ observer: record.observer });
    const taesd = DEFAULT_MODELS.taesd;
    withTaesd = {
      ...fixtureHandle(dir, 'imagine', 'imagine+taesd'),
      decoder: { dir: modelDir(dir, taesd.repo), files: taesd.files },
    };
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decodes the unscaled latents: each latent cell is an 8×8 block of tanh(latent / 3)', async () => {
    const out = (await pool.run(withTaesd, INPUT)) as ImageOutput;
    expect(out).toMatchObject({ width: 256, height: 320, seed: 11, steps: 1 });
    expect(out.decodeMs).toBeGreaterThan(0);
    expect(out.decodeMs).toBeLessThan(out.sessionMs);
    const latents = await oneStepLatents(modelDir(dir, DEFAULT_MODELS.imagine.repo), INPUT);
    const { data, info } = await sharp(out.png).raw().toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 256, height: 320, channels: 3 });
    expect(await offFromTaesd(out.png, latents)).toBe(0);
    // The check tells the conventions apart: latents divided by 0.18215 first (the VAE's) would give other bytes.
    const scaled = Array.from(latents).filter((v) => Math.abs(taesdByte(v / 0.18215) - taesdByte(v)) > 1);
    expect(scaled.length / latents.length).toBeGreaterThan(0.5);
    expect(data.filter((v) => v === 0 || v === 255).length / data.length).toBeLessThan(0.2);
  });

  it('the same model without a decoder draws with its own VAE: another picture, as before', async () => {
    const [viaVae, viaTaesd] = (await Promise.all([
      pool.run(fixtureHandle(dir, 'imagine'), INPUT),
      pool.run(withTaesd, INPUT),
    ])) as ImageOutput[];
    expect(Buffer.from(viaVae?.png ?? []).equals(Buffer.from(viaTaesd?.png ?? []))).toBe(false);
    // An image model with another decoder is another loaded model.
    expect(record.loads).toEqual(expect.arrayContaining(['imagine', 'imagine+taesd']));
  });
});
