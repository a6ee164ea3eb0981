import { randomInt, randomUUID } from 'node:crypto';
import type { ModelSpec } from '../../runtime/models.js';
import { checkImageInput } from '../../runtime/pipelines/image-request.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { ImageInput } from '../../runtime/tasks.js';
import { staleButton } from '../refusal.js';
import { limitSubject, type Skill, type SkillContext } from '../skill.js';
import { chooseDecoder, type DecoderChoice } from './decoder.js';
import { type DailyCounter, FairImageQueue, humanSeconds } from './fair-image-queue.js';
import { type ImagineInput, imagineInput, imagineOptions } from './input.js';
import { type ImageRecords, MemoryImageRecords } from './records.js';
import { notice, queueRefusal, refuse } from './refusals.js';
import { type ImagineOutput, type ImagineReply, imageEvent, infoText, renderImagine, storedFacts } from './render.js';
import { effectivePolicy, type ImageSafetyOptions, verdictOf } from './safety.js';

export interface ImagineOptions {
  /** Licences (SPDX ids or LicenseRef-…) the operator accepted; a model under any other is refused. */
  acceptedLicenses: readonly string[];
  /** Words or phrases refused in prompts (whole words, any case). */
  blocklist: readonly string[];
  perUser: number;
  dailyQuota: number;
  counter?: DailyCounter | undefined;
  /** Where the buttons' records are kept (the database); in this process's memory when absent. */
  records?: ImageRecords | undefined;
  /** The image safety check; without it images are not classified (none is bundled: the operator picks one). */
  safety?: ImageSafetyOptions | undefined;
  /** IMAGINE_DECODER: unset, TAESD for turbo models and the model's VAE for the others. */
  decoder?: DecoderChoice | undefined;
  /** The TAESD model (the manifest's `taesd`), used when the decoder is TAESD. */
  taesd?: ModelSpec | undefined;
}

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
): Skill<ImagineInput, ImagineReply> & { queue: FairImageQueue<ImageInput, ImagineOutput> } {
  const { safety } = options;
  const turbo = isTurbo(spec);
  const decoder = chooseDecoder(options.decoder, turbo, options.taesd);
  const model = { ...spec, task: 'text-to-image' as const, decoder };
  const blocked = options.blocklist.map((w) => ({ word: w, pattern: new RegExp(`\\b${escapeRegExp(w)}\\b`, 'i') }));
  const queue = new FairImageQueue<ImageInput, ImagineOutput>({
    perUser: options.perUser,
    dailyQuota: options.dailyQuota,
    counter: options.counter,
    run: async (job, signal, onStart) => {
      onStart();
      const out = await runtime.run(model, job, { signal, timeoutMs: 600_000 });
      const scores = safety && (await runtime.run(safety.model, { png: out.png }, { signal }));
      return {
        ...out,
        ...(safety && scores ? { safety: verdictOf(scores, safety, safety.model.repo) } : {}),
        prompt: job.prompt,
        model: { repo: spec.repo, revision: runtime.revisionOf(spec) },
        license: spec.license,
        ...(decoder
          ? { decoder: { repo: decoder.repo, revision: runtime.revisionOf(decoder), license: decoder.license } }
          : {}),
      };
    },
  });

  /** What the reroll, info and delete buttons need, by the reference they carry. */
  const records = options.records ?? new MemoryImageRecords();

  async function imagine(job: ImageInput, ctx: SkillContext): Promise<ImagineOutput> {
    checkImageInput(job);
    if (!options.acceptedLicenses.includes(spec.license)) {
      const { repo, license, cardUrl: card } = spec;
      throw refuse('unavailable', 'licenseNotAccepted', { repo, license, card });
    }
    const hit = blocked.find((b) => b.pattern.test(`${job.prompt} ${job.negativePrompt ?? ''}`));
    if (hit) throw refuse('bad_request', 'blockedTerm', { term: hit.word });
    const submitted = await queue.submit(userKey(ctx), job, {
      onChange: (status, jobId) => {
        const label = notice(ctx.locale, 'cancelButton');
        const cancel = { actionId: 'imagine:cancel', label, value: jobId, style: 'danger' as const };
        const text =
          status.state === 'running'
            ? notice(ctx.locale, 'drawing', { prompt: job.prompt.slice(0, 100) })
            : notice(ctx.locale, 'queued', { position: status.position, wait: humanSeconds(status.etaSeconds) });
        return ctx.progress({ text, buttons: [cancel] });
      },
    });
    if (!submitted.ok) {
      throw queueRefusal(submitted);
    }
    const outcome = await submitted.job.done;
    if (outcome.status === 'done') {
      const ref = randomUUID().slice(0, 12);
      const result = { ...(await applyPolicy(outcome.result, ctx)), ref };
      await records.put(ref, ctx.tenantId, { job, owner: userKey(ctx), info: storedFacts(result) });
      return result;
    }
    if (outcome.status === 'cancelled') {
      throw refuse('bad_request', outcome.byModerator ? 'cancelledByModerator' : 'cancelled');
    }
    throw outcome.error;
  }

  /** A flagged image is refused, spoilered or posted as the channel's policy says. */
  async function applyPolicy(out: ImagineOutput, ctx: SkillContext): Promise<ImagineOutput> {
    if (!safety || !out.safety?.flagged) return out;
    const chosen = await safety.policy.get(ctx.tenantId, ctx.channelId);
    const policy = effectivePolicy(chosen, ctx.ageRestricted ?? false);
    const { label, score } = out.safety;
    if (policy === 'refuse') {
      throw refuse('content_flagged', 'flagged', { label, score: score.toFixed(2) });
    }
    return { ...out, hidden: policy === 'spoiler' };
  }

  async function setPolicy(value: NonNullable<ImagineInput['flagged']>, ctx: SkillContext): Promise<ImagineReply> {
    if (!safety) throw refuse('unavailable', 'noSafetyCheck');
    if (!ctx.isModerator) throw refuse('forbidden', 'flaggedModeratorsOnly');
    if (value === 'allow' && !ctx.ageRestricted) throw refuse('bad_request', 'allowAgeRestrictedOnly');
    await safety.policy.set(ctx.tenantId, ctx.channelId, value);
    return { kind: 'setting', text: notice(ctx.locale, 'flaggedSet', { policy: value }) };
  }

  return {
    name: 'imagine',
    description: 'Draw an image from a text prompt (Stable Diffusion, on this server)',
    models: [spec, ...(decoder ? [decoder] : []), ...(safety ? [safety.model] : [])],
    input: imagineInput,
    slow: true,
    needs: ['files'],
    queue,
    reach: [{ kind: 'command', options: imagineOptions(turbo, Boolean(safety)) }],
    async run(options, ctx) {
      if (options.flagged) return setPolicy(options.flagged, ctx);
      if (!options.prompt) throw refuse('bad_request', 'noPrompt');
      const steps = options.steps ?? (turbo ? 1 : 25);
      if (turbo && (steps < 1 || steps > 4)) throw refuse('bad_request', 'stepsTurbo', { min: 1, max: 4 });
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
        if (!cancelled.ok) {
          const notOwner = cancelled.reason === 'not_owner';
          throw refuse(notOwner ? 'forbidden' : 'not_found', notOwner ? 'cancelNotOwner' : 'cancelGone');
        }
        return { kind: 'cancelled', text: notice(ctx.locale, 'cancelledNotice') };
      }
      const entry = await records.get(action.value, ctx.tenantId);
      if (action.name === 'delete') return remove(entry?.owner, ctx);
      if (!entry) throw refuse('not_found', 'tooOldForButtons');
      if (action.name === 'info') return { kind: 'info', text: infoText(entry.info, ctx.locale) };
      if (action.name === 'reroll') return imagine({ ...entry.job, seed: randomInt(0, 0xffffffff) }, ctx);
      throw staleButton();
    },
    render: renderImagine,
    echoes: (out) => ('kind' in out ? undefined : out.prompt),
    event: (out) => ('kind' in out ? undefined : { type: 'image.ready', data: imageEvent(out) }),
  };
}

/**
 * The delete button: the requester or a moderator removes the image. When the image's record is gone (kept in
 * memory only, or expired), only moderators can.
 */
async function remove(owner: string | undefined, ctx: SkillContext): Promise<ImagineReply> {
  if (!ctx.actions.removeReply) throw refuse('unavailable', 'cannotDelete');
  if (owner !== userKey(ctx) && !ctx.isModerator) throw refuse('forbidden', 'deleteNotOwner');
  await ctx.actions.removeReply();
  return { kind: 'deleted', text: notice(ctx.locale, 'deleted') };
}

/** Who a job belongs to across platforms and servers: the queue is shared, so fairness is per person. */
function userKey(ctx: SkillContext): string {
  return limitSubject(ctx);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
