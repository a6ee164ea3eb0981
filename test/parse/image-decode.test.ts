import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { PARSE_WORKER, parsingOn } from '../../src/parse/index.js';
import { ParsePool } from '../../src/parse/pool.js';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/retrieval/extract.js';
import { animated, flat, meanColour, pngHeader, squareImage } from '../helpers/images.js';

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

/** The pixel at (x, y) of a decoded image. */
const at = (image: { rgb: Uint8Array; width: number }, x: number, y: number) =>
  Array.from(image.rgb.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3));

/**
 * Untrusted images through the real parse worker (src/parse/image.ts): what comes back is upright 8-bit RGB, and
 * every kind of hostile or wrong file is refused with its reason, before decoding where the header tells.
 */
describe('parse worker: images', () => {
  const pool = new ParsePool({
    entry: PARSE_WORKER,
    workers: 1,
    memoryMb: 128,
    timeoutMs: 60_000,
    queueLimit: 16,
    log: createLogger('silent'),
  });
  const parsing = parsingOn(pool, DEFAULT_EXTRACT_LIMITS, { maxBytes: 4 * 2 ** 20, maxPixels: 20_000_000 });
  afterAll(() => parsing.close());

  it('decodes PNG, JPEG and WebP to RGB pixels of their size, moving them out of the worker', async () => {
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const image = await parsing.decodeImage(await flat([200, 40, 10], 90, 60, format));
      expect(image).toMatchObject({ width: 90, height: 60, format, frames: 1, orientation: 1 });
      expect(image.rgb).toBeInstanceOf(Uint8Array);
      expect(image.rgb.length).toBe(90 * 60 * 3);
      const [r, g, b] = meanColour(image.rgb);
      expect([r, g, b].map((v, i) => Math.abs(v - ([200, 40, 10][i] ?? 0)))).toSatisfy((d: number[]) =>
        d.every((x) => x < 4),
      );
    }
  });

  it('honours EXIF orientation: the pixels come back as a viewer shows them', async () => {
    // Stored 90×60 with the square at the top left; orientation 6 says "rotate 90° clockwise to show".
    const stored = await squareImage(90, 60, { x: 0, y: 0, size: 20 }, 'jpeg', 6);
    const image = await parsing.decodeImage(stored);
    expect(image).toMatchObject({ width: 60, height: 90, orientation: 6 });
    // (x, y) stored → (H − 1 − y, x) shown: the square is now at the top right.
    expect(at(image, 59 - 5, 5).every((v) => v > 200)).toBe(true);
    expect(at(image, 5, 5).every((v) => v < 60)).toBe(true);
    const plain = await parsing.decodeImage(await squareImage(90, 60, { x: 0, y: 0, size: 20 }, 'jpeg'));
    expect(plain).toMatchObject({ width: 90, height: 60, orientation: 1 });
  });

  it('takes the first frame of an animated GIF or WebP, and says how many there were', async () => {
    for (const format of ['gif', 'webp'] as const) {
      const bytes = await animated(
        [
          [0, 0, 250],
          [250, 0, 0],
          [0, 250, 0],
        ],
        format,
      );
      const image = await parsing.decodeImage(bytes);
      expect(image).toMatchObject({ width: 64, height: 48, format, frames: 3 });
      const [r, , b] = meanColour(image.rgb);
      expect(b).toBeGreaterThan(200);
      expect(r).toBeLessThan(40);
    }
  });

  it('turns CMYK, 16-bit, grayscale, palette and alpha images into 8-bit sRGB', async () => {
    const base = () => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 30, g: 120, b: 220 } } });
    const variants: [string, Buffer][] = [
      ['cmyk jpeg', await base().toColourspace('cmyk').jpeg().toBuffer()],
      ['16-bit png', await base().toColourspace('rgb16').png().toBuffer()],
      ['palette png', await base().png({ palette: true }).toBuffer()],
      [
        'alpha png',
        await sharp({
          create: { width: 40, height: 30, channels: 4, background: { r: 30, g: 120, b: 220, alpha: 0.5 } },
        })
          .png()
          .toBuffer(),
      ],
    ];
    for (const [name, bytes] of variants) {
      const image = await parsing.decodeImage(new Uint8Array(bytes));
      expect(image.rgb.length, name).toBe(40 * 30 * 3);
      const mean = meanColour(image.rgb);
      // CMYK goes through ink-colour profiles both ways (a gamut change, not a decoding error): a looser match.
      const tolerance = name.startsWith('cmyk') ? 40 : 12;
      for (const [i, want] of [30, 120, 220].entries()) {
        expect(Math.abs((mean[i] ?? 0) - want), name).toBeLessThan(tolerance);
      }
      expect(mean[2], name).toBeGreaterThan(mean[1] ?? 0);
      expect(mean[1], name).toBeGreaterThan(mean[0] ?? 0);
    }
    const gray = await parsing.decodeImage(new Uint8Array(await base().grayscale().png().toBuffer()));
    expect(gray.rgb.length).toBe(40 * 30 * 3);
    const [r, g, b] = meanColour(gray.rgb);
    expect(r).toBeCloseTo(g, 6);
    expect(g).toBeCloseTo(b, 6);
  });

  it('refuses a 17000×17000 PNG from its header, without decoding or allocating it', async () => {
    const bomb = pngHeader(17_000, 17_000);
    expect(bomb.length).toBeLessThan(20_000);
    const before = process.memoryUsage().rss;
    const refused = await refusal(parsing.decodeImage(bomb));
    expect(refused).toEqual({
      code: 'payload_too_large',
      message: 'the image is 17000×17000 pixels; at most 20 megapixels are accepted',
    });
    // Decoding it would take 867 MB of pixels.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 2 ** 20);
    // Under the cap, the same kind of file is opened and fails as the truncated data it is.
    expect(await refusal(parsing.decodeImage(pngHeader(2000, 2000)))).toMatchObject({
      code: 'unprocessable',
      message: expect.stringMatching(/^the PNG image could not be decoded/),
    });
  });

  it('refuses more bytes than the cap before looking at them', async () => {
    const big = new Uint8Array(4 * 2 ** 20 + 1);
    big.set(await flat([1, 2, 3]));
    expect(await refusal(parsing.decodeImage(big))).toEqual({
      code: 'payload_too_large',
      message: 'the image is larger than 4 MiB',
    });
  });

  it('refuses a file that is not an image, whatever it is called, saying what it is', async () => {
    const text = new TextEncoder().encode('hello, this is cat.png but really a text file\n');
    expect(await refusal(parsing.decodeImage(text))).toEqual({
      code: 'unsupported_media',
      message: 'the file is a text file; send a PNG, JPEG, GIF, WebP, AVIF or TIFF image',
    });
    const pdf = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj\n');
    expect((await refusal(parsing.decodeImage(pdf))).message).toMatch(/^the file is a PDF document/);
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    expect(await refusal(parsing.decodeImage(svg))).toMatchObject({ code: 'unsupported_media' });
    expect(await refusal(parsing.decodeImage(new Uint8Array(0)))).toMatchObject({
      code: 'unsupported_media',
      message: /empty/,
    });
    expect(await refusal(parsing.decodeImage(Uint8Array.of(0, 1, 2, 3, 250, 251)))).toMatchObject({
      code: 'unsupported_media',
      message: /not an image/,
    });
    // A PNG signature on a damaged file is a PNG that cannot be decoded.
    const png = await flat([9, 9, 9]);
    expect(await refusal(parsing.decodeImage(png.subarray(0, 40)))).toMatchObject({ code: 'unprocessable' });
    // And the worker still decodes afterwards.
    expect((await parsing.decodeImage(png)).width).toBe(120);
  });

  it('copies a view into a larger buffer instead of moving the buffer away from its owner', async () => {
    const png = await flat([10, 200, 30]);
    const shared = new Uint8Array(png.length + 100);
    shared.set(png, 50);
    const view = shared.subarray(50, 50 + png.length);
    expect((await parsing.decodeImage(view)).width).toBe(120);
    expect(shared.byteLength).toBe(png.length + 100);
    const own = png.slice();
    await parsing.decodeImage(own);
    expect(own.byteLength).toBe(0); // moved, not copied
  });
});
