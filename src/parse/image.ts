import type sharp from 'sharp';
import { AppError } from '../errors.js';

/** The raster formats we decode: what people post in chat (Discord and Slack previews) and what cameras write. */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'avif' | 'tiff';

export const SUPPORTED_IMAGES = 'send a PNG, JPEG, GIF, WebP, AVIF or TIFF image';

export interface ImageLimits {
  /** Encoded bytes accepted (the download cap should be the same or lower). */
  maxBytes: number;
  /** width × height of the (first frame of the) image, read from its header before anything is decoded. */
  maxPixels: number;
}

/** The default caps: 25 MiB (Discord's largest upload without Nitro is 10 MiB) and 40 megapixels (a 7800×5200 photo). */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 25 * 1024 * 1024, maxPixels: 40_000_000 };

/** An image as the vision pipelines take it: 8-bit sRGB pixels, row by row, upright as a viewer would show it. */
export interface DecodedImage {
  rgb: Uint8Array;
  width: number;
  height: number;
  format: ImageFormat;
  /** Frames in the file (animated GIF/WebP); only the first is decoded. */
  frames: number;
  /** The EXIF orientation (1–8) that was applied, 1 when there was none. */
  orientation: number;
}

/** Signatures (hex; `.` is any digit) of the formats we decode, checked against the bytes, never the name or type. */
const IMAGE_SIGNATURES: [ImageFormat, RegExp][] = [
  ['png', /^89504e470d0a1a0a/],
  ['jpeg', /^ffd8ff/],
  ['gif', /^474946383[79]61/],
  ['webp', /^52494646.{8}57454250/],
  ['avif', /^.{8}66747970(61766966|61766973)/],
  ['tiff', /^(49492a00|4d4d002a)/],
];

/** Things that are not images we decode, so the refusal can say what the file is. */
const NOT_IMAGES: [string, RegExp][] = [
  ['an SVG or other text file', /^(3c3f786d6c|3c737667|efbbbf3c)/],
  ['a HEIC photo (convert it to JPEG first)', /^.{8}66747970(68656963|68656978|6d696631)/],
  ['a BMP image', /^424d/],
  ['a PDF document', /^255044462d/],
  ['a ZIP archive', /^504b0304/],
  ['an MP4 or MOV video', /^.{8}66747970/],
  ['an Ogg or WebM file', /^(4f676753|1a45dfa3)/],
  ['a program', /^(7f454c46|0061736d|cffaedfe|4d5a)/],
];

/**
 * The image format of `bytes`, from their content alone: a text file named `cat.png` or an HTML error page served
 * as image/png is refused here (`unsupported_media`) and never reaches a decoder.
 */
export function sniffImage(bytes: Uint8Array): ImageFormat {
  if (bytes.length === 0) throw new AppError('unsupported_media', `the file is empty; ${SUPPORTED_IMAGES}`);
  const hex = Buffer.from(bytes.subarray(0, 16)).toString('hex');
  for (const [format, signature] of IMAGE_SIGNATURES) if (signature.test(hex)) return format;
  const known = NOT_IMAGES.find(([, signature]) => signature.test(hex))?.[0];
  const what = known ?? (looksLikeText(bytes) ? 'a text file' : 'not an image');
  throw new AppError('unsupported_media', `the file is ${what}; ${SUPPORTED_IMAGES}`);
}

/**
 * Decodes an untrusted image, refusing before any pixel is decoded what would cost too much: more bytes than
 * `maxBytes` or a header claiming more than `maxPixels` (a 17000×17000 PNG of a few hundred bytes is refused from
 * its header, with nothing allocated for it). The first frame of an animation is taken; EXIF orientation is applied
 * (boxes found on the result are where a viewer sees the objects); CMYK, 16-bit, grayscale and palette images come
 * out as 8-bit sRGB; alpha is dropped, as PIL's convert('RGB') does, so the pixels are what the models were
 * trained on. Meant for a parse worker: decoding a large photo takes longer than the event loop may be held.
 */
export async function decodeImage(
  bytes: Uint8Array,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): Promise<DecodedImage> {
  if (bytes.length > limits.maxBytes) {
    throw new AppError('payload_too_large', `the image is larger than ${megabytes(limits.maxBytes)}`);
  }
  const format = sniffImage(bytes);
  const options = { limitInputPixels: limits.maxPixels, pages: 1, page: 0, failOn: 'error' as const };
  // Imported here: this runs in parse workers, and the server's own start need not load sharp's native library.
  const { default: sharp } = await import('sharp');
  let header: sharp.Metadata;
  try {
    // The header only (nothing is decoded), read without the pixel limit so the refusal can give the size.
    header = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch (error) {
    throw unreadable(format, error);
  }
  const { width, height } = header;
  if (!width || !height) throw new AppError('unprocessable', `the ${format.toUpperCase()} image has no size`);
  if (width * height > limits.maxPixels) {
    throw new AppError(
      'payload_too_large',
      `the image is ${width}×${height} pixels; at most ${(limits.maxPixels / 1e6).toFixed(0)} megapixels are accepted`,
    );
  }
  try {
    const { data, info } = await sharp(bytes, options)
      .autoOrient()
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    // A buffer of our own (sharp's is native memory), so it can be moved to another thread.
    const rgb = new Uint8Array(info.width * info.height * 3);
    rgb.set(info.channels === 3 ? data : toRgb(data, info.channels));
    return {
      rgb,
      width: info.width,
      height: info.height,
      format,
      frames: header.pages ?? 1,
      orientation: header.orientation ?? 1,
    };
  } catch (error) {
    throw unreadable(format, error);
  }
}

/** Gray (1 band) or anything else sharp left with other than 3 bands → RGB. */
function toRgb(data: Buffer, channels: number): Buffer {
  const pixels = data.length / channels;
  const out = Buffer.alloc(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) out[p * 3 + c] = data[p * channels + Math.min(c, channels - 1)] ?? 0;
  }
  return out;
}

function unreadable(format: ImageFormat, error: unknown): AppError {
  const reason = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(reason)) return new AppError('payload_too_large', 'the image has too many pixels');
  return new AppError('unprocessable', `the ${format.toUpperCase()} image could not be decoded (${reason.trim()})`, {
    cause: error,
  });
}

function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 512);
  return head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127));
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}
