import {
  type ImageClassificationPipeline,
  type ImageToTextPipeline,
  type ObjectDetectionPipeline,
  RawImage,
  type Tensor,
} from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageCaptioning } from '../../src/runtime/pipelines/captioning.js';
import { imageClassification } from '../../src/runtime/pipelines/image-classification.js';
import { objectDetection } from '../../src/runtime/pipelines/object-detection.js';
import type { Pipeline } from '../../src/runtime/pipelines/pipeline.js';
import type { ModelHandle } from '../../src/runtime/protocol.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import type { CaptionOutput, DetectedObject, LabelScore, TaskName } from '../../src/runtime/tasks.js';
import { type FileContent, writeModel } from '../fixtures/models/generate.js';
import {
  CAPTION_COLOURS,
  captionerFiles,
  detrFiles,
  VISION_LABELS,
  vitClassifierFiles,
} from '../fixtures/models/vision.js';
import { squareRgb } from '../helpers/images.js';
import { reference, runOurs, scratch } from './reference.js';

function writeHandle(root: string, repo: string, task: TaskName, files: Record<string, FileContent>): ModelHandle {
  writeModel(root, repo, files);
  return { key: repo, dir: modelDir(root, repo), task, files: Object.keys(files), bytes: 0 };
}

/** Seeded pseudo-random bytes. */
function noise(count: number, seed: number): Uint8Array {
  const out = new Uint8Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/** Images that exercise the graphs: flat colours of any size, and 224×224 pictures with texture and structure. */
function images(): { rgb: Uint8Array; width: number; height: number }[] {
  const flat = (rgb: [number, number, number], width: number, height: number) => ({
    rgb: new Uint8Array(width * height * 3).map((_, i) => rgb[i % 3] ?? 0),
    width,
    height,
  });
  const gradient = new Uint8Array(224 * 224 * 3).map((_, i) => {
    const p = Math.floor(i / 3);
    return [(p % 224) + 16, Math.floor(p / 224), 128][i % 3] ?? 0;
  });
  return [
    flat([220, 30, 30], 300, 200),
    flat([40, 90, 210], 64, 64),
    flat([40, 170, 60], 100, 150),
    flat([240, 220, 40], 1024, 512),
    flat([128, 128, 128], 224, 224),
    { rgb: noise(224 * 224 * 3, 7), width: 224, height: 224 },
    { rgb: gradient, width: 224, height: 224 },
    { rgb: squareRgb(224, 224, { x: 30, y: 40, size: 100 }), width: 224, height: 224 },
  ];
}

const raw = (i: { rgb: Uint8Array; width: number; height: number }) =>
  new RawImage(i.rgb.slice(), i.width, i.height, 3);
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-6);

describe('image classification agrees with transformers.js', () => {
  const tmp = scratch('vision-cls');
  let ours: Pipeline;
  let peer: ImageClassificationPipeline;
  beforeAll(async () => {
    const handle = writeHandle(tmp.dir, 'fixtures/vit', 'image-classification', vitClassifierFiles(11));
    ours = await imageClassification(handle, 1);
    peer = (await reference('image-classification', handle.dir)) as ImageClassificationPipeline;
  });
  afterAll(async () => {
    await ours?.dispose();
    await peer?.dispose();
    tmp.dispose();
  });

  it('gives the same labels in the same order and the same scores (1e-4), for a whole batch at once', async () => {
    const inputs = images();
    const batch = await runOurs<LabelScore[]>(ours, inputs);
    const tops = new Set<string>();
    for (const [i, input] of inputs.entries()) {
      const want = (await peer(raw(input), { top_k: VISION_LABELS.length })) as LabelScore[];
      const got = batch[i] ?? [];
      expect(
        got.map((s) => s.label),
        `image ${i}`,
      ).toEqual(want.map((s) => s.label));
      for (const [k, s] of got.entries())
        expect(Math.abs(s.score - (want[k]?.score ?? 0)), `image ${i}`).toBeLessThan(1e-4);
      tops.add(got[0]?.label ?? '');
    }
    // Not a constant: the pictures get different labels.
    expect(tops.size).toBeGreaterThanOrEqual(4);
  });
});

