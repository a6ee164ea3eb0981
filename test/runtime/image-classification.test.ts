import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { MAX_IMAGE_PIXELS } from '../../src/runtime/pipelines/image-classification.js';
import { LocalRuntime } from '../../src/runtime/runtime.js';
import { safetyModelSpec } from '../../src/runtime/safety-model.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import type { ImageClassificationInput, LabelScore } from '../../src/runtime/tasks.js';
import { writeImageClassifier } from '../fixtures/models/image-classifier.js';
import { IMAGE_LABELS } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { pngHeader } from '../helpers/images.js';
import { testPool } from './fixture-pool.js';

type Colour = { r: number; g: number; b: number; alpha?: number };

function image(colour: Colour, width = 300, height = 200, format: 'png' | 'jpeg' | 'webp' = 'png') {
  const channels = colour.alpha === undefined ? 3 : 4;
  return sharp({ create: { width, height, channels, background: colour } })
    .toFormat(format)
    .toBuffer()
    .then((b) => new Uint8Array(b));
}

const nsfw = (scores: LabelScore[]) => scores.find((s) => s.label === 'nsfw')?.score ?? Number.NaN;

/** The image classifier fixture (ViT export layout, logits from the mean red) through the store, runtime and pool. */
describe('image classification on the pool', () => {
  const dir = tempDir('omb-image-cls-');
  const spec = writeImageClassifier(dir);
  const store = new ModelStore({
    modelsDir: dir,
    endpoint: 'http://127.0.0.1:9',
    offline: true,
    log: createLogger('silent'),
  });
  const runtime = new LocalRuntime(store, testPool());
  const classify = (input: ImageClassificationInput) => runtime.run(spec, input);
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scores a red PNG nsfw and a blue one normal, with softmax scores over id2label, highest first', async () => {
    const red = await classify({ png: await image({ r: 255, g: 0, b: 0 }) });
    expect(red.map((s) => s.label)).toEqual(['nsfw', 'normal']);
    expect(nsfw(red)).toBeCloseTo(1 / (1 + Math.exp(-4)), 4);
    expect(red.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 6);
    const blue = await classify({ png: await image({ r: 0, g: 0, b: 255 }) });
    expect(blue.map((s) => s.label)).toEqual(['normal', 'nsfw']);
    expect(nsfw(blue)).toBeLessThan(0.001);
    expect(new Set(blue.map((s) => s.label))).toEqual(new Set(IMAGE_LABELS));
  });

  it('reads JPEG and WebP, drops alpha, and takes raw RGB with the same result as the encoded image', async () => {
    const jpeg = await classify({ png: await image({ r: 255, g: 0, b: 0 }, 64, 64, 'jpeg') });
    expect(nsfw(jpeg)).toBeGreaterThan(0.95);
    const webp = await classify({ png: await image({ r: 0, g: 0, b: 255 }, 1024, 512, 'webp') });
    expect(nsfw(webp)).toBeLessThan(0.01);
    const translucent = await classify({ png: await image({ r: 255, g: 0, b: 0, alpha: 0.2 }) });
    expect(nsfw(translucent)).toBeGreaterThan(0.95);

    // Left half red, right half grey: the mean red sits between the two.
    const [width, height] = [256, 256];
    const rgb = new Uint8Array(width * height * 3);
    for (let p = 0; p < width * height; p++) rgb.set(p % width < width / 2 ? [255, 0, 0] : [128, 128, 128], p * 3);
    const raw = await classify({ rgb: rgb.slice(), width, height });
    const png = await sharp(rgb, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer();
    const encoded = await classify({ png: new Uint8Array(png) });
    expect(nsfw(raw)).toBeCloseTo(nsfw(encoded), 6);
    expect(nsfw(raw)).toBeGreaterThan(nsfw(await classify({ png: await image({ r: 128, g: 128, b: 128 }) })));
    expect(nsfw(raw)).toBeLessThan(nsfw(jpeg));
  });

  it('shrinks images as Pillow does (antialiased), so fine detail is averaged, not sampled', async () => {
    // Red and black columns, 448 → 224: each output pixel averages a red and a black one (mean red ½, as a flat
    // half-red image); a sampling resize would land on the red columns only.
    const [width, height] = [448, 448];
    const rgb = new Uint8Array(width * height * 3);
    for (let p = 0; p < width * height; p += 2) rgb[p * 3] = 255;
    const striped = nsfw(await classify({ rgb, width, height }));
    expect(striped).toBeCloseTo(1 / (1 + Math.exp(2)), 2);
  });

  it('classifies many images at once, each on its own', async () => {
    const colours = [255, 0, 200, 30, 255, 90];
    const results = await Promise.all(
      colours.map(async (r) => classify({ png: await image({ r, g: 40, b: 40 }, 96 + r, 128) })),
    );
    const scores = results.map(nsfw);
    for (const [i, r] of colours.entries()) {
      expect(scores[i]).toBeCloseTo(1 / (1 + Math.exp(-(6 * ((r / 255 - 0.5) / 0.5) - 2))), 2);
    }
  });

  it('refuses bytes that are not an image, and raw pixels of the wrong size, with a clear reason', async () => {
    await expect(classify({ png: new TextEncoder().encode('not an image at all') })).rejects.toMatchObject({
      name: 'AppError',
      code: 'unsupported_media',
      message: expect.stringMatching(/^the image could not be decoded \(.*unsupported image format/),
    });
    const png = await image({ r: 1, g: 2, b: 3 });
    await expect(classify({ png: png.subarray(0, 60) })).rejects.toMatchObject({
      code: 'unsupported_media',
      message: /could not be decoded/,
    });
    await expect(classify({ png: new Uint8Array(0) })).rejects.toMatchObject({
      code: 'unsupported_media',
      message: /empty/,
    });
    await expect(classify({ rgb: new Uint8Array(10), width: 2, height: 2 })).rejects.toMatchObject({
      code: 'bad_request',
      message: /width × height × 3 bytes \(got 10 bytes for 2×2\)/,
    });
    // The model still answers afterwards.
    expect(nsfw(await classify({ png }))).toBeLessThan(0.01);
  });

  it('refuses a 17000×17000 PNG by its header, before decoding it', async () => {
    for (const [width, height] of [
      [17_000, 17_000],
      [7072, 7072],
      [50_000_001, 1],
    ] as const) {
      await expect(classify({ png: pngHeader(width, height) }), `${width}×${height}`).rejects.toMatchObject({
        code: 'payload_too_large',
        message: `the image has more than ${MAX_IMAGE_PIXELS} pixels`,
      });
    }
    // Just under the limit, the same shape of file is decoded, and fails as the truncated data it is: the refusal
    // above came from the header alone.
    await expect(classify({ png: pngHeader(2000, 2000) })).rejects.toMatchObject({
      code: 'unsupported_media',
      message: /could not be decoded/,
    });
    expect(nsfw(await classify({ png: await image({ r: 1, g: 2, b: 3 }) }))).toBeLessThan(0.01);
  });

  it('takes only a model pinned to a commit', () => {
    expect(() => safetyModelSpec({ repo: 'Falconsai/nsfw_image_detection', revision: 'main' })).toThrow(
      /40-hex commit/,
    );
    expect(
      safetyModelSpec({ repo: 'onnx-community/x', revision: 'a'.repeat(40) }, 'onnx/model_quantized.onnx').files,
    ).toEqual(['config.json', 'preprocessor_config.json', 'onnx/model_quantized.onnx']);
  });
});
