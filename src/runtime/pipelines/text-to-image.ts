import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors.js';
import type { ModelHandle } from '../protocol.js';
import type { ImageInput, ImageOutput } from '../tasks.js';
import { encodePrompt, loadClipTokenizer } from './clip-tokenizer.js';
import { eulerSchedule, eulerStep, gaussianNoise, inputScale, type SchedulerConfig } from './euler.js';
import { checkImageInput } from './image-request.js';
import { decodeToPng, openLatentDecoder, TAESD_SCALING_FACTOR } from './latent-decoder.js';
import type { Pipeline } from './pipeline.js';
import { TimedSession } from './timed-session.js';

/** SD 1.x/2.x VAEs: latents are scaled by this during training. */
const VAE_SCALING = 0.18215;

/**
 * Stable Diffusion on onnxruntime-node, from the diffusers ONNX export (text_encoder, unet, vae_decoder): CLIP
 * tokens → text embeddings → seeded noise → Euler steps of the UNet (classifier-free guidance with the negative
 * prompt when guidance > 1, as non-turbo models need; turbo models run without) → VAE decode → PNG (sharp).
 * A model with a separate decoder (ModelHandle.decoder: TAESD) decodes with it instead of its VAE.
 * Tensor types come from each session's metadata, so fp32 and fp16 exports both run. Deterministic: the same
 * prompt, seed, size and steps give the same bytes. Progress is emitted per step as "step/steps".
 */
export async function textToImage(model: ModelHandle, threads: number): Promise<Pipeline> {
  const file = (name: string) => path.join(model.dir, name);
  const scheduler = JSON.parse(readFileSync(file('scheduler/scheduler_config.json'), 'utf8')) as SchedulerConfig;
  if ((scheduler.prediction_type ?? 'epsilon') !== 'epsilon') {
    throw new AppError(
      'unavailable',
      `this image model predicts "${scheduler.prediction_type}", which is not supported`,
    );
  }
  const tokenizer = await loadClipTokenizer(file('tokenizer'));
  const textEncoder = await TimedSession.open(file('text_encoder/model.onnx'), threads);
  const unet = await TimedSession.open(file('unet/model.onnx'), threads);
  // With a separate decoder the model's own VAE is never opened.
  const decoder = model.decoder
    ? { session: await openLatentDecoder(model.decoder, threads), scalingFactor: TAESD_SCALING_FACTOR }
    : { session: await TimedSession.open(file('vae_decoder/model.onnx'), threads), scalingFactor: VAE_SCALING };
  const sessions = [textEncoder, unet, decoder.session];

  async function generate(
    input: ImageInput,
    signal: AbortSignal,
    progress: (text: string) => void,
  ): Promise<ImageOutput> {
    const started = performance.now();
    for (const s of sessions) s.elapsedMs = 0;
    checkImageInput(input);
    const guided = (input.guidance ?? 0) > 1;
    const prompts = guided ? [input.negativePrompt ?? '', input.prompt] : [input.prompt];
    const ids = prompts.map((p) => encodePrompt(tokenizer, p).ids);
    const length = ids[0]?.length ?? 0;
    const encoded = await textEncoder.run({ input_ids: { data: ids.flat(), dims: [prompts.length, length] } });
    const text = encoded.last_hidden_state ?? encoded[textEncoder.outputNames[0] ?? ''];
    if (!text) throw new AppError('unavailable', 'the text encoder returned nothing');

    const [h, w] = [input.height / 8, input.width / 8];
    const size = 4 * h * w;
    const schedule = eulerSchedule(scheduler, input.steps);
    const latents = gaussianNoise(size, input.seed).map((v) => v * schedule.initNoiseSigma);
    const batch = prompts.length;
    const sample = new Float32Array(batch * size);
    for (const [i, t] of schedule.timesteps.entries()) {
      if (signal.aborted) throw new AppError('unavailable', 'the image was cancelled');
      const sigma = schedule.sigmas[i] ?? 0;
      const scale = inputScale(sigma);
      for (let b = 0; b < batch; b++) for (let k = 0; k < size; k++) sample[b * size + k] = (latents[k] ?? 0) * scale;
      const out = await unet.run({
        sample: { data: sample, dims: [batch, 4, h, w] },
        timestep: { data: new Array(batch).fill(t), dims: unet.dimsOf('timestep', batch) },
        encoder_hidden_states: text,
      });
      const predicted = out.out_sample ?? out[unet.outputNames[0] ?? ''];
      if (!predicted) throw new AppError('unavailable', 'the UNet returned nothing');
      eulerStep(latents, guide(predicted.data, size, input.guidance), sigma, schedule.sigmas[i + 1] ?? 0);
      progress(`${i + 1}/${input.steps}`);
    }
    const { width, height, seed, steps } = input;
    const png = await decodeToPng(decoder.session, { latents, width, height }, decoder.scalingFactor);
    const sessionMs = sessions.reduce((sum, s) => sum + s.elapsedMs, 0);
    const totalMs = performance.now() - started;
    return { png, width, height, seed, steps, sessionMs, totalMs, decodeMs: decoder.session.elapsedMs };
  }

  return {
    async run(inputs, ctx) {
      const outputs: ImageOutput[] = [];
      for (const [index, input] of (inputs as ImageInput[]).entries()) {
        outputs.push(await generate(input, ctx.signal, (text) => ctx.emit(index, text)));
      }
      return outputs;
    },
    async dispose() {
      await Promise.all(sessions.map((s) => s.release()));
    },
  };
}

/** With guidance: unconditional + scale × (conditional − unconditional), from the batch [uncond, cond]. */
function guide(predicted: Float32Array, size: number, guidance = 0): Float32Array {
  if (guidance <= 1) return predicted.subarray(0, size);
  const out = new Float32Array(size);
  for (let k = 0; k < size; k++) {
    const u = predicted[k] ?? 0;
    out[k] = u + guidance * ((predicted[size + k] ?? 0) - u);
  }
  return out;
}
