import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIP_MAX_LENGTH, encodePrompt, loadClipTokenizer } from '../../src/runtime/pipelines/clip-tokenizer.js';
import { eulerSchedule, gaussianNoise } from '../../src/runtime/pipelines/euler.js';
import type { Pipeline } from '../../src/runtime/pipelines/pipeline.js';
import { textToImage } from '../../src/runtime/pipelines/text-to-image.js';
import type { ImageOutput } from '../../src/runtime/tasks.js';
import { SD_TURBO_SCHEDULER } from '../fixtures/models/stable-diffusion.js';
import { tokenizerCorpus } from './corpus.js';
import { runOurs, scratch } from './reference.js';
import {
  clipTokenizerPair,
  GUIDANCE_PIXEL_SCALE,
  GUIDANCE_WEIGHTS,
  guidanceFixture,
} from './stable-diffusion-models.js';

/**
 * diffusers' EulerDiscreteScheduler.set_timesteps(n) for stabilityai/sd-turbo's scheduler/scheduler_config.json
 * (scaled_linear betas 0.00085 → 0.012 over 1000 steps, timestep_spacing "trailing", interpolation "linear").
 * Timesteps: round(arange(1000, 0, −1000/n)) − 1 (diffusers src/diffusers/schedulers/scheduling_euler_discrete.py,
 * the "trailing" branch; the SD-Turbo model card runs 1 step at t = 999). Sigmas: ((1 − ᾱ)/ᾱ)^½ interpolated at
 * those timesteps, float32 as diffusers computes them, then a final 0; init_noise_sigma is the largest sigma for
 * "trailing". σ(999) = 14.6146 and σ(0) = 0.0292 are the published sigma_max/sigma_min of SD's discrete schedule
 * (k-diffusion's and ComfyUI's defaults 14.614642 and 0.0291675); the middle values are diffusers' formula run
 * in float32 (numpy), written out here so a change of our formula cannot also change the expectation.
 */
const DIFFUSERS_SD_TURBO = {
  1: { timesteps: [999], sigmas: [14.614655, 0] },
  2: { timesteps: [999, 499], sigmas: [14.614655, 1.6128867, 0] },
  3: { timesteps: [999, 666, 332], sigmas: [14.614655, 2.9183085, 0.92921454, 0] },
  4: { timesteps: [999, 749, 499, 249], sigmas: [14.614655, 4.0817323, 1.6128867, 0.69320506, 0] },
} as const;

describe('Euler schedule agrees with diffusers for SD-Turbo', () => {
  it.each([1, 2, 3, 4] as const)(
    '%i step(s): the same timesteps, sigmas (within 1e-5 relative) and init sigma',
    (steps) => {
      const want = DIFFUSERS_SD_TURBO[steps];
      const got = eulerSchedule(SD_TURBO_SCHEDULER, steps);
      expect(got.timesteps).toEqual(want.timesteps);
      expect(got.sigmas).toHaveLength(want.sigmas.length);
      for (const [i, sigma] of want.sigmas.entries()) {
        expect(Math.abs((got.sigmas[i] ?? Number.NaN) - sigma)).toBeLessThanOrEqual(1e-5 * Math.max(1, sigma));
      }
      expect(got.initNoiseSigma).toBeCloseTo(14.614655, 4);
      expect(got.sigmas[0]).toBeCloseTo(14.614642, 4);
    },
  );
});

