import path from 'node:path';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { SkillRunner } from '../../core/run-skill.js';
import { downloadToTempFile, type FileAccess } from '../../net/download.js';
import type { FormReader } from '../../parse/index.js';
import { descriptionOutput } from '../../skills/describe/describe-image.js';
import type { DescribeOutput } from '../../skills/describe/render.js';
import type { AnySkill, IncomingFile } from '../../skills/skill.js';
import type { ApiEnv } from './access.js';
import { cappedBody, type ErrorBody, errorResponse } from './errors.js';
import { readUpload, uploadedFile } from './form.js';
import { body, errors, jsonSchema, serve } from './openapi.js';

/** Room for the multipart framing and the small fields around the file. */
const FORM_OVERHEAD = 64 * 1024;

/** What /v1/skills/describe takes besides the runner: the upload cap and where `url` may point. */
export interface DescribeRouteDeps {
  /** Largest image accepted (PARSE_IMAGE_MAX_BYTES). */
  maxBytes: number;
  /** The platforms' media hosts a `url` may name, and how to fetch from each (Discord's CDN). */
  media: readonly FileAccess[];
}

const fields = {
  url: z.string().optional().describe("A link to the image on the platform's own media hosts (Discord's CDN)"),
  boxes: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .optional()
    .describe('true: the image with boxes drawn'),
  threshold: z.union([z.number(), z.string()]).optional().describe('Objects scoring less are left out (0.9)'),
};
const upload = z.object({
  file: z.string().meta({ contentMediaType: 'application/octet-stream' }).optional().describe('The image'),
  ...fields,
});
const linked = z.object(fields);
const result = descriptionOutput.extend({
  image: z.string().optional().describe('With ?draw=1 or boxes: the image with the boxes drawn, PNG in base64'),
});

const describeRoute = (skill: AnySkill | undefined) =>
  createRoute({
    method: 'post',
    path: '/skills/describe',
    tags: ['skills'],
    summary: skill?.description ?? 'Describes an image',
    operationId: 'skill_describe',
    request: {
      query: z.object({ draw: z.enum(['1', '0']).optional().describe('1: also the image with the boxes drawn') }),
      body: {
        required: true,
        content: {
          ...body('multipart/form-data', jsonSchema(upload, 'input')),
          ...body('application/json', jsonSchema(linked, 'input')),
        },
      },
    },
    responses: {
      200: {
        description: 'Caption, objects and labels; with Accept: image/png and ?draw=1, the drawn PNG itself',
        content: {
          ...body('application/json', jsonSchema(result)),
          ...body('image/png', { type: 'string', contentMediaType: 'image/png' }),
        },
      },
      ...errors(400, 403, 413, 415, 422, 429, 503),
    },
  });

/**
 * POST /v1/skills/describe: multipart `file`, or `url` (multipart or JSON) of an image on the platform's media hosts,
 * → {caption, objects: [{label, score, box}], labels, width, height, model}; `?draw=1` (or `boxes: true`) adds the
 * image with the boxes drawn. Refusals by the bytes: not an image 415, too large (bytes or header pixels) 413.
 */
export function mountDescribe(
  api: OpenAPIHono<ApiEnv>,
  runner: SkillRunner,
  deps: DescribeRouteDeps,
  readForm: FormReader,
  skill: AnySkill | undefined,
): void {
  serve(api, describeRoute(skill), cappedBody(deps.maxBytes + FORM_OVERHEAD), async (c) => {
    const given = await describeInput(c, deps, readForm);
    if ('error' in given) return errorResponse(c, given.error);
    const ran = await runner.run('describe', given.input, c.get('caller'), { signal: c.req.raw.signal });
    if (!ran.ok) return errorResponse(c, ran.error);
    const out = ran.output as DescribeOutput;
    if (out.kind !== 'description') return c.json(out);
    const { caption, objects, labels, width, height, model, png } = out;
    if (png && (c.req.header('accept') ?? '').includes('image/png')) {
      return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png' });
    }
    const image = png ? { image: Buffer.from(png).toString('base64') } : {};
    return c.json({ caption, objects, labels, width, height, model, ...image });
  });
}

/** The skill's input from a multipart upload or a JSON body; an error body when neither names an image. */
async function describeInput(
  c: Context,
  deps: DescribeRouteDeps,
  readForm: FormReader,
): Promise<{ input: Record<string, unknown> } | { error: ErrorBody }> {
  const signal = c.req.raw.signal;
  let given: { file?: IncomingFile; url?: unknown; boxes?: unknown; threshold?: unknown };
  if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
    const form = await readUpload(c, readForm);
    const file = form?.files.file;
    given = { ...form?.fields, ...(file ? { file: uploadedFile(file, signal) } : {}) };
  } else {
    try {
      given = (await c.req.json()) as typeof given;
    } catch {
      return {
        error: { code: 'invalid_json', message: 'send the image as multipart/form-data "file", or JSON {"url": …}' },
      };
    }
  }
  const image = given.file ?? (typeof given.url === 'string' && given.url ? linkedFile(given.url, deps) : undefined);
  if (!image) {
    return {
      error: { code: 'bad_request', message: 'send the image as a multipart/form-data field "file", or its "url"' },
    };
  }
  const boxes = c.req.query('draw') === '1' || given.boxes === true || given.boxes === 'true';
  const threshold = typeof given.threshold === 'string' ? Number(given.threshold) : given.threshold;
  return { input: { image, ...(boxes ? { boxes } : {}), ...(threshold !== undefined ? { threshold } : {}) } };
}

/**
 * An image named by a link, fetched only from a platform's media hosts (never an arbitrary URL: the server is not a
 * proxy), capped by bytes read. Slack's files are left out: they need the bot's token, which an API caller must not
 * be able to spend on any file the bot can see.
 */
function linkedFile(url: string, deps: DescribeRouteDeps): IncomingFile {
  let name = 'image';
  let host = '';
  try {
    const parsed = new URL(url);
    name = path.posix.basename(decodeURIComponent(parsed.pathname)) || name;
    host = parsed.host;
  } catch {
    // An unusable link is refused by the download below, with its reason.
  }
  const access = deps.media.find((a) => a.allowedHosts.includes(host)) ?? { allowedHosts: [] };
  return {
    name,
    saveTemp: (maxBytes) => downloadToTempFile(url, { ...access, maxBytes }, name),
  };
}
