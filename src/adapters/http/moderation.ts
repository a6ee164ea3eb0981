import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { SkillRunner } from '../../core/run-skill.js';
import type { ApiEnv } from './access.js';
import { errorResponse } from './errors.js';
import { errors, jsonSchema, ok, pathParams, serve } from './openapi.js';

const modCase = z.record(z.string(), z.unknown()).describe('A case of the mod-log');

const listCasesRoute = createRoute({
  method: 'get',
  path: '/moderation/cases',
  tags: ['moderation'],
  operationId: 'listCases',
  request: {
    query: z.object({
      user: z.string().optional().describe("One person's cases (a user id)"),
      q: z.string().optional().describe('Search the cases'),
    }),
  },
  responses: {
    200: ok('The cases, newest first', jsonSchema(z.object({ cases: z.array(modCase) }))),
    ...errors(400, 429, 503),
  },
});

const getCaseRoute = createRoute({
  method: 'get',
  path: '/moderation/cases/{number}',
  tags: ['moderation'],
  operationId: 'getCase',
  request: { params: pathParams({ number: 'The case number' }) },
  responses: { 200: ok('The case', jsonSchema(z.object({ case: modCase }))), ...errors(400, 404, 429, 503) },
});

/**
 * /v1/moderation/cases: the mod-log over REST, through the `moderation` skill, for the tenant the key acts for (a
 * Discord guild or Slack team; `moderation:read`). `?user=` lists one person's cases, `?q=` searches.
 */
export function mountModeration(api: OpenAPIHono<ApiEnv>, runner: SkillRunner): void {
  const run = async (c: Context<ApiEnv>, input: Record<string, unknown>) => {
    // The caller already acts for the key's tenant (or the operator's `?tenant=`).
    const result = await runner.run('moderation', input, c.get('caller'), { signal: c.req.raw.signal });
    if (!result.ok) return errorResponse(c, result.error);
    const { cases = [] } = result.output as { cases?: unknown[] };
    return c.json({ cases });
  };
  serve(api, listCasesRoute, (c) => {
    const user = c.req.query('user');
    const search = c.req.query('q');
    return run(c, { do: 'cases', ...(user ? { value: `<@${user}>` } : search ? { value: search } : {}) });
  });
  serve(api, getCaseRoute, async (c) => {
    const response = await run(c, { do: 'case', value: c.req.param('number') });
    if (response.status !== 200) return response;
    const { cases } = (await response.clone().json()) as { cases: unknown[] };
    return c.json({ case: cases[0] });
  });
}
