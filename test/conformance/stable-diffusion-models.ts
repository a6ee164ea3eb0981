import type { FileContent } from '../fixtures/models/generate.js';
import { Graph } from '../fixtures/models/onnx.js';
import { clipTokenizerFiles, clipVocab, SD_TURBO_SCHEDULER } from '../fixtures/models/stable-diffusion.js';

/** Words whose token moves the guidance fixture's UNet output, and by how much (per token in the 77). */
export const GUIDANCE_WEIGHTS = { 'cat</w>': 20, 'dog</w>': -10 } as const;
/** The VAE fixture: pixel value (in [-1, 1]) = latent channel c × this, for c = 0, 1, 2. */
export const GUIDANCE_PIXEL_SCALE = 0.01;

/**
 * Stable Diffusion graphs whose outputs are known, to check how the pipeline combines them. Text encoder:
 * last_hidden_state[b, s, :] = weight of token s (GUIDANCE_WEIGHTS, else 0). UNet: out_sample[b] = the mean of
 * row b's text states, everywhere (so the noise it predicts says which prompt it was given, and nothing else).
 * VAE: sample = latent_sample's first three channels × 0.18215 × GUIDANCE_PIXEL_SCALE, each latent cell an 8×8
 * block (the pipeline divides by 0.18215 first).
 */
export function guidanceFixture(): Record<string, FileContent> {
  const vocab = clipVocab();
  const size = vocab.tokens.length + 2;
  const hidden = 4;

  const text = new Graph();
  const ids = text.input('input_ids', 'int32', ['batch', 'sequence']);
  const table = new Float32Array(size * hidden);
  for (const [token, weight] of Object.entries(GUIDANCE_WEIGHTS))
    table.fill(weight, vocab.id(token) * hidden, (vocab.id(token) + 1) * hidden);
  text.op('Gather', [text.floats([size, hidden], table), ids], { axis: 0 }, 'last_hidden_state');
  text.output('last_hidden_state', 'float32', ['batch', 'sequence', hidden]);

  const unet = new Graph();
  const sample = unet.input('sample', 'float32', ['batch', 'channels', 'height', 'width']);
  unet.input('timestep', 'float32', ['batch']);
  const states = unet.input('encoder_hidden_states', 'float32', ['batch', 'sequence', hidden]);
  const mean = unet.op('ReduceMean', [states], { axes: [1, 2], keepdims: 0 });
  const zeros = unet.op('Mul', [sample, unet.scalar(0)]);
  unet.op('Add', [zeros, unet.op('Reshape', [mean, unet.ints([-1, 1, 1, 1])])], {}, 'out_sample');
  unet.output('out_sample', 'float32', ['batch', 'channels', 'height', 'width']);

  const vae = new Graph();
  const latent = vae.input('latent_sample', 'float32', ['batch', 'channels', 'height', 'width']);
  const rgb = vae.op('Slice', [latent, vae.ints([0]), vae.ints([3]), vae.ints([1])]);
  const up = vae.op('Resize', [rgb, '', vae.floats([4], Float32Array.of(1, 1, 8, 8))], { mode: 'nearest' });
  vae.op('Mul', [up, vae.scalar(0.18215 * GUIDANCE_PIXEL_SCALE)], {}, 'sample');
  vae.output('sample', 'float32', ['batch', 3, 'image_height', 'image_width']);

  return {
    'scheduler/scheduler_config.json': SD_TURBO_SCHEDULER,
    ...clipTokenizerFiles(vocab),
    'text_encoder/model.onnx': text.encode(),
    'unet/model.onnx': unet.encode(),
    'vae_decoder/model.onnx': vae.encode(),
  };
}