describe("CLIP token ids agree with transformers.js' CLIPTokenizer on CLIP's full-size vocab and merges", () => {
  const tmp = scratch('clip');
  let ours: PreTrainedTokenizer;
  let peer: PreTrainedTokenizer;

  beforeAll(async () => {
    ({ ours, peer } = await clipTokenizerPair(tmp.dir));
  });
  afterAll(() => tmp.dispose());

  it('gives the same 77 ids (start, prompt, end, padding; long prompts cut) for every prompt of the corpus', () => {
    const prompts = [
      'a photo of a cat',
      "an astronaut riding a horse on mars, it's 4k, don't blur",
      'A   Photo\tOF  a CAT!!! 🐱👩🏽‍🚀 ÉCOLE naïve café',
      Array.from({ length: 120 }, (_, i) => `word${i}`).join(' '),
      ...tokenizerCorpus(400, 77),
    ];
    let cut = 0;
    for (const prompt of prompts) {
      const mine = encodePrompt(ours, prompt);
      const theirs = Array.from(
        peer(prompt, { padding: 'max_length', max_length: CLIP_MAX_LENGTH }).input_ids.data as BigInt64Array,
        Number,
      );
      if (theirs.length <= CLIP_MAX_LENGTH) {
        expect(mine.ids, prompt).toEqual(theirs);
        continue;
      }
      // Too long: transformers.js' truncation cuts <|endoftext|> off; Python's tokenizers (which diffusers calls)
      // keep it last, and CLIP pools at it. Ours does the same: the reference's first 76 ids, then <|endoftext|>.
      expect(mine.ids.slice(0, CLIP_MAX_LENGTH - 1), prompt).toEqual(theirs.slice(0, CLIP_MAX_LENGTH - 1));
      expect(mine.ids.at(-1)).toBe(theirs.at(-1));
      expect(mine.truncated).toBe(true);
      cut++;
    }
    expect(cut).toBeGreaterThan(0);
  });
});

describe('classifier-free guidance combines the two UNet outputs as uncond + g·(cond − uncond)', () => {
  const tmp = scratch('cfg');
  let ours: Pipeline;

  beforeAll(async () => {
    const files = guidanceFixture();
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(tmp.dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content instanceof Uint8Array ? content : JSON.stringify(content));
    }
    ours = await textToImage(
      { key: 'cfg', dir: tmp.dir, task: 'text-to-image', files: Object.keys(files), bytes: 0 },
      1,
    );
  });
  afterAll(async () => {
    await ours?.dispose();
    tmp.dispose();
  });

  /** What the UNet fixture predicts for a prompt: the mean of its text states (token weights over 77 positions). */
  async function predicted(prompt: string): Promise<number> {
    const tokenizer = await loadClipTokenizer(path.join(tmp.dir, 'tokenizer'));
    const ids = encodePrompt(tokenizer, prompt).ids;
    const weights: Record<number, number> = {};
    for (const [token, weight] of Object.entries(GUIDANCE_WEIGHTS))
      weights[tokenizer.convert_tokens_to_ids(token)] = weight;
    return ids.reduce((sum, id) => sum + (weights[id] ?? 0), 0) / ids.length;
  }

  it.each([1, 3, 7.5])('guidance %s: every pixel is the Euler step of the guided noise', async (guidance) => {
    const input = {
      prompt: 'a cat and a cat',
      negativePrompt: 'a dog',
      seed: 7,
      width: 256,
      height: 256,
      steps: 1,
      guidance,
    };
    const [out] = await runOurs<ImageOutput>(ours, [input]);
    const { data } = await sharp(out?.png).raw().toBuffer({ resolveWithObject: true });
    const cond = await predicted(input.prompt);
    const uncond = await predicted(input.negativePrompt);
    expect(cond).not.toBeCloseTo(uncond, 3);
    const epsilon = guidance > 1 ? uncond + guidance * (cond - uncond) : cond;
    // One Euler step from σ to 0: x = σ·n − σ·ε (the noise n is the seed's, scaled by init sigma = σ).
    const sigma = eulerSchedule(SD_TURBO_SCHEDULER, 1).sigmas[0] ?? 0;
    const noise = gaussianNoise(4 * 32 * 32, input.seed);
    let compared = 0;
    for (let c = 0; c < 3; c++) {
      for (let cell = 0; cell < 32 * 32; cell++) {
        const v = (sigma * (noise[c * 1024 + cell] ?? 0) - sigma * epsilon) * GUIDANCE_PIXEL_SCALE;
        const expected = Math.round(Math.min(1, Math.max(0, v / 2 + 0.5)) * 255);
        const [y, x] = [Math.floor(cell / 32) * 8 + 3, (cell % 32) * 8 + 3];
        expect(Math.abs((data[(y * 256 + x) * 3 + c] ?? -1) - expected)).toBeLessThanOrEqual(1);
        compared++;
      }
    }
    expect(compared).toBe(3 * 1024);
  });
});
