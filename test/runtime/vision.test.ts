import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { PARSE_WORKER, parsingOn } from '../../src/parse/index.js';
import { ParsePool } from '../../src/parse/pool.js';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/retrieval/extract.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { imageCaptioning } from '../../src/runtime/pipelines/captioning.js';
import { LocalRuntime } from '../../src/runtime/runtime.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import type { Box, CaptionOutput, ImageSource } from '../../src/runtime/tasks.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { captionIds, VISION_LABEL_COLOURS, VISION_LABELS } from '../fixtures/models/vision.js';
import { tempDir } from '../helpers/db.js';
import { flat, type Rgb, type Square, squareImage, squareRgb } from '../helpers/images.js';
import { fixtureHandle, recordingObserver, testPool } from './fixture-pool.js';

/** A box within `tolerance` pixels of the square. */
function expectBox(box: Box | undefined, square: Square, tolerance = 1.5) {
  expect(box).toBeDefined();
  const { x = 0, y = 0, width = 0, height = 0 } = box ?? {};
  expect(Math.abs(x - square.x), `x of ${JSON.stringify(box)}`).toBeLessThan(tolerance);
  expect(Math.abs(y - square.y), `y of ${JSON.stringify(box)}`).toBeLessThan(tolerance);
  expect(Math.abs(width - square.size), `width of ${JSON.stringify(box)}`).toBeLessThan(tolerance * 2);
  expect(Math.abs(height - square.size), `height of ${JSON.stringify(box)}`).toBeLessThan(tolerance * 2);
}

