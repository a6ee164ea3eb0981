import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RawImage } from '@huggingface/transformers';
import sharp from 'sharp';
import { AppError, isAppError } from '../../errors.js';
import type { ImageSource } from '../tasks.js';
import { ItemFailure } from './pipeline.js';

/** Larger images are refused before decoding (a 1024×1024 image is 1 MP; this is a decompression-bomb guard). */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** What the vision pipelines read of preprocessor_config.json themselves (the image processor reads all of it). */
export interface PreprocessorConfig {
  do_resize?: boolean;
  size?: { height?: number; width?: number; shortest_edge?: number; longest_edge?: number };
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
export interface Resize {
  width: number;
  height: number;
  kernel: keyof sharp.KernelEnum;
}

export function readJson<T>(dir: string, file: string): T {
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T;
}

/**
 * The fixed height × width a ViT-style processor resizes to, done by sharp's reduce (what Pillow's resize does: a
 * filter widened by the shrink factor) instead of the processor, whose affine resize does not antialias: on a
 * detailed 1024×1024 image it differs from Pillow by 24/255 on average, sharp by 1/255. Undefined for other
 * sizes (shortest_edge, crops), which stay the processor's.
 */
export function fixedResize(preprocessor: PreprocessorConfig): Resize | undefined {
  const { height, width } = preprocessor.size ?? {};
  const kernel = KERNELS[preprocessor.resample ?? 2];
  return preprocessor.do_resize !== false && height && width && kernel ? { height, width, kernel } : undefined;
}

/**
 * Encoded bytes or raw RGB → an RGB RawImage (resized when `resize` says so); what cannot be read is said plainly.
 * Raw RGB is what the parse pool's image decoder gives (src/parse/image.ts: sniffed, capped, upright); encoded
 * bytes (generated images) are decoded here under the same pixel cap, first frame only, EXIF orientation applied.
 */
export async function toRawImage(input: ImageSource, resize?: Resize): Promise<RawImage> {
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
    image = sharp(input.png, { limitInputPixels: MAX_IMAGE_PIXELS, pages: 1 })
      .autoOrient()
      .removeAlpha()
      .toColourspace('srgb');
  }
  if (resize) image = image.resize(resize.width, resize.height, { fit: 'fill', kernel: resize.kernel });
  try {
    const { data, info } = await image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.length);
    return new RawImage(pixels, info.width, info.height, info.channels as 1 | 2 | 3 | 4).rgb();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(reason)) {
      throw new AppError('payload_too_large', `the image has more than ${MAX_IMAGE_PIXELS} pixels`);
    }
    throw new AppError('unsupported_media', `the image could not be decoded (${reason})`, { cause: error });
  }
}

/** The images of a batch that could be read, where each came from, and a failure for each that could not. */
export interface PreparedBatch {
  images: RawImage[];
  /** positions[k] is the index in the batch of images[k]. */
  positions: number[];
  failures: Map<number, ItemFailure>;
}

/** Reads every image of a batch; one that cannot be read fails alone (its caller is told why), the rest run. */
export async function prepareImages(inputs: readonly ImageSource[], resize?: Resize): Promise<PreparedBatch> {
  const settled = await Promise.allSettled(inputs.map((input) => toRawImage(input, resize)));
  const batch: PreparedBatch = { images: [], positions: [], failures: new Map() };
  for (const [index, result] of settled.entries()) {
    if (result.status === 'fulfilled') {
      batch.images.push(result.value);
      batch.positions.push(index);
    } else if (isAppError(result.reason)) {
      batch.failures.set(index, new ItemFailure(result.reason.code, result.reason.message));
    } else {
      throw result.reason;
    }
  }
  return batch;
}

/** The batch's outputs in input order: each image's result, or its failure. */
export function inInputOrder<O>(batch: PreparedBatch, count: number, results: readonly O[]): (O | ItemFailure)[] {
  const out: (O | ItemFailure)[] = [];
  for (let i = 0; i < count; i++) {
    const failure = batch.failures.get(i);
    out.push(failure ?? (results[batch.positions.indexOf(i)] as O));
  }
  return out;
}
