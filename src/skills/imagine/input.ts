import { z } from 'zod';
import type { CommandOption } from '../skill.js';
import { FLAGGED_POLICIES } from './safety.js';

const SIZES = ['512x512', '768x512', '512x768', '256x256'] as const;
const side = z.number().int('skill.imagine.wholePixels');

/** /imagine's options and the API's body (negative_prompt, width, height) in one shape. */
export const imagineInput = z
  .object({
    /** Required to draw; a moderator changing `flagged` alone needs none. */
    prompt: z.string().trim().max(1000, 'skill.imagine.promptTooLong').optional(),
    negative_prompt: z.string().trim().max(1000).optional(),
    /** Command option name for negative_prompt. */
    negative: z.string().trim().max(1000).optional(),
    seed: z.number().int().min(0).max(0xffffffff, 'skill.imagine.seedRange').optional(),
    size: z.enum(SIZES).optional(),
    width: side.optional(),
    height: side.optional(),
    steps: z.number().int().optional(),
    /** Moderators: what happens here to images the safety classifier flags. */
    flagged: z.enum(FLAGGED_POLICIES).optional(),
  })
  .transform((v) => {
    const [w, h] = (v.size ?? '512x512').split('x').map(Number);
    return {
      prompt: v.prompt ?? '',
      negativePrompt: v.negative_prompt ?? v.negative,
      seed: v.seed,
      width: v.width ?? w ?? 512,
      height: v.height ?? h ?? 512,
      steps: v.steps,
      flagged: v.flagged,
    };
  });
export type ImagineInput = z.infer<typeof imagineInput>;

export function imagineOptions(turbo: boolean, withSafety: boolean): CommandOption[] {
  return [
    // Optional only when moderators may use /imagine for the flagged-image setting alone.
    { name: 'prompt', description: 'What to draw', type: 'string', required: !withSafety },
    { name: 'negative', description: 'What to keep out of the image', type: 'string' },
    { name: 'seed', description: 'Same seed and prompt, same image (random when left out)', type: 'integer' },
    { name: 'size', description: 'Width × height in pixels', type: 'string', choices: SIZES },
    { name: 'steps', description: turbo ? 'Denoising steps, 1–4' : 'Denoising steps, 10–50', type: 'integer' },
    ...(withSafety
      ? [
          {
            name: 'flagged',
            description: 'Moderators: flagged images here are refused, spoilered, or allowed (age-restricted only)',
            type: 'string' as const,
            choices: FLAGGED_POLICIES,
          },
        ]
      : []),
  ];
}
