import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { ModelSpec } from '../../runtime/models.js';
import { checkImageInput } from '../../runtime/pipelines/text-to-image.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { ImageInput } from '../../runtime/tasks.js';
import type { Skill, SkillContext } from '../skill.js';
import { type DailyCounter, humanSeconds, ImageQueue } from './queue.js';
import { type ImagineOutput, type ImagineReply, infoText, renderImagine } from './render.js';

export interface ImagineOptions {
  /** Licences (SPDX ids or LicenseRef-…) the operator accepted; a model under any other is refused. */
  acceptedLicenses: readonly string[];
  /** Words or phrases refused in prompts (whole words, any case). */
  blocklist: readonly string[];
  perUser: number;
  dailyQuota: number;
  counter?: DailyCounter | undefined;
}

const SIZES = ['512x512', '768x512', '512x768', '256x256'] as const;
const side = z.number().int('width and height are whole numbers of pixels');

const input = z
  .object({
    prompt: z.string().trim().min(1, 'describe the image').max(1000, 'the prompt is longer than 1000 characters'),
    negative_prompt: z.string().trim().max(1000).optional(),
    /** Command option name for negative_prompt. */
    negative: z.string().trim().max(1000).optional(),
    seed: z.number().int().min(0).max(0xffffffff, 'seed must be from 0 to 4294967295').optional(),
    size: z.enum(SIZES).optional(),
    width: side.optional(),
    height: side.optional(),
    steps: z.number().int().optional(),
  })
  .transform((v) => {
    const [w, h] = (v.size ?? '512x512').split('x').map(Number);
    return {
      prompt: v.prompt,
      negativePrompt: v.negative_prompt ?? v.negative,
      seed: v.seed,
      width: v.width ?? w ?? 512,
      height: v.height ?? h ?? 512,
      steps: v.steps,
    };
  });
type Input = z.infer<typeof input>;

/** SD-Turbo and friends are distilled for 1–4 steps without guidance; other models need guidance and more steps. */
function isTurbo(spec: ModelSpec): boolean {
  return /turbo|lcm|lightning/i.test(spec.repo);
}

/**
 * `imagine`: text-to-image with Stable Diffusion on the shared pool, through a fair queue (round-robin across
 * users, one job each, a daily quota), with the queue position and the steps shown while people wait. The model's
 * licence must be accepted by the operator first; prompts are checked against the blocklist.
 */
