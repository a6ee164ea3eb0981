import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { DETECTION_LABELS, VISION_LABELS } from '../../fixtures/models/vision.js';
import { tempDir } from '../../helpers/db.js';
import { pngHeader, type Square } from '../../helpers/images.js';
import { fixtureEnv, postJson, startTestServer, type TestServer } from '../../helpers/server.js';

interface Described {
  caption: string;
  objects: { label: string; score: number; box: { x: number; y: number; width: number; height: number } }[];
  labels: { label: string; score: number }[];
  width: number;
  height: number;
  model: Record<string, { repo: string; revision: string }>;
  image?: string;
}

/** A red picture with a white square (what the detector fixture boxes), encoded, optionally with EXIF orientation. */
async function redSquare(width: number, height: number, square: Square, format: 'png' | 'jpeg', orientation?: number) {
  const rgb = new Uint8Array(width * height * 3).map((_, i) => [200, 30, 30][i % 3] ?? 0);
  for (let y = square.y; y < square.y + square.size; y++)
    rgb.fill(255, (y * width + square.x) * 3, (y * width + square.x + square.size) * 3);
  let image = sharp(rgb, { raw: { width, height, channels: 3 } }).toFormat(format, { quality: 95 });
  if (orientation) image = image.withMetadata({ orientation });
  return new Uint8Array(await image.toBuffer());
}

/** The box of the one object found, within `tolerance` pixels of the square, and inside the image. */
function expectSquare(out: Described, square: Square, tolerance: number) {
  expect(out.objects.map((o) => o.label)).toEqual([DETECTION_LABELS[0]]);
  const box = out.objects[0]?.box ?? { x: -1, y: -1, width: -1, height: -1 };
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(out.width);
  expect(box.y + box.height).toBeLessThanOrEqual(out.height);
  expect(Math.abs(box.x - square.x)).toBeLessThan(tolerance);
  expect(Math.abs(box.y - square.y)).toBeLessThan(tolerance);
  expect(Math.abs(box.width - square.size)).toBeLessThan(tolerance * 2);
  expect(Math.abs(box.height - square.size)).toBeLessThan(tolerance * 2);
}

/** POST /v1/skills/describe through a whole server on the fixture vision models (real parse pool and inference). */
describe('POST /v1/skills/describe', () => {
  const modelsDir = tempDir('omb-models-');
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['classifier', 'detector', 'captioner'] });
    server = await startTestServer({ env: fixtureEnv(modelsDir, { PARSE_WORKERS: '1' }) });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const upload = (bytes: Uint8Array, name: string, type: string, query = '') => {
    const form = new FormData();
    form.set('file', new Blob([bytes], { type }), name);
    return fetch(`${server.url}/v1/skills/describe${query}`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: form,
    });
  };
  const described = async (res: Response) => {
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Described;
  };

  it('a PNG and a JPEG → caption, labels and boxes inside the image', async () => {
    const square = { x: 40, y: 30, size: 80 };
    for (const [format, type] of [
      ['png', 'image/png'],
      ['jpeg', 'image/jpeg'],
    ] as const) {
      const out = await described(await upload(await redSquare(300, 200, square, format), `cat.${format}`, type));
      expect(out.caption).toBe('a red picture');
      expect([out.width, out.height]).toEqual([300, 200]);
      expect(out.labels.length).toBeGreaterThan(0);
      expect(out.labels.length).toBeLessThanOrEqual(5);
      for (const l of out.labels) expect(VISION_LABELS).toContain(l.label);
      expect(out.labels[0]?.score).toBeGreaterThanOrEqual(out.labels.at(-1)?.score ?? 1);
      expectSquare(out, square, format === 'jpeg' ? 2.5 : 1.5);
      expect(Object.keys(out.model).sort()).toEqual(['captioner', 'classifier', 'detector']);
    }
  });

  it('an EXIF-rotated JPEG (orientation 6) → boxes in the displayed orientation', async () => {
    const stored = await redSquare(400, 300, { x: 20, y: 30, size: 80 }, 'jpeg', 6);
    const out = await described(await upload(stored, 'phone.jpg', 'image/jpeg'));
    expect([out.width, out.height]).toEqual([300, 400]);
    // Turned 90° clockwise for display: (x, y) → (H − y − size, x), H = 300.
    expectSquare(out, { x: 300 - 30 - 80, y: 20, size: 80 }, 2.5);
  });

  it('a 17000×17000 PNG header → 413 from its header, nothing allocated for its pixels', async () => {
    const before = process.memoryUsage().rss;
    const res = await upload(pngHeader(17_000, 17_000), 'huge.png', 'image/png');
    expect([413, 422]).toContain(res.status);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.message).toContain('17000×17000');
    // The decoded image would be 867 MB of RGB; the parse worker runs in this process, so its memory shows here.
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 * 1024);
  });

  it('a text file named .png → 415 saying what it is', async () => {
    const res = await upload(new Uint8Array(Buffer.from('not a picture at all\n')), 'cat.png', 'image/png');
    expect(res.status).toBe(415);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error).toMatchObject({ code: 'unsupported_media' });
    expect(error.message).toContain('a text file');
  });

  it('?draw=1 adds the image with the boxes drawn (a PNG of the same size); Accept: image/png gets it alone', async () => {
    const png = await redSquare(300, 200, { x: 100, y: 60, size: 50 }, 'png');
    const out = await described(await upload(png, 'cat.png', 'image/png', '?draw=1'));
    const drawn = Buffer.from(out.image ?? '', 'base64');
    expect(await sharp(drawn).metadata()).toMatchObject({ format: 'png', width: 300, height: 200 });
    // The box's edge is drawn in a colour the picture does not have.
    const { data } = await sharp(drawn).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * 300 + x) * 3, (y * 300 + x) * 3 + 3)];
    expect(at(100, 85)).not.toEqual([255, 255, 255]);
    expect(at(5, 5)).toEqual([200, 30, 30]);
    const form = new FormData();
    form.set('file', new Blob([png], { type: 'image/png' }), 'cat.png');
    const raw = await fetch(`${server.url}/v1/skills/describe?draw=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', accept: 'image/png' },
      body: form,
    });
    expect(raw.headers.get('content-type')).toBe('image/png');
  });

  it('a url off the platforms’ media hosts is refused (403); no image at all is a 400', async () => {
    const res = await postJson(server, '/v1/skills/describe', { url: 'http://127.0.0.1:9/cat.png' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("platform's own hosts");
    expect((await postJson(server, '/v1/skills/describe', { boxes: true })).status).toBe(400);
  });
});
