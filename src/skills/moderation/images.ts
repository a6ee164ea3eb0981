import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { ImageDecoder } from '../../parse/index.js';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { verdictOf } from '../imagine/safety.js';
import type { PostedImage } from '../reach.js';
import type { Skill } from '../skill.js';
import { judge } from './policy.js';
import type { ModerationStore } from './store.js';
import { actOnTraffic, type Judged, removesPost, type TrafficOutcome } from './traffic.js';

/** The operator's image safety classifier (the one that checks generated images), as image moderation reads it. */
export interface ImageModeration {
  model: ModelSpec & { task: 'image-classification' };
  /** Labels whose scores add up to the flagged score. */
  labels: readonly string[];
  /** The flagged score at which an image is removed, unless the policy sets `image_unsafe` thresholds itself. */
  threshold: number;
  decodeImage: ImageDecoder;
  /** Bytes downloaded at most; a larger image is not looked at (and says so in the log). */
  maxBytes: number;
}

/** The score the policy's thresholds read: the flagged labels' total (`/moderation do:threshold value:"image_unsafe …"`). */
export const IMAGE_LABEL = 'image_unsafe';

const input = z.object({
  image: z.custom<PostedImage>((v) => typeof v === 'object' && v !== null && 'id' in v && 'name' in v),
  source: z.string(),
});

export type ImageVerdict = Judged & TrafficOutcome & { image: string };

/**
 * `moderate-image`: images posted in moderated channels (attachments; embed images from the platform's own hosts)
 * are classified with the operator's safety model, off unless one is configured. The flagged labels' total is
 * `image_unsafe`, held to the policy's thresholds like any label (by default: removed at the operator's threshold);
 * a flagged image opens a case with the label and score and runs the policy's actions, including `spoiler`
 * (reposted hidden). Moderators see the image only behind a spoiler. Exempt roles, channels and moderators are
 * treated as for text. Reached by posted images only: it has no command.
 */
export function createImageModerationSkill(
  runtime: Runtime,
  store: ModerationStore,
  safety: ImageModeration,
): Skill<z.infer<typeof input>, ImageVerdict> {
  return {
    name: 'moderate-image',
    description: 'Checks images posted in moderated channels with the image safety model',
    models: [safety.model],
    needs: ['message-content', 'delete-messages', 'files'],
    input,
    reach: [
      {
        kind: 'image',
        answers: false,
        wants: async (where) => (await store.policy(where.tenantId, where.channelId)).enabled,
        input: (image, source) => ({ image, source }),
        removes: removesPost,
      },
    ],
    async run({ image, source }, ctx) {
      if (!image.download) throw new AppError('unsupported_media', 'this image cannot be fetched from here');
      const bytes = await image.download(safety.maxBytes);
      const media = { name: image.name, contentType: image.contentType ?? 'application/octet-stream', data: bytes };
      const decoded = await safety.decodeImage(bytes, { signal: ctx.signal });
      const labels = await runtime.run(
        safety.model,
        { rgb: decoded.rgb, width: decoded.width, height: decoded.height },
        { priority: 'background', signal: ctx.signal },
      );
      const verdict = verdictOf(labels, safety, safety.model.repo);
      const policy = await store.policy(ctx.tenantId, ctx.channelId);
      const thresholds = { [IMAGE_LABEL]: { remove: safety.threshold }, ...policy.thresholds };
      const scores = { [IMAGE_LABEL]: verdict.score, ...Object.fromEntries(labels.map((l) => [l.label, l.score])) };
      const judged = {
        ...judge({ [IMAGE_LABEL]: verdict.score }, { ...policy, thresholds }),
        scores,
        models: [{ repo: safety.model.repo, revision: runtime.revisionOf(safety.model) }],
        image: image.name,
      };
      // The case keeps the file's name and the top flagged label, never the image.
      const text = `[image] ${image.name} (${verdict.label} ${verdict.score.toFixed(2)})`;
      return actOnTraffic(judged, { text, source }, { ...policy, thresholds }, store, ctx, [media]);
    },
    render: (v) => ({
      text: `Image ${v.image}: **${v.verdict}** (${IMAGE_LABEL} ${(v.scores[IMAGE_LABEL] ?? 0).toFixed(2)})`,
      ephemeral: true,
    }),
  };
}
