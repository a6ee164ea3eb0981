import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Float16Array } from '@petamoriken/float16';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import * as known from '../fixtures/models/known.js';
import { randomFloats, toFloat16 } from '../fixtures/models/onnx.js';
import { SMALL_HIDDEN } from '../fixtures/models/stable-diffusion.js';
import { tempDir } from '../helpers/db.js';

const PAD = known.CLIP_IDS['!'];
const prompt = (head: number[]) => Int32Array.from([...head, ...new Array(77 - head.length).fill(PAD)]);
const CAT = prompt(known.CLIP_PROMPT_IDS);
const DOG = prompt(
  known.CLIP_PROMPT_IDS.map((id) => (id === known.CLIP_IDS['cat</w>'] ? known.CLIP_IDS['dog</w>'] : id)),
);

function floats(tensor: ort.Tensor | undefined): Float32Array {
  if (!tensor) throw new Error('missing output');
  return tensor.data as Float32Array;
}

function maxDiff(a: ort.Tensor, b: ort.Tensor): number {
  const x = a.data as Float32Array;
  const y = b.data as Float32Array;
  return x.reduce((m, v, i) => Math.max(m, Math.abs(v - (y[i] ?? 0))), 0);
}

/** The SD-Turbo-shaped fixture graphs run with onnxruntime-node, the way the text-to-image pipeline feeds them. */
describe('Stable Diffusion fixture (diffusers ONNX export layout)', () => {
  const dir = tempDir('omb-sd-fixture-');
  const model = modelDir(dir, DEFAULT_MODELS.imagine.repo);
  const open = (name: string) => ort.InferenceSession.create(path.join(model, name, 'model.onnx'));
  let textEncoder: ort.InferenceSession;
  let unet: ort.InferenceSession;
  let vae: ort.InferenceSession;

  const encode = async (ids: Int32Array, batch = 1) =>
    textEncoder.run({ input_ids: new ort.Tensor('int32', ids, [batch, ids.length / batch]) });
  const latents = (seed: number, batch: number, h: number, w: number) =>
    new ort.Tensor('float32', randomFloats(batch * 4 * h * w, seed, 1.7), [batch, 4, h, w]);
  const denoise = (sample: ort.Tensor, t: number, text: ort.Tensor) =>
    unet.run({
      sample,
      timestep: new ort.Tensor('float32', new Float32Array(sample.dims[0] ?? 1).fill(t), [sample.dims[0] ?? 1]),
      encoder_hidden_states: text,
    });

  beforeAll(async () => {
    writeFixtures(dir, { only: ['imagine'] });
    [textEncoder, unet, vae] = await Promise.all([open('text_encoder'), open('unet'), open('vae_decoder')]);
  });
  afterAll(async () => {
    await Promise.all([textEncoder?.release(), unet?.release(), vae?.release()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes exactly the manifest’s files', () => {
    const lock = JSON.parse(readFileSync(path.join(dir, 'models.lock.json'), 'utf8'));
    expect(Object.keys(lock.models[DEFAULT_MODELS.imagine.repo].files).sort()).toEqual(
      [...DEFAULT_MODELS.imagine.files].sort(),
    );
    const scheduler = JSON.parse(readFileSync(path.join(model, 'scheduler/scheduler_config.json'), 'utf8'));
    expect(scheduler).toMatchObject({
      _class_name: 'EulerDiscreteScheduler',
      prediction_type: 'epsilon',
      timestep_spacing: 'trailing',
    });
  });

  it('has the export’s input and output names, types and symbolic sizes', () => {
    const io = (s: ort.InferenceSession) => ({
      inputs: s.inputMetadata.map((m) => (m.isTensor ? [m.name, m.type, m.shape] : [m.name])),
      outputs: s.outputNames,
    });
    expect(io(textEncoder)).toEqual({
      inputs: [['input_ids', 'int32', ['batch', 'sequence']]],
      outputs: ['last_hidden_state', 'pooler_output'],
    });
    expect(io(unet)).toEqual({
      inputs: [
        ['sample', 'float32', ['batch', 'channels', 'height', 'width']],
        ['timestep', 'float32', ['batch']],
        ['encoder_hidden_states', 'float32', ['batch', 'sequence', SMALL_HIDDEN]],
      ],
      outputs: ['out_sample'],
    });
    expect(io(vae)).toEqual({
      inputs: [['latent_sample', 'float32', ['batch', 'channels', 'height', 'width']]],
      outputs: ['sample'],
    });
  });

  it('text encoder: causal, deterministic, pools at <|endoftext|>', async () => {
    const cat = await encode(CAT);
    const dog = await encode(DOG);
    expect(cat.last_hidden_state?.dims).toEqual([1, 77, SMALL_HIDDEN]);
    expect(cat.pooler_output?.dims).toEqual([1, SMALL_HIDDEN]);
    expect(maxDiff(cat.last_hidden_state as ort.Tensor, (await encode(CAT)).last_hidden_state as ort.Tensor)).toBe(0);
    // "cat" is token 5: positions 0–4 are the same for both prompts, the rest differ.
    const width = 5 * SMALL_HIDDEN;
    const head = (out: ort.InferenceSession.OnnxValueMapType) => floats(out.last_hidden_state).slice(0, width);
    expect(head(dog)).toEqual(head(cat));
    expect(maxDiff(cat.last_hidden_state as ort.Tensor, dog.last_hidden_state as ort.Tensor)).toBeGreaterThan(0.1);
    const end = known.CLIP_PROMPT_IDS.length - 1;
    const hidden = floats(cat.last_hidden_state);
    expect([...floats(cat.pooler_output)]).toEqual([...hidden.slice(end * SMALL_HIDDEN, (end + 1) * SMALL_HIDDEN)]);
  });

  it('UNet: keeps the latent shape for any size and batch, and depends on sample, timestep and prompt', async () => {
    const cat = (await encode(CAT)).last_hidden_state as ort.Tensor;
    const dog = (await encode(DOG)).last_hidden_state as ort.Tensor;
    const sample = latents(1, 1, 64, 64);
    const base = (await denoise(sample, 999, cat)).out_sample as ort.Tensor;
    expect(base.dims).toEqual([1, 4, 64, 64]);
    expect(maxDiff(base, (await denoise(sample, 999, cat)).out_sample as ort.Tensor)).toBe(0);
    expect(maxDiff(base, (await denoise(latents(2, 1, 64, 64), 999, cat)).out_sample as ort.Tensor)).toBeGreaterThan(
      0.5,
    );
    expect(maxDiff(base, (await denoise(sample, 499, cat)).out_sample as ort.Tensor)).toBeGreaterThan(0.05);
    expect(maxDiff(base, (await denoise(sample, 999, dog)).out_sample as ort.Tensor)).toBeGreaterThan(0.05);

    const pair = await encode(Int32Array.from([...CAT, ...DOG]), 2);
    const wide = (await denoise(latents(3, 2, 40, 24), 249, pair.last_hidden_state as ort.Tensor)).out_sample;
    expect(wide?.dims).toEqual([2, 4, 40, 24]);
  });

  it('VAE decoder: ×8 upsampling to 3 channels in (−1, 1), deterministic', async () => {
    const latent = latents(4, 1, 8, 12);
    const image = (await vae.run({ latent_sample: latent })).sample as ort.Tensor;
    expect(image.dims).toEqual([1, 3, 64, 96]);
    const pixels = image.data as Float32Array;
    expect(pixels.every((v) => v > -1 && v < 1)).toBe(true);
    const spread = Math.max(...pixels) - Math.min(...pixels);
    expect(spread).toBeGreaterThan(0.3);
    expect(maxDiff(image, (await vae.run({ latent_sample: latent })).sample as ort.Tensor)).toBe(0);
    const other = (await vae.run({ latent_sample: latents(5, 1, 8, 12) })).sample as ort.Tensor;
    expect(maxDiff(image, other)).toBeGreaterThan(0.1);
  });

  it('stores float16 weights (full size) with the same bits as @petamoriken/float16', () => {
    const values = Float32Array.from([
      ...randomFloats(10_000, 6, 0.05),
      ...randomFloats(1000, 7, 1e-5),
      0,
      -0,
      1 / 3,
      65504,
      65520,
      1e6,
      -1e6,
      6.1e-5,
      5.96e-8,
      2.98e-8,
      1e-9,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
    expect([...toFloat16(values)]).toEqual([...new Uint16Array(Float16Array.from(values).buffer)]);
  });
});
