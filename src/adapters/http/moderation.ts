import type { Context, Hono } from 'hono';
import type { Caller, SkillRunner } from '../../core/run-skill.js';
import { errorResponse } from './errors.js';

type ApiEnv = { Variables: { caller: Caller } };

/**
 * /v1/moderation/cases: the mod-log over REST, through the `moderation` skill (the API key holder acts as the
 * moderator of `?tenant=`, a Discord guild or Slack team). `?user=` lists one person's cases, `?q=` searches.
 */
export function mountModeration(api: Hono<ApiEnv>, runner: SkillRunner): void {
  const run = async (c: Context<ApiEnv>, input: Record<string, unknown>) => {
    const tenant = c.req.query('tenant');
    const result = await runner.run('moderation', { ...input, ...(tenant ? { tenant } : {}) }, c.get('caller'), {
      signal: c.req.raw.signal,
    });
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
