import { cpus } from 'node:os';
import { pipeline, RawImage } from '@huggingface/transformers';
import type { DefaultModelId } from '../src/runtime/manifest.js';
import type { CaptionInput, ImageClassificationInput, ObjectDetectionInput } from '../src/runtime/tasks.js';
import { benchModel, benchPool } from './models.js';
import { median } from './stats.js';

const CLASSIFY_IMAGES = 16;
const CAPTION_IMAGES = 4;
const CAPTION_TOKENS = 8;
const DETECT_IMAGES = 2;
const ROUNDS = 3;

/** A 640×480 picture with structure (gradients and a square), different for each index. */
function picture(index: number): { rgb: Uint8Array; width: number; height: number } {
  const [width, height] = [640, 480];
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = Math.abs(x - 100 - index * 7) < 60 && Math.abs(y - 200) < 60;
      rgb.set(
        inside ? [250, 250, 250] : [(x + index * 13) % 256, (y * 2) % 256, (index * 31) % 256],
        (y * width + x) * 3,
      );
    }
  }
  return { rgb, width, height };
}

/**
 * The vision pipelines on full-size random-weight models (ViT-Base/16 classifier; ViT-Base + GPT-2 captioner; DETR
 * with a ResNet-50 backbone):
 * ours (the pool: one worker with all the cores, micro-batches, one decoding loop per batch) against
 * transformers.js' image-classification and image-to-text pipelines called image by image on the main thread,
 * same files, same ORT threads. Images per second, medians of several rounds.
 */
export async function describe(): Promise<Record<string, unknown>> {
  const threads = cpus().length;
  const classify = await compare('classifier', 'image-classification', CLASSIFY_IMAGES, threads, {});
  const caption = await compare('captioner', 'image-to-text', CAPTION_IMAGES, threads, {
    max_new_tokens: CAPTION_TOKENS,
  });
  const detect = await compare('detector', 'object-detection', DETECT_IMAGES, threads, { threshold: 0.9 });
  return {
    classification_ours_per_s: classify.ours,
    classification_peer_per_s: classify.peer,
    classification_ratio: round(classify.ours / classify.peer),
    caption_ours_per_s: caption.ours,
    caption_peer_per_s: caption.peer,
    caption_ratio: round(caption.ours / caption.peer),
    detection_ours_per_s: detect.ours,
    detection_peer_per_s: detect.peer,
    detection_ratio: round(detect.ours / detect.peer),
    classification_images: CLASSIFY_IMAGES,
    detection_images: DETECT_IMAGES,
    caption_images: CAPTION_IMAGES,
    caption_tokens: CAPTION_TOKENS,
    rounds: ROUNDS,
    threads,
  };
}

async function compare(
  id: DefaultModelId,
  task: 'image-classification' | 'image-to-text' | 'object-detection',
  count: number,
  threads: number,
  peerOptions: Record<string, unknown>,
): Promise<{ ours: number; peer: number }> {
  const { handle, dir } = benchModel(id);
  const images = Array.from({ length: count }, (_, i) => picture(i));
  const input = (i: (typeof images)[number]): ImageClassificationInput | CaptionInput | ObjectDetectionInput =>
    task === 'image-to-text' ? { ...i, maxNewTokens: CAPTION_TOKENS } : i;

  const pool = benchPool(threads, count * 2);
  await pool.run(handle, input(picture(99)));
  const ours: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await Promise.all(images.map((i) => pool.run(handle, input(i))));
    ours.push(count / ((performance.now() - started) / 1000));
  }
  await pool.close();

  const peer = await pipeline(task, dir, {
    local_files_only: true,
    dtype: id === 'captioner' ? 'q8' : 'fp32',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  const raw = (i: (typeof images)[number]) => new RawImage(i.rgb, i.width, i.height, 3);
  await (peer as (image: RawImage, options: object) => Promise<unknown>)(raw(picture(99)), peerOptions);
  const theirs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (const image of images) await (peer as (i: RawImage, o: object) => Promise<unknown>)(raw(image), peerOptions);
    theirs.push(count / ((performance.now() - started) / 1000));
  }
  await peer.dispose();
  return { ours: round(median(ours)), peer: round(median(theirs)) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
