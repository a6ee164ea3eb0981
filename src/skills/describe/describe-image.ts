import { z } from 'zod';
import type { DecodedImage } from '../../parse/index.js';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { modelRef } from '../sentiment/index.js';

/** The three models a description comes from. */
export interface DescribeModels {
  classifier: ModelSpec;
  detector: ModelSpec;
  captioner: ModelSpec;
}

/** Labels kept per image: enough to show the runner-ups, few enough to read. */
export const TOP_LABELS = 5;

const probability = z.number().min(0).max(1);
const box = z
  .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
  .describe('In pixels of the image as a viewer shows it (EXIF orientation applied), inside it');

export const descriptionOutput = z.object({
  caption: z.string().describe('Machine-written: a model’s guess, not a human description'),
  objects: z.array(z.object({ label: z.string(), score: probability, box })).describe('Highest score first'),
  labels: z.array(z.object({ label: z.string(), score: probability })).describe('ImageNet labels, highest first'),
  width: z.number().int().describe('Of the image as a viewer shows it'),
  height: z.number().int(),
  model: z.object({ captioner: modelRef, detector: modelRef, classifier: modelRef }),
});
export type ImageDescription = z.infer<typeof descriptionOutput>;

export interface DescribeOptions {
  /** Objects scoring less are left out (the detector's default, 0.9, when absent). */
  threshold?: number | undefined;
  /** Only the caption (alt text): the detector and the classifier are not run. */
  captionOnly?: boolean | undefined;
  priority?: 'interactive' | 'background';
  signal?: AbortSignal | undefined;
}

/**
 * A decoded image → caption, objects and labels. The three models run on the pool side by side (each batched with
 * other requests for the same model); the pixels are copied to each, since all three read them.
 */
export async function describeImage(
  runtime: Runtime,
  models: DescribeModels,
  image: Pick<DecodedImage, 'rgb' | 'width' | 'height'>,
  options: DescribeOptions = {},
): Promise<ImageDescription> {
  const { rgb, width, height } = image;
  const pixels = { rgb, width, height };
  const run = { priority: options.priority ?? 'interactive', signal: options.signal };
  const captioner = { ...models.captioner, task: 'image-to-text' as const };
  const detector = { ...models.detector, task: 'object-detection' as const };
  const classifier = { ...models.classifier, task: 'image-classification' as const };
  const threshold = options.threshold;
  const [caption, objects, labels] = await Promise.all([
    runtime.run(captioner, pixels, run),
    options.captionOnly ? [] : runtime.run(detector, threshold === undefined ? pixels : { ...pixels, threshold }, run),
    options.captionOnly ? [] : runtime.run(classifier, { ...pixels, topK: TOP_LABELS }, run),
  ]);
  const ref = (spec: ModelSpec) => ({ repo: spec.repo, revision: runtime.revisionOf(spec) });
  return {
    caption: caption.text,
    objects,
    labels,
    width,
    height,
    model: { captioner: ref(captioner), detector: ref(detector), classifier: ref(classifier) },
  };
}
