import { AppError } from '../../errors.js';
import type { ImageInput } from '../tasks.js';

/**
 * The sizes and steps the text-to-image pipeline accepts. Kept apart from the pipeline (text-to-image.ts) so the
 * imagine skill checks a request on the main thread without loading what the pipeline needs (onnxruntime,
 * transformers.js, sharp), which took a large part of the server's start when the skill imported the pipeline.
 */
export const IMAGE_LIMITS = { minSide: 256, maxSide: 1024, multiple: 64, maxSteps: 50 } as const;

/** Refuses sizes, steps, seeds and prompts the pipeline cannot run, with the reason (the skill calls it before queueing). */
export function checkImageInput(input: ImageInput): void {
  const { minSide, maxSide, multiple, maxSteps } = IMAGE_LIMITS;
  for (const [name, side] of [
    ['width', input.width],
    ['height', input.height],
  ] as const) {
    if (!Number.isInteger(side) || side % multiple !== 0 || side < minSide || side > maxSide) {
      throw new AppError('bad_request', `${name} must be a multiple of ${multiple} from ${minSide} to ${maxSide}`);
    }
  }
  if (!Number.isInteger(input.steps) || input.steps < 1 || input.steps > maxSteps) {
    throw new AppError('bad_request', `steps must be from 1 to ${maxSteps}`);
  }
  if (!Number.isInteger(input.seed) || input.seed < 0 || input.seed > 0xffffffff) {
    throw new AppError('bad_request', 'seed must be a whole number from 0 to 4294967295');
  }
  if (!input.prompt?.trim()) throw new AppError('bad_request', 'the prompt is empty');
}
