import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { SkillRunner } from '../../core/run-skill.js';
import type { FormReader } from '../../parse/index.js';
import type { AnySkill } from '../../skills/skill.js';
import { toPlainText, toWebVtt } from '../../skills/transcribe/formats.js';
import type { TranscribeOutput } from '../../skills/transcribe/render.js';
import type { ApiEnv } from './access.js';
import { cappedBody, errorResponse } from './errors.js';
import { readUpload, uploadedFile } from './form.js';
import { anyObject, body, errors, jsonSchema, serve } from './openapi.js';
import { streamSkill, wantsEventStream } from './sse.js';

/** Room for the multipart framing and the small fields around the file. */
const FORM_OVERHEAD = 64 * 1024;

const upload = z.object({
  file: z.string().meta({ contentMediaType: 'application/octet-stream' }).describe('The audio'),
  language: z.string().optional().describe('The spoken language (e.g. en); detected when absent'),
  translate: z.enum(['true', 'false']).optional().describe('true: the transcript in English'),
});

const transcribeRoute = (skill: AnySkill | undefined) =>
  createRoute({
    method: 'post',
    path: '/skills/transcribe',
    tags: ['skills'],
    summary: skill?.description ?? 'Transcribes an audio upload',
    operationId: 'skill_transcribe',
    request: {
      query: z.object({
        format: z.enum(['json', 'vtt', 'txt']).optional().describe('json (the default), WebVTT or text'),
      }),
      body: { required: true, content: body('multipart/form-data', jsonSchema(upload, 'input')) },
    },
    responses: {
      200: {
        description: 'The transcript; WebVTT or text with ?format=, events with Accept: text/event-stream',
        content: {
          ...body('application/json', anyObject),
          ...body('text/vtt', { type: 'string' }),
          ...body('text/plain', { type: 'string' }),
          ...body('text/event-stream', { type: 'string' }),
        },
      },
      ...errors(400, 413, 415, 422, 429, 503),
    },
  });

/**
 * POST /v1/skills/transcribe: multipart `file` (+ `language`, `translate`) → {text, language, duration, segments}
 * as JSON, or `?format=vtt` WebVTT, `?format=txt` text with times, or Server-Sent Events with progress. The upload
 * goes through the same temp-file path as a chat attachment, so caps, hashing and clean-up are the same.
 */
export function mountTranscribe(
  api: OpenAPIHono<ApiEnv>,
  runner: SkillRunner,
  maxBytes: number,
  readForm: FormReader,
  skill: AnySkill | undefined,
): void {
  serve(api, transcribeRoute(skill), cappedBody(maxBytes + FORM_OVERHEAD), async (c) => {
    const format = c.req.query('format') ?? 'json';
    if (!['json', 'vtt', 'txt'].includes(format)) {
      return errorResponse(c, { code: 'bad_request', message: 'format must be json, vtt or txt' });
    }
    const form = await readUpload(c, readForm);
    const upload = form?.files.file;
    if (!upload) {
      return errorResponse(c, {
        code: 'bad_request',
        message: 'send the audio as multipart/form-data with a field named "file"',
      });
    }
    const file = uploadedFile(upload, c.req.raw.signal);
    const language = form?.fields.language;
    const input = {
      file,
      ...(typeof language === 'string' && language ? { language } : {}),
      ...(form?.fields.translate === 'true' ? { translate: true } : {}),
    };
    const caller = c.get('caller');
    if (wantsEventStream(c)) return streamSkill(c, runner, 'transcribe', input, caller);
    const result = await runner.run('transcribe', input, caller, { signal: c.req.raw.signal });
    if (!result.ok) return errorResponse(c, result.error);
    return respond(c, result.output as TranscribeOutput, format);
  });
}

function respond(c: Context, out: TranscribeOutput, format: string) {
  if (out.kind !== 'transcript') return c.json(out);
  if (format === 'vtt') return c.body(toWebVtt(out.segments), 200, { 'content-type': 'text/vtt; charset=utf-8' });
  if (format === 'txt') return c.body(toPlainText(out.segments), 200, { 'content-type': 'text/plain; charset=utf-8' });
  const { text, language, languageProbability, duration, segments, speechSeconds, cutWindows, cached } = out;
  return c.json({ text, language, languageProbability, duration, segments, speechSeconds, cutWindows, cached });
}
