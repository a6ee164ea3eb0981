import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ImageDecoder } from '../../parse/index.js';
import type { Runtime } from '../../runtime/runtime.js';
import { isImageFile } from '../image-file.js';
import { refusals, retold } from '../refusal.js';
import type { CommandOption, IncomingFile, Skill, SkillContext, TargetMessage } from '../skill.js';
import { AUTO_DESCRIBE_MODES, type AutoDescribeControl } from './auto.js';
import { type DescribeModels, describeImage } from './describe-image.js';
import { drawBoxes } from './draw.js';
import { type DescribeOutput, renderDescribe } from './render.js';

export { altTextReply } from './render.js';

export interface DescribeLimits {
  /** Bytes read from a download or upload (the count of what arrives, not what is announced). */
  maxBytes: number;
}

const file = z.custom<IncomingFile>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string',
  'skill.describe.attachImage',
);

const input = z.object({
  /** /describe image:…, the "Describe image" action, an image posted (alt text), the API's `file` or `url`. */
  image: file.optional(),
  /** A PNG of the image with the objects' boxes drawn. */
  boxes: z.boolean().optional(),
  /** Objects scoring less are left out (0.9 by default). */
  threshold: z.number().min(0).max(1).optional(),
  /** 'alt-text': only the short caption reply (what images posted where alt text is on get). */
  mode: z.enum(['full', 'alt-text']).optional(),
  /** Moderators: whether images posted here get alt text automatically. */
  auto: z.enum(AUTO_DESCRIBE_MODES).optional(),
});
type Input = z.infer<typeof input>;

const OPTIONS: CommandOption[] = [
  { name: 'image', description: 'The image: PNG, JPEG, GIF, WebP, AVIF or TIFF', type: 'attachment' },
  { name: 'boxes', description: 'Also post the image with the objects boxed', type: 'boolean' },
  {
    name: 'auto',
    description: 'Moderators: describe images posted here without a description (alt-text), or off',
    type: 'string',
    choices: AUTO_DESCRIBE_MODES,
  },
];

/** The image a message action was pointed at: the message's first image attachment. */
export function imageAttachment(target: TargetMessage): IncomingFile | undefined {
  return target.attachments.find(isImageFile);
}

/**
 * `describe`: an image → a caption, the objects in it (boxes) and what it looks like (labels), by /describe, the
 * "Describe image" message action, or the API; with alt text on (moderators, per channel) images posted without a
 * description get a short caption reply. The file is fetched into a temp file that is always removed, decoded by
 * the parse pool (caps, EXIF orientation, first frame), and the three models run on the inference pool.
 */
export function createDescribeSkill(
  runtime: Runtime,
  models: DescribeModels,
  auto: AutoDescribeControl,
  limits: DescribeLimits,
  decodeImage: ImageDecoder,
): Skill<Input, DescribeOutput> {
  return {
    name: 'describe',
    description: 'Describe an image: a caption, the objects in it and what it shows',
    descriptionLocalizations: {
      de: 'Ein Bild beschreiben: Bildunterschrift, Objekte und was es zeigt',
      fr: 'Décrire une image : légende, objets et ce qu’elle montre',
    },
    models: [models.captioner, models.detector, models.classifier],
    input,
    slow: true,
    // Images posted without a command are attachments of ordinary messages; boxes come back as a file.
    needs: ['message-content', 'files'],
    reach: [
      { kind: 'command', options: OPTIONS },
      // Without an image the input is empty, and run says what is missing.
      { kind: 'message-action', label: 'Describe image', input: (target) => ({ image: imageAttachment(target) }) },
      // Alt text: an image posted without a description, where moderators turned it on (off by default).
      {
        kind: 'image',
        answers: true,
        wants: async (where, image) =>
          !image.description?.trim() && (await auto.wants(where.tenantId, where.channelId)),
        input: (image) => ({ image, mode: 'alt-text' }),
      },
    ],
    async run(options, ctx) {
      if (options.auto) {
        if (!ctx.isModerator) throw refuse('forbidden', 'autoModeratorsOnly');
        await auto.set(ctx.tenantId, ctx.channelId, options.auto);
        return { kind: 'setting', auto: options.auto };
      }
      const source = options.image;
      if (!source) throw refuse('bad_request', 'noImage');
      const image = await decoded(source, limits, decodeImage, ctx);
      const priority = ctx.background ? 'background' : 'interactive';
      if (options.mode === 'alt-text') {
        const { caption } = await describeImage(runtime, models, image, {
          captionOnly: true,
          priority,
          signal: ctx.signal,
        });
        return { kind: 'alt-text', name: source.name, caption };
      }
      const found = await describeImage(runtime, models, image, {
        threshold: options.threshold,
        priority,
        signal: ctx.signal,
      });
      const png = options.boxes ? await drawBoxes(image, found.objects) : undefined;
      return { kind: 'description', name: source.name, ...found, ...(png ? { png } : {}) };
    },
    render: renderDescribe,
  };
}

/** The file fetched (capped, into a temp file always removed) and decoded on the parse pool. */
async function decoded(source: IncomingFile, limits: DescribeLimits, decodeImage: ImageDecoder, ctx: SkillContext) {
  if (source.size !== undefined && source.size > limits.maxBytes) {
    const mib = (n: number) => +(n / 1024 / 1024).toFixed(1);
    throw refuse('payload_too_large', 'tooLarge', {
      name: source.name,
      size: mib(source.size),
      max: mib(limits.maxBytes),
    });
  }
  if (!source.saveTemp) throw refuse('bad_request', 'cannotFetch', { name: source.name });
  const temp = await source.saveTemp(limits.maxBytes);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(temp.path));
  } finally {
    await temp.remove();
  }
  // Off the event loop: sniffed (a text file named .png is refused), pixel-capped from its header, then decoded.
  return decodeImage(bytes, { signal: ctx.signal }).catch((error: unknown) => {
    const keys = {
      unsupported_media: 'unsupportedFile',
      unprocessable: 'damagedFile',
      payload_too_large: 'tooManyPixels',
    } as const;
    throw retold('describe', error, keys, { name: source.name });
  });
}

const refuse = refusals('describe');
