import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import type { SkillRunner } from '../../core/run-skill.js';
import { DEFAULT_IMAGE_LIMITS } from '../../parse/image.js';
import type { FormReader } from '../../parse/index.js';
import type { AnySkill } from '../../skills/skill.js';
import { discordFileAccess } from '../discord/files.js';
import { type ApiEnv, actsAsModerator, authorize, skillScopes, tenantFor } from './access.js';
import { type DescribeRouteDeps, mountDescribe } from './describe.js';
import { errorResponse } from './errors.js';
import { mountImagine } from './imagine.js';
import { anyObject, body, errors, jsonSchema, ok, serve, serveEach } from './openapi.js';
import { streamSkill, wantsEventStream } from './sse.js';
import { mountTranscribe } from './transcribe.js';

export interface SkillRouteDeps {
  skills: readonly AnySkill[];
  runner: SkillRunner;
  /** Audio uploads to /v1/skills/transcribe. */
  audioLimitBytes: number;
  /** Multipart uploads are parsed off the event loop (the parse pool). */
  readForm: FormReader;
  /** Image uploads and links to /v1/skills/describe (the image cap, Discord's CDN by default). */
  images?: DescribeRouteDeps | undefined;
}

/** Without configuration: the parse pool's default image cap, links to Discord's CDN only. */
const DEFAULT_IMAGE_ROUTE: DescribeRouteDeps = {
  maxBytes: DEFAULT_IMAGE_LIMITS.maxBytes,
  media: [discordFileAccess('https://discord.com/api')],
};

const skillList = z.object({
  skills: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      input: z.record(z.string(), z.unknown()).describe("The skill's input as JSON Schema"),
    }),
  ),
});

/** POST /v1/skills/{name} of one skill that has no route of its own: its input in, its output (or events) out. */
function skillRoute(skill: AnySkill): RouteConfig {
  return {
    method: 'post',
    path: `/skills/${skill.name}`,
    tags: ['skills'],
    summary: skill.description,
    operationId: `skill_${skill.name}`,
    // An empty body is the empty input.
    request: { body: { content: body('application/json', jsonSchema(skill.input, 'input')) } },
    responses: {
      200: {
        description: "The skill's result; progress events first with Accept: text/event-stream",
        content: {
          ...body('application/json', skill.output ? jsonSchema(skill.output) : anyObject),
          ...body('text/event-stream', { type: 'string' }),
        },
      },
      ...errors(400, 404, 413, 422, 429, 503),
    },
  };
}

/**
 * /v1/skills: the list, transcribe's and imagine's own routes (uploads, images), and every other skill at
 * /v1/skills/{name}, one handler documented once per skill.
 */
export function mountSkills(api: OpenAPIHono<ApiEnv>, deps: SkillRouteDeps): void {
  const { runner } = deps;
  serve(
    api,
    {
      method: 'get',
      path: '/skills',
      tags: ['skills'],
      operationId: 'listSkills',
      summary: 'Every skill, with its input as JSON Schema',
      responses: { 200: ok('The skills', jsonSchema(skillList)), ...errors(503) },
    },
    (c) =>
      c.json({
        skills: deps.skills.map((s) => ({
          name: s.name,
          description: s.description,
          input: z.toJSONSchema(s.input, { io: 'input', unrepresentable: 'any' }),
        })),
      }),
  );

  const named = (name: string) => deps.skills.find((s) => s.name === name);
  mountTranscribe(api, runner, deps.audioLimitBytes, deps.readForm, named('transcribe'));
  mountImagine(api, runner, named('imagine'));
  mountDescribe(api, runner, deps.images ?? DEFAULT_IMAGE_ROUTE, deps.readForm, named('describe'));
  const ownRoutes = new Set(api.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route.path] : [])));
  const generic = deps.skills.filter((s) => !ownRoutes.has(`/skills/${s.name}`));
  serveEach(api, 'post', '/skills/:name', generic.map(skillRoute), async (c) => {
    const name = c.req.param('name');
    if (!runner.get(name)) return errorResponse(c, { code: 'not_found', message: `no skill named "${name}"` });
    const text = await c.req.text();
    let body: unknown = {};
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        return errorResponse(c, { code: 'invalid_json', message: 'the request body is not valid JSON' });
      }
    }
    const principal = c.get('principal');
    const needed = skillScopes(name, body);
    const refused = authorize(principal, needed);
    if (refused) return errorResponse(c, refused);
    // A body may name the tenant too (the moderation skill's `tenant`): the same rule as `?tenant=`.
    const named = (body as { tenant?: unknown } | null)?.tenant;
    const tenant = named === undefined ? undefined : tenantFor(principal, String(named));
    if (tenant && 'code' in tenant) return errorResponse(c, tenant);
    const caller = { ...c.get('caller'), isModerator: actsAsModerator(principal, needed) };
    if (wantsEventStream(c)) return streamSkill(c, runner, name, body, caller);
    const result = await runner.run(name, body, caller, { signal: c.req.raw.signal });
    return result.ok ? c.json(result.output as object) : errorResponse(c, result.error);
  });
}
