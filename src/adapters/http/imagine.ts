import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { SkillRunner } from '../../core/run-skill.js';
import type { ImagineOutput } from '../../skills/imagine/render.js';
import { jsonSafe } from '../../skills/json-safe.js';
import type { AnySkill } from '../../skills/skill.js';
import type { ApiEnv } from './access.js';
import { errorResponse } from './errors.js';
import { anyObject, body, errors, jsonSchema, serve } from './openapi.js';
import { streamSkill, wantsEventStream } from './sse.js';

const pngHeaders = {
  'x-seed': { description: 'The seed: the same prompt and seed make the same image', schema: { type: 'string' } },
  'x-model': { description: 'The model, as repo@revision', schema: { type: 'string' } },
  'x-license': { description: "The model's license", schema: { type: 'string' } },
  'x-safety': { description: 'passed, or flagged; label=score (where images are checked)', schema: { type: 'string' } },
} as const;

/** The imagine skill's input in; the PNG out, or JSON (base64) or events as asked by Accept. */
function imagineRoute(skill: AnySkill | undefined) {
  return createRoute({
    method: 'post',
    path: '/skills/imagine',
    tags: ['skills'],
    summary: skill?.description ?? 'Makes an image from a prompt',
    operationId: 'skill_imagine',
    request: {
      body: { required: true, content: body('application/json', skill ? jsonSchema(skill.input, 'input') : anyObject) },
    },
    responses: {
      200: {
        description:
          'The image; JSON with the PNG in base64 with Accept: application/json, events with text/event-stream',
        headers: pngHeaders,
        content: {
          ...body('image/png', { type: 'string', contentMediaType: 'image/png' }),
          ...body('application/json', skill?.output ? jsonSchema(skill.output) : anyObject),
          ...body('text/event-stream', { type: 'string' }),
        },
      },
      ...errors(400, 413, 422, 429, 503),
    },
  });
}

/**
 * POST /v1/skills/imagine {prompt, negative_prompt?, seed?, width?, height?, steps?} → the PNG itself, with the
 * seed and model in headers (so the same image can be made again); `Accept: application/json` gets the same as
 * JSON with the PNG in base64, and `Accept: text/event-stream` Server-Sent Events: `progress` (queue position,
 * drawing) then a `result` with that same JSON. With a safety check configured, a flagged image is refused with 422
 * (content_flagged) unless the server's policy (imagine.flagged) spoilers or allows it; `x-safety` says which.
 */
export function mountImagine(api: OpenAPIHono<ApiEnv>, runner: SkillRunner, skill: AnySkill | undefined): void {
  serve(api, imagineRoute(skill), async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return errorResponse(c, { code: 'invalid_json', message: 'the request body is not valid JSON' });
    }
    if (wantsEventStream(c)) return streamSkill(c, runner, 'imagine', body, c.get('caller'));
    const result = await runner.run('imagine', body, c.get('caller'), { signal: c.req.raw.signal });
    if (!result.ok) return errorResponse(c, result.error);
    const out = result.output as ImagineOutput;
    // The PNG as base64 in JSON (a Uint8Array would serialise as an object of indices).
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json(jsonSafe(out) as object);
    const { png } = out;
    return c.body(new Uint8Array(png), 200, {
      'content-type': 'image/png',
      'x-seed': String(out.seed),
      'x-model': `${out.model.repo}@${out.model.revision}`,
      'x-license': out.license,
      // Where a server checks images: passed, or flagged (and posted because its policy spoilers them).
      ...(out.safety
        ? { 'x-safety': out.safety.flagged ? `flagged; ${out.safety.label}=${out.safety.score}` : 'passed' }
        : {}),
    });
  });
}