describe('object detection agrees with transformers.js', () => {
  const tmp = scratch('vision-det');
  let ours: Pipeline;
  let peer: ObjectDetectionPipeline;
  beforeAll(async () => {
    const handle = writeHandle(tmp.dir, 'fixtures/detr', 'object-detection', detrFiles(12));
    ours = await objectDetection(handle, 1);
    peer = (await reference('object-detection', handle.dir)) as ObjectDetectionPipeline;
  });
  afterAll(async () => {
    await ours?.dispose();
    await peer?.dispose();
    tmp.dispose();
  });

  it('finds the same objects with the same labels, scores (1e-5) and boxes (1e-3 relative)', async () => {
    const inputs = [
      ...images(),
      { rgb: squareRgb(640, 360, { x: 400, y: 200, size: 90 }), width: 640, height: 360 },
      { rgb: squareRgb(333, 500, { x: 3, y: 450, size: 40 }), width: 333, height: 500 },
    ];
    const threshold = 0.3;
    const batch = await runOurs<DetectedObject[]>(
      ours,
      inputs.map((i) => ({ ...i, threshold })),
    );
    let boxes = 0;
    for (const [i, input] of inputs.entries()) {
      type PeerObject = {
        label: string;
        score: number;
        box: { xmin: number; ymin: number; xmax: number; ymax: number };
      };
      const want = ((await peer(raw(input), { threshold, percentage: true })) as PeerObject[]).sort(
        (a, b) => b.score - a.score,
      );
      const got = batch[i] ?? [];
      expect(
        got.map((o) => o.label),
        `image ${i}`,
      ).toEqual(want.map((o) => o.label));
      for (const [k, o] of got.entries()) {
        const w = want[k];
        if (!w) continue;
        expect(Math.abs(o.score - w.score)).toBeLessThan(1e-5);
        const mine = [o.box.x / input.width, o.box.y / input.height, (o.box.x + o.box.width) / input.width];
        const theirs = [w.box.xmin, w.box.ymin, w.box.xmax];
        mine.push((o.box.y + o.box.height) / input.height);
        theirs.push(w.box.ymax);
        for (const [j, v] of mine.entries())
          expect(relative(v, theirs[j] ?? 0), `image ${i} box ${j}`).toBeLessThan(1e-3);
        boxes++;
      }
    }
    expect(boxes).toBeGreaterThan(inputs.length);
  });
});

describe('image captioning agrees with transformers.js', () => {
  const tmp = scratch('vision-cap');
  let ours: Pipeline;
  let peer: ImageToTextPipeline;
  beforeAll(async () => {
    const handle = writeHandle(tmp.dir, 'fixtures/vit-gpt2', 'image-to-text', captionerFiles(13));
    ours = await imageCaptioning(handle, 1);
    peer = (await reference('image-to-text', handle.dir)) as ImageToTextPipeline;
  });
  afterAll(async () => {
    await ours?.dispose();
    await peer?.dispose();
    tmp.dispose();
  });

  it('writes the same token ids and text for each image of a batch as the reference does one by one', async () => {
    const inputs = images();
    const batch = await runOurs<CaptionOutput>(ours, inputs);
    const texts = new Set<string>();
    for (const [i, input] of inputs.entries()) {
      const { pixel_values } = (await peer.processor(raw(input))) as { pixel_values: Tensor };
      const ids = (
        (await peer.model.generate({ inputs: pixel_values, max_new_tokens: 30 })) as Tensor
      ).tolist() as bigint[][];
      const peerIds = (ids[0] ?? []).slice(1).map(Number);
      const eos = peerIds.at(-1);
      expect(batch[i]?.ids, `image ${i}`).toEqual(peerIds.slice(0, -1));
      expect(batch[i]?.finishReason).toBe('stop');
      expect(eos).toBe(peer.tokenizer.convert_tokens_to_ids('<|endoftext|>'));
      const [peerText] = (await peer(raw(input), { max_new_tokens: 30 })) as { generated_text: string }[];
      expect(batch[i]?.text).toBe(peerText?.generated_text);
      texts.add(batch[i]?.text ?? '');
    }
    expect(texts).toEqual(new Set(CAPTION_COLOURS.map((c) => `a ${c} picture`)));
  });
});
