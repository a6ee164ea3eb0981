import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../errors.js';
import { TimedSession } from './timed-session.js';

/**
 * TAESD reads the UNet's latents as they are: diffusers' AutoencoderTiny has scaling_factor 1.0, where the SD VAE's
 * is 0.18215 (madebyollin/taesd's README: TAESD's "scale_factor" for latents is 1).
 */
export const TAESD_SCALING_FACTOR = 1;

/**
 * A separate latent decoder (ModelSpec.decoder: TAESD in the diffusers ONNX layout, vae_decoder/model.onnx,
 * latent_sample → sample), opened from its own verified folder.
 */
export function openLatentDecoder(decoder: { dir: string; files: readonly string[] }, threads: number) {
  const onnx = decoder.files.find((f) => f.endsWith('.onnx'));
  if (!onnx) throw new AppError('unavailable', `the image decoder in ${decoder.dir} has no ONNX file`);
  return TimedSession.open(path.join(decoder.dir, onnx), threads);
}

/**
 * Decodes latents [1, 4, height/8, width/8] with a decoder session (latent_sample → sample), first divided by the
 * decoder's `scalingFactor` as diffusers does (the SD VAE's 0.18215, TAESD's 1), and encodes the pixels as PNG.
 */
export async function decodeToPng(
  session: TimedSession,
  { latents, width, height }: { latents: Float32Array; width: number; height: number },
  scalingFactor: number,
): Promise<Uint8Array> {
  const [h, w] = [height / 8, width / 8];
  const decoded = await session.run({
    latent_sample: { data: scalingFactor === 1 ? latents : latents.map((v) => v / scalingFactor), dims: [1, 4, h, w] },
  });
  const image = decoded.sample ?? decoded[session.outputNames[0] ?? ''];
  if (!image) throw new AppError('unavailable', 'the image decoder returned nothing');
  return toPng(image.data, width, height);
}

/**
 * Decoder output [1, 3, H, W] in about [-1, 1] → RGB bytes → PNG. Both decoders follow diffusers' convention: the
 * VAE's own, and TAESD's exported through AutoencoderTiny, whose DecoderTiny maps its [0, 1] to [-1, 1].
 */
async function toPng(data: Float32Array, width: number, height: number): Promise<Uint8Array> {
  const pixels = width * height;
  const rgb = Buffer.alloc(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) {
      const v = Math.min(1, Math.max(0, (data[c * pixels + p] ?? 0) / 2 + 0.5));
      rgb[p * 3 + c] = Math.round(v * 255);
    }
  }
  const png = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
  return new Uint8Array(png);
}