/** The three vision fixtures (manifest layouts) through the model store, the runtime and the worker pool. */
describe('vision pipelines on the pool', () => {
  const dir = tempDir('omb-vision-');
  writeFixtures(dir, { only: ['classifier', 'detector', 'captioner'] });
  const store = new ModelStore({
    modelsDir: dir,
    endpoint: 'http://127.0.0.1:9',
    offline: true,
    log: createLogger('silent'),
  });
  const recorded = recordingObserver();
  const runtime = new LocalRuntime(store, testPool({ maxWaitMs: 50, observer: recorded.observer }));
  const parsePool = new ParsePool({
    entry: PARSE_WORKER,
    workers: 1,
    memoryMb: 128,
    timeoutMs: 60_000,
    queueLimit: 16,
    log: createLogger('silent'),
  });
  const parsing = parsingOn(parsePool, DEFAULT_EXTRACT_LIMITS);
  const { classifier, detector, captioner } = DEFAULT_MODELS;
  afterAll(async () => {
    await runtime.close();
    await parsing.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('labels an image by its mean colour (ImageNet-style labels), highest first, topK kept', async () => {
    for (const [label, colour] of Object.entries(VISION_LABEL_COLOURS)) {
      const scores = await runtime.run(classifier, { png: await flat(colour as Rgb, 300, 200) });
      expect(scores[0]?.label).toBe(label);
      expect(scores[0]?.score).toBeGreaterThan(0.9);
      expect(scores).toHaveLength(VISION_LABELS.length);
      expect(scores.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 5);
    }
    const top = await runtime.run(classifier, { png: await flat([230, 210, 50]), topK: 2 });
    expect(top.map((s) => s.label)).toHaveLength(2);
    expect(top[0]?.label).toBe('lemon');
  });

  it('classifies many images in one batch, each on its own', async () => {
    const colours = Object.values(VISION_LABEL_COLOURS) as Rgb[];
    const before = recorded.batches.length;
    const pngs = await Promise.all(colours.map((c) => flat(c)));
    const results = await Promise.all(pngs.map((png) => runtime.run(classifier, { png })));
    expect(results.map((r) => r[0]?.label)).toEqual(VISION_LABELS);
    const batches = recorded.batches.slice(before).filter((b) => b.model.includes('vit-base'));
    expect(Math.max(...batches.map((b) => b.size))).toBeGreaterThan(1);
  });

  it('boxes the bright square in the pixels of the original image, PNG and JPEG, any size', async () => {
    const cases: [number, number, Square, 'png' | 'jpeg'][] = [
      [300, 200, { x: 40, y: 50, size: 60 }, 'png'],
      [640, 480, { x: 500, y: 10, size: 120 }, 'jpeg'],
      [1600, 1200, { x: 100, y: 900, size: 250 }, 'png'],
    ];
    for (const [width, height, square, format] of cases) {
      const found = await runtime.run(detector, { png: await squareImage(width, height, square, format) });
      expect(found.map((o) => o.label)).toEqual(['bright square']);
      expect(found[0]?.score).toBeGreaterThan(0.9);
      expectBox(found[0]?.box, square, format === 'jpeg' ? 2.5 : 1.5);
    }
  });

  it('keeps weaker objects under a lower threshold, clamped to the image, and finds nothing in the dark', async () => {
    const png = await squareImage(300, 200, { x: 10, y: 10, size: 30 });
    const found = await runtime.run(detector, { png, threshold: 0.5 });
    expect(found.map((o) => o.label)).toEqual(['bright square', 'frame']);
    expect(found[1]?.box).toEqual({ x: 0, y: 0, width: 300, height: 200 });
    expect(found[1]?.score).toBeGreaterThan(0.5);
    expect(found[1]?.score).toBeLessThan(0.7);
    expect(await runtime.run(detector, { png: await flat([20, 20, 20], 300, 200) })).toEqual([]);
    expect(
      (await runtime.run(detector, { png: await flat([20, 20, 20], 300, 200), threshold: 0.3 })).map((o) => o.label),
    ).toEqual(['frame']);
  });

  it('boxes an EXIF-rotated JPEG decoded by the parse pool in its displayed orientation', async () => {
    const stored = await squareImage(400, 300, { x: 20, y: 30, size: 80 }, 'jpeg', 6);
    const decoded = await parsing.decodeImage(stored);
    expect([decoded.width, decoded.height]).toEqual([300, 400]);
    const input: ImageSource = { rgb: decoded.rgb, width: decoded.width, height: decoded.height };
    const found = await runtime.run(detector, input);
    // Rotated 90° clockwise: (x, y) → (H − y − size, x) with H = 300.
    expectBox(found[0]?.box, { x: 300 - 30 - 80, y: 20, size: 80 }, 2.5);
    // Raw pixels give what the encoded image gives.
    const raw = squareRgb(300, 200, { x: 40, y: 50, size: 60 });
    const fromRaw = await runtime.run(detector, { rgb: raw, width: 300, height: 200 });
    expectBox(fromRaw[0]?.box, { x: 40, y: 50, size: 60 });
  });

  it('captions an image by its strongest colour, through the KV cache, many in one batch', async () => {
    const before = recorded.batches.length;
    const colours: [Rgb, string][] = [
      [[230, 20, 20], 'a red picture'],
      [[20, 200, 40], 'a green picture'],
      [[30, 40, 240], 'a blue picture'],
      [[250, 120, 100], 'a red picture'],
    ];
    const pngs = await Promise.all(colours.map(([colour]) => flat(colour, 320, 240)));
    const captions = await Promise.all(pngs.map((png) => runtime.run(captioner, { png })));
    expect(captions.map((c) => c.text)).toEqual(colours.map(([, text]) => text));
    for (const caption of captions) expect(caption.finishReason).toBe('stop');
    expect(captions[1]?.ids).toEqual(captionIds('green'));
    expect(captions[3]?.ids).toEqual(captionIds('red'));
    const batches = recorded.batches.slice(before).filter((b) => b.model.includes('vit-gpt2'));
    expect(Math.max(...batches.map((b) => b.size))).toBeGreaterThan(1);
  });

  it('cuts a caption at its own token budget, even when batched with longer ones', async () => {
    const png = await flat([20, 200, 40]);
    const [short, full] = await Promise.all([
      runtime.run(captioner, { png, maxNewTokens: 2 }),
      runtime.run(captioner, { png }),
    ]);
    expect(short).toMatchObject({ text: 'a green', finishReason: 'length' });
    expect(short.ids).toEqual(captionIds('green').slice(0, 2));
    expect(full).toMatchObject({ text: 'a green picture', finishReason: 'stop' });
  });

  it('stops a caption between tokens when its caller cancels', async () => {
    const pipeline = await imageCaptioning(fixtureHandle(dir, 'captioner'), 1);
    const controller = new AbortController();
    const png = await flat([230, 20, 20]);
    const [whole] = (await pipeline.run([{ png }], {
      signal: controller.signal,
      emit: () => undefined,
    })) as CaptionOutput[];
    expect(whole).toMatchObject({ text: 'a red picture', finishReason: 'stop' });
    controller.abort();
    const [cut] = (await pipeline.run([{ png }], {
      signal: controller.signal,
      emit: () => undefined,
    })) as CaptionOutput[];
    expect(cut?.finishReason).toBe('cancelled');
    expect(cut?.ids).toEqual(captionIds('red').slice(0, 1));
    await pipeline.dispose();
  });

  it('refuses what is not an image with a clear reason, and goes on', async () => {
    const text = new TextEncoder().encode('just some text');
    await expect(runtime.run(detector, { png: text })).rejects.toMatchObject({ code: 'unsupported_media' });
    await expect(runtime.run(captioner, { png: text })).rejects.toMatchObject({ code: 'unsupported_media' });
    expect((await runtime.run(captioner, { png: await flat([230, 20, 20]) })).text).toBe('a red picture');
  });
});
