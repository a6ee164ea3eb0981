import path from 'node:path';
import ort from 'onnxruntime-node';
import sharp from 'sharp';
import { encodePrompt, loadClipTokenizer } from '../../src/runtime/pipelines/clip-tokenizer.js';
import { eulerSchedule, gaussianNoise } from '../../src/runtime/pipelines/euler.js';
import type { ImageInput } from '../../src/runtime/tasks.js';
import { SD_TURBO_SCHEDULER } from '../fixtures/models/stable-diffusion.js';
import { smallTaesdPixel } from '../fixtures/models/taesd.js';

/** What a PNG byte of the small TAESD fixture is for a latent value (the pipeline maps [-1, 1] to [0, 255]). */
export const taesdByte = (latent: number) =>
  Math.round(Math.min(1, Math.max(0, smallTaesdPixel(latent) / 2 + 0.5)) * 255);

/**
 * The latents one Euler step of SD-Turbo leaves, computed here from the fixture's own text encoder and UNet as
 * diffusers' EulerDiscreteScheduler does it: x = σ·noise, ε = UNet(x / √(σ² + 1), t, text), x₀ = x + (0 − σ)·ε.
 */
export async function oneStepLatents(sdDir: string, input: ImageInput): Promise<Float32Array> {
  const open = (name: string) => ort.InferenceSession.create(path.join(sdDir, name, 'model.onnx'));
  const [textEncoder, unet] = await Promise.all([open('text_encoder'), open('unet')]);
  try {
    const ids = encodePrompt(await loadClipTokenizer(path.join(sdDir, 'tokenizer')), input.prompt).ids;
    const text = await textEncoder.run({ input_ids: new ort.Tensor('int32', Int32Array.from(ids), [1, ids.length]) });
    const { sigmas, timesteps } = eulerSchedule(SD_TURBO_SCHEDULER, 1);
    const [sigma = 0, t = 0] = [sigmas[0], timesteps[0]];
    const [h, w] = [input.height / 8, input.width / 8];
    const x = Array.from(gaussianNoise(4 * h * w, input.seed), (n) => n * sigma);
    const { out_sample } = await unet.run({
      sample: new ort.Tensor(
        'float32',
        Float32Array.from(x, (v) => v / Math.sqrt(sigma * sigma + 1)),
        [1, 4, h, w],
      ),
      timestep: new ort.Tensor('float32', Float32Array.of(t), [1]),
      encoder_hidden_states: text.last_hidden_state as ort.Tensor,
    });
    const epsilon = out_sample?.data as Float32Array;
    return Float32Array.from(x, (v, i) => v - sigma * (epsilon[i] ?? Number.NaN));
  } finally {
    await Promise.all([textEncoder.release(), unet.release()]);
  }
}

/** How many bytes of `png` (RGB) differ by more than 1 from what the small TAESD fixture makes of `latents`. */
export async function offFromTaesd(png: Uint8Array, latents: Float32Array): Promise<number> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const [h, w] = [info.height / 8, info.width / 8];
  let off = 0;
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        const latent = latents[(c * h + Math.floor(y / 8)) * w + Math.floor(x / 8)] ?? Number.NaN;
        if (Math.abs((data[(y * info.width + x) * info.channels + c] ?? -1) - taesdByte(latent)) > 1) off++;
      }
    }
  }
  return off;
}
