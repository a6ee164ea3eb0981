import path from 'node:path';
import { AutoImageProcessor, type Tensor } from '@huggingface/transformers';
import { AppError, isAppError } from '../../errors.js';
import type { ModelHandle } from '../protocol.js';
import type { Box, DetectedObject, ObjectDetectionInput } from '../tasks.js';
import { labelsOf, type ModelConfig, softmax } from './encoder.js';
import { type PreprocessorConfig, readJson, toRawImage } from './image-input.js';
import { ItemFailure, type Pipeline } from './pipeline.js';
import { TimedSession, type Values } from './timed-session.js';

/** transformers.js' object-detection pipeline keeps objects scoring at least this by default. */
export const DEFAULT_DETECTION_THRESHOLD = 0.9;

/**
 * Object detection with a DETR-style Hub export (facebook/detr-resnet-50 as Xenova/detr-resnet-50): the image
 * processor resizes and normalises as preprocessor_config.json says (shortest edge 800, longest 1333), the model
 * gives for each of its queries `logits` over the labels plus a last "no object" class and `pred_boxes` as
 * (centre x, centre y, width, height) in [0, 1] of the image. A query whose best class is "no object", or whose
 * best score (softmax over all classes, "no object" included) is under the threshold, is dropped; the others'
 * boxes go back to the pixels of the image as given, clamped to it. Images run one at a time: they differ in size
 * after resizing, and padding them into one batch would change what the model sees unless its export takes a mask.
 */
export async function objectDetection(model: ModelHandle, threads: number): Promise<Pipeline> {
  const config = readJson<ModelConfig>(model.dir, 'config.json');
  const processor = await AutoImageProcessor.from_pretrained(model.dir, { local_files_only: true });
  const onnx = model.files.find((f) => f === 'onnx/model.onnx') ?? model.files.find((f) => f.endsWith('.onnx'));
  if (!onnx) throw new AppError('unavailable', 'the object detector has no .onnx file');
  const session = await TimedSession.open(path.join(model.dir, onnx), threads);
  const takesMask = session.inputNames.includes('pixel_mask');
  const preprocessor = readJson<PreprocessorConfig>(model.dir, 'preprocessor_config.json');

  return {
    async run(inputs, ctx) {
      const outputs: (DetectedObject[] | ItemFailure)[] = [];
      for (const input of inputs as ObjectDetectionInput[]) {
        if (ctx.signal.aborted) throw new AppError('unavailable', 'the request was cancelled');
        const image = await shrunk(input, preprocessor).catch((error: unknown) => {
          if (isAppError(error)) return new ItemFailure(error.code, error.message);
          throw error;
        });
        if (image instanceof ItemFailure) {
          outputs.push(image);
          continue;
        }
        const { pixel_values, pixel_mask } = (await processor([image.pixels])) as {
          pixel_values: Tensor;
          pixel_mask?: Tensor;
        };
        const feeds: Record<string, Values> = {
          pixel_values: { data: pixel_values.data as Float32Array, dims: pixel_values.dims },
        };
        if (takesMask) feeds.pixel_mask = maskOf(pixel_mask, pixel_values.dims);
        const out = await session.run(feeds);
        const { logits, pred_boxes: boxes } = out;
        if (!logits || !boxes) throw new AppError('unavailable', 'the object detector returned no logits or boxes');
        const threshold = input.threshold ?? DEFAULT_DETECTION_THRESHOLD;
        const labels = labelsOf(config, (logits.dims.at(-1) ?? 1) - 1);
        outputs.push(detections(logits, boxes.data, labels, image.original, threshold));
      }
      return outputs;
    },
    dispose: () => session.release(),
  };
}

/**
 * The image, already at the size the processor would resize it to when that is smaller (a phone photo to 1066×800):
 * sharp shrinks it antialiased, as Pillow does for the Python processor, where the processor's own affine resize
 * would skip most pixels. Enlarging is left to the processor. `original` is the size boxes are reported in.
 */
async function shrunk(input: ObjectDetectionInput, preprocessor: PreprocessorConfig) {
  const image = await toRawImage(input);
  const original = { width: image.width, height: image.height };
  const target = resizedSize(preprocessor, image.width, image.height);
  if (!target || target.width >= image.width || target.height >= image.height) return { pixels: image, original };
  const raw = { rgb: image.data as Uint8Array, width: image.width, height: image.height };
  return { pixels: await toRawImage(raw, { ...target, kernel: 'linear' }), original };
}

/** transformers.js' (and Pillow's DETR processor's) output size for shortest_edge / longest_edge. */
export function resizedSize(
  preprocessor: PreprocessorConfig,
  width: number,
  height: number,
): { width: number; height: number } | undefined {
  const { shortest_edge: shortest, longest_edge: longest } = preprocessor.size ?? {};
  if (preprocessor.do_resize === false || (shortest === undefined && longest === undefined)) return undefined;
  const up = shortest === undefined ? 1 : Math.max(shortest / width, shortest / height);
  const [w, h] = [width * up, height * up];
  const down = longest === undefined ? 1 : Math.min(longest / w, longest / h);
  return { width: Math.floor(Number((w * down).toFixed(2))), height: Math.floor(Number((h * down).toFixed(2))) };
}

/** The processor's all-ones mask (transformers.js makes it 64×64; the model resizes it to its feature map). */
function maskOf(mask: Tensor | undefined, dims: readonly number[]): Values {
  if (mask) return { data: Array.from(mask.data as ArrayLike<number | bigint>, Number), dims: mask.dims };
  const [batch = 1, , height = 1, width = 1] = dims;
  return { data: new Float32Array(batch * height * width).fill(1), dims: [batch, height, width] };
}

/** Post-processing of one image's queries (logits [1, queries, labels + 1], boxes [1, queries, 4]). */
export function detections(
  logits: { data: Float32Array; dims: readonly number[] },
  boxes: Float32Array,
  labels: readonly string[],
  image: { width: number; height: number },
  threshold: number,
): DetectedObject[] {
  const classes = logits.dims.at(-1) ?? 0;
  const queries = logits.dims.at(-2) ?? 0;
  const found: DetectedObject[] = [];
  for (let q = 0; q < queries; q++) {
    const probabilities = softmax(logits.data.subarray(q * classes, (q + 1) * classes));
    let best = 0;
    for (let k = 1; k < classes; k++) if ((probabilities[k] ?? 0) > (probabilities[best] ?? 0)) best = k;
    const score = probabilities[best] ?? 0;
    if (best === classes - 1 || score < threshold) continue;
    const [cx = 0, cy = 0, w = 0, h = 0] = boxes.subarray(q * 4, q * 4 + 4);
    found.push({ label: labels[best] ?? `LABEL_${best}`, score, box: toPixels(cx, cy, w, h, image) });
  }
  return found.sort((a, b) => b.score - a.score);
}

/** A normalised centre/size box → pixels of the image, clamped to it. */
function toPixels(cx: number, cy: number, w: number, h: number, image: { width: number; height: number }): Box {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const x0 = clamp((cx - w / 2) * image.width, image.width);
  const y0 = clamp((cy - h / 2) * image.height, image.height);
  const x1 = clamp((cx + w / 2) * image.width, image.width);
  const y1 = clamp((cy + h / 2) * image.height, image.height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
