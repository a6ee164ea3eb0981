import type { Context, Hono } from 'hono';
import type { SkillRunner } from '../../core/run-skill.js';
import type { ApiEnv } from './access.js';
import { errorResponse } from './errors.js';

/**
 * /v1/moderation/cases: the mod-log over REST, through the `moderation` skill, for the tenant the key acts for (a
 * Discord guild or Slack team; `moderation:read`). `?user=` lists one person's cases, `?q=` searches.
 */
export function mountModeration(api: Hono<ApiEnv>, runner: SkillRunner): void {
  const run = async (c: Context<ApiEnv>, input: Record<string, unknown>) => {
    // The caller already acts for the key's tenant (or the operator's `?tenant=`).
    const result = await runner.run('moderation', input, c.get('caller'), { signal: c.req.raw.signal });
    if (!result.ok) return errorResponse(c, result.error);
    const { cases = [] } = result.output as { cases?: unknown[] };
    return c.json({ cases });
  };
  api.get('/moderation/cases', (c) => {
    const user = c.req.query('user');
    const search = c.req.query('q');
    return run(c, { do: 'cases', ...(user ? { value: `<@${user}>` } : search ? { value: search } : {}) });
  });
  api.get('/moderation/cases/:number', async (c) => {
    const response = await run(c, { do: 'case', value: c.req.param('number') });
    if (response.status !== 200) return response;
    const { cases } = (await response.clone().json()) as { cases: unknown[] };
    return c.json({ case: cases[0] });
  });
}
