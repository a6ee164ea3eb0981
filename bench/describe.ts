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
  // DESCRIBE_TASKS=classification,caption,detection runs some of them (all by default).
  const only = process.env.DESCRIBE_TASKS?.split(',').map((t) => t.trim());
  const wanted = (task: string) => !only || only.includes(task);
  const result: Record<string, unknown> = {};
  const record = (name: string, images: number, rates: { ours: number; peer: number }) => {
    Object.assign(result, {
      [`${name}_ours_per_s`]: rates.ours,
      [`${name}_peer_per_s`]: rates.peer,
      [`${name}_ratio`]: round(rates.ours / rates.peer),
      [`${name}_images`]: images,
    });
  };
  if (wanted('classification')) {
    record(
      'classification',
      CLASSIFY_IMAGES,
      await compare('classifier', 'image-classification', CLASSIFY_IMAGES, threads, {}),
    );
  }
  if (wanted('caption')) {
    const options = { max_new_tokens: CAPTION_TOKENS };
    record('caption', CAPTION_IMAGES, await compare('captioner', 'image-to-text', CAPTION_IMAGES, threads, options));
    result.caption_tokens = CAPTION_TOKENS;
  }
  if (wanted('detection')) {
    const options = { threshold: 0.9 };
    record('detection', DETECT_IMAGES, await compare('detector', 'object-detection', DETECT_IMAGES, threads, options));
  }
  return { ...result, rounds: ROUNDS, threads };
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
  const peer = await pipeline(task, dir, {
    local_files_only: true,
    dtype: id === 'captioner' ? 'q8' : 'fp32',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  const callPeer = peer as (image: RawImage, options: object) => Promise<unknown>;
  const raw = (i: (typeof images)[number]) => new RawImage(i.rgb, i.width, i.height, 3);
  await callPeer(raw(picture(99)), peerOptions);
  // Rounds alternate (ours, theirs, ours…) so a shared machine's changing load falls on both sides alike.
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    await Promise.all(images.map((i) => pool.run(handle, input(i))));
    ours.push(count / ((performance.now() - started) / 1000));
    started = performance.now();
    for (const image of images) await callPeer(raw(image), peerOptions);
    theirs.push(count / ((performance.now() - started) / 1000));
  }
  await pool.close();
  await peer.dispose();
  return { ours: round(median(ours)), peer: round(median(theirs)) };
}

/** Three significant digits: rates of a few images a minute stay readable. */
function round(value: number): number {
  return Number(value.toPrecision(3));
}