export function createImagineSkill(
  runtime: Runtime,
  spec: ModelSpec,
  options: ImagineOptions,
): Skill<Input, ImagineReply> & { queue: ImageQueue<ImageInput, ImagineOutput> } {
  const model = { ...spec, task: 'text-to-image' as const };
  const turbo = isTurbo(spec);
  const blocked = options.blocklist.map((w) => ({ word: w, pattern: new RegExp(`\\b${escapeRegExp(w)}\\b`, 'i') }));
  const queue = new ImageQueue<ImageInput, ImagineOutput>({
    perUser: options.perUser,
    dailyQuota: options.dailyQuota,
    counter: options.counter,
    run: async (job, signal, onStart) => {
      onStart();
      const out = await runtime.run(model, job, { signal, timeoutMs: 600_000 });
      return {
        ...out,
        prompt: job.prompt,
        model: { repo: spec.repo, revision: runtime.revisionOf(spec) },
        license: spec.license,
      };
    },
  });

  /** Recent requests by reference, for the reroll and info buttons (the newest RECENT; older buttons expire). */
  const recent = new Map<string, { job: ImageInput; out?: ImagineOutput }>();
  const remember = (job: ImageInput) => {
    const ref = randomUUID().slice(0, 12);
    recent.set(ref, { job });
    for (const old of recent.keys()) if (recent.size > RECENT) recent.delete(old);
    return ref;
  };

  async function imagine(job: ImageInput, ctx: SkillContext): Promise<ImagineOutput> {
    checkImageInput(job);
    if (!options.acceptedLicenses.includes(spec.license)) {
      throw new AppError(
        'unavailable',
        `image generation is off: the model ${spec.repo} is under ${spec.license} (${spec.cardUrl}), which this ` +
          `server's operator has not accepted (IMAGINE_ACCEPT_LICENSES=${spec.license} after reading it)`,
      );
    }
    const hit = blocked.find((b) => b.pattern.test(`${job.prompt} ${job.negativePrompt ?? ''}`));
    if (hit) throw new AppError('bad_request', `that prompt uses a blocked term ("${hit.word}") on this server`);
    const submitted = await queue.submit(userKey(ctx), job, {
      onChange: (status, jobId) => {
        const cancel = { actionId: 'imagine:cancel', label: 'Cancel', value: jobId, style: 'danger' as const };
        return ctx.progress(
          status.state === 'running'
            ? { text: `🎨 Drawing “${job.prompt.slice(0, 100)}”…`, buttons: [cancel] }
            : {
                text: `⏳ You are #${status.position} in the queue (about ${humanSeconds(status.etaSeconds)})`,
                buttons: [cancel],
              },
        );
      },
    });
    if (!submitted.ok) {
      throw new AppError(submitted.reason === 'daily_quota' ? 'quota_exceeded' : 'busy', submitted.message, {
        retryAfterSec: submitted.retryAfterSeconds,
      });
    }
    const outcome = await submitted.job.done;
    if (outcome.status === 'done') {
      const ref = remember(job);
      const result = { ...outcome.result, ref };
      const entry = recent.get(ref);
      if (entry) entry.out = result;
      return result;
    }
    if (outcome.status === 'cancelled') {
      throw new AppError('bad_request', outcome.byModerator ? 'a moderator cancelled this image' : 'cancelled');
    }
    throw outcome.error;
  }

  return {
    name: 'imagine',
    description: 'Draw an image from a text prompt (Stable Diffusion, on this server)',
    models: [spec],
    input,
    slow: true,
    queue,
    command: {
      options: [
        { name: 'prompt', description: 'What to draw', type: 'string', required: true },
        { name: 'negative', description: 'What to keep out of the image', type: 'string' },
        { name: 'seed', description: 'Same seed and prompt, same image (random when left out)', type: 'integer' },
        { name: 'size', description: 'Width × height in pixels', type: 'string', choices: SIZES },
        { name: 'steps', description: turbo ? 'Denoising steps, 1–4' : 'Denoising steps, 10–50', type: 'integer' },
      ],
    },
    async run(options, ctx) {
      const steps = options.steps ?? (turbo ? 1 : 25);
      if (turbo && (steps < 1 || steps > 4))
        throw new AppError('bad_request', 'steps must be from 1 to 4 for this model');
      return imagine(
        {
          prompt: options.prompt,
          negativePrompt: options.negativePrompt,
          seed: options.seed ?? randomInt(0, 0xffffffff),
          width: options.width,
          height: options.height,
          steps,
          guidance: turbo ? 0 : 7.5,
        },
        ctx,
      );
    },
    async act(action, ctx) {
      if (action.name === 'cancel') {
        const cancelled = queue.cancel(action.value, userKey(ctx), ctx.isModerator);
        if (!cancelled.ok)
          throw new AppError(cancelled.reason === 'not_owner' ? 'forbidden' : 'not_found', cancelled.message);
        return { kind: 'cancelled', text: 'Cancelled.' };
      }
      const entry = recent.get(action.value);
      if (!entry) throw new AppError('not_found', 'that image is too old for its buttons: run /imagine again');
      if (action.name === 'info' && entry.out) return { kind: 'info', text: infoText(entry.out) };
      if (action.name === 'reroll') return imagine({ ...entry.job, seed: randomInt(0, 0xffffffff) }, ctx);
      throw new AppError('bad_request', 'this button no longer does anything');
    },
    render: renderImagine,
  };
}

const RECENT = 500;

/** Who a job belongs to across platforms and servers: the queue is shared, so fairness is per person. */
function userKey(ctx: SkillContext): string {
  return `${ctx.platform}:${ctx.tenantId}:${ctx.userId}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
