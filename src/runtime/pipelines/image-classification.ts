import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoImageProcessor, RawImage, type Tensor } from '@huggingface/transformers';
import sharp from 'sharp';
import { AppError } from '../../errors.js';
import type { ModelHandle } from '../protocol.js';
import type { ImageClassificationInput, LabelScore } from '../tasks.js';
import { labelsOf, type ModelConfig, sigmoid, softmax } from './encoder.js';
import type { Pipeline } from './pipeline.js';
import { TimedSession } from './timed-session.js';

/** Larger images are refused before decoding (a 1024×1024 image is 1 MP; this is a decompression-bomb guard). */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** What the pipeline reads of preprocessor_config.json itself (the image processor reads all of it). */
interface PreprocessorConfig {
  do_resize?: boolean;
  size?: { height?: number; width?: number; shortest_edge?: number };
  resample?: number;
}

/** PIL's resampling filters (preprocessor_config.json `resample`) as sharp's kernels; box and hamming have none. */
const KERNELS: Partial<Record<number, keyof sharp.KernelEnum>> = {
  0: 'nearest',
  1: 'lanczos3',
  2: 'linear',
  3: 'cubic',
};

/** A fixed output size and the sharp kernel that makes it the way PIL does (antialiased when shrinking). */
interface Resize {
  width: number;
  height: number;
  kernel: keyof sharp.KernelEnum;
}

/**
 * Image classification with a ViT-style Hub export (e.g. Falconsai/nsfw_image_detection): the image is decoded by
 * sharp to RGB (alpha dropped, as PIL's convert('RGB') does), then rescaled and normalised by transformers.js' own
 * image processor from preprocessor_config.json, run as `pixel_values` [batch, 3, H, W] → `logits`, and scored with
 * a softmax over config.json's id2label (sigmoids for multi-label models).
 *
 * Resizing to a fixed height × width is done by sharp's reduce (what Pillow's resize does: a filter widened by the
 * shrink factor), not by the processor, whose affine resize does not antialias: on a detailed 1024×1024 image it
 * differs from Pillow by 24/255 on average, sharp by 1/255. Other sizes (shortest_edge, crops) are the processor's.
 */
export async function imageClassification(model: ModelHandle, threads: number): Promise<Pipeline> {
  const readJson = <T>(file: string) => JSON.parse(readFileSync(path.join(model.dir, file), 'utf8')) as T;
  const config = readJson<ModelConfig>('config.json');
  const preprocessor = readJson<PreprocessorConfig>('preprocessor_config.json');
  const processor = await AutoImageProcessor.from_pretrained(model.dir, { local_files_only: true });
  const onnx = model.files.find((f) => f === 'onnx/model.onnx') ?? model.files.find((f) => f.endsWith('.onnx'));
  if (!onnx) throw new AppError('unavailable', 'the image classifier has no .onnx file');
  const session = await TimedSession.open(path.join(model.dir, onnx), threads);
  const multiLabel = config.problem_type === 'multi_label_classification';
  const { height, width } = preprocessor.size ?? {};
  const kernel = KERNELS[preprocessor.resample ?? 2];
  const resize = preprocessor.do_resize !== false && height && width && kernel ? { height, width, kernel } : undefined;

  return {
    async run(inputs) {
      const images = await Promise.all((inputs as ImageClassificationInput[]).map((i) => toRawImage(i, resize)));
      const { pixel_values } = (await processor(images)) as { pixel_values: Tensor };
      const out = await session.run({
        pixel_values: { data: pixel_values.data as Float32Array, dims: pixel_values.dims },
      });
      const logits = out.logits ?? out[session.outputNames[0] ?? ''];
      if (!logits) throw new AppError('unavailable', 'the image classifier returned nothing');
      const count = logits.dims.at(-1) ?? 0;
      const labels = labelsOf(config, count);
      return images.map((_, i): LabelScore[] => {
        const row = logits.data.subarray(i * count, (i + 1) * count);
        const scores = multiLabel ? Array.from(row, sigmoid) : softmax(row);
        return scores
          .map((score, k) => ({ label: labels[k] ?? `LABEL_${k}`, score }))
          .sort((a, b) => b.score - a.score);
      });
    },
    dispose: () => session.release(),
  };
}

/** Encoded bytes or raw RGB → an RGB RawImage (resized when `resize` says so); what cannot be read is said plainly. */
async function toRawImage(input: ImageClassificationInput, resize: Resize | undefined): Promise<RawImage> {
  let image: sharp.Sharp;
  if ('rgb' in input) {
    const { rgb, width, height } = input;
    const sized = [width, height].every((n) => Number.isInteger(n) && n > 0);
    if (!sized || width * height > MAX_IMAGE_PIXELS || rgb.length !== width * height * 3) {
      throw new AppError(
        'bad_request',
        `raw RGB must be width × height × 3 bytes (got ${rgb.length} bytes for ${width}×${height})`,
      );
    }
    if (!resize) return new RawImage(rgb, width, height, 3);
    image = sharp(rgb, { raw: { width, height, channels: 3 } });
  } else {
    if (input.png.length === 0) throw new AppError('unsupported_media', 'the image is empty');
    image = sharp(input.png, { limitInputPixels: MAX_IMAGE_PIXELS }).removeAlpha().toColourspace('srgb');
  }
  if (resize) image = image.resize(resize.width, resize.height, { fit: 'fill', kernel: resize.kernel });
  try {
    const { data, info } = await image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return new RawImage(new Uint8Array(data.buffer, data.byteOffset, data.length), info.width, info.height, 3);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(reason)) {
      throw new AppError('payload_too_large', `the image has more than ${MAX_IMAGE_PIXELS} pixels`);
    }
    throw new AppError('unsupported_media', `the image could not be decoded (${reason})`, { cause: error });
  }
}
