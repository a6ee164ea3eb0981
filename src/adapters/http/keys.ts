import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { isAppError } from '../../errors.js';
import { type DbApiKeys, parseScopes, SCOPES } from '../../store/api-keys.js';
import type { ApiEnv } from './access.js';
import { errorResponse } from './errors.js';

export const keyCreateBody = z.object({
  tenant: z.string().min(1).describe('The tenant the key acts for: a Discord guild id, a Slack team id, or "api"'),
  scopes: z.array(z.enum(SCOPES)).min(1).describe('What the key may do'),
  name: z.string().max(100).optional().describe('A label for people'),
});

/**
 * /v1/keys: tenants' API keys, for operator keys only (the route table in access.ts closes them to the rest):
 * create (the key is shown once), list (never the keys), revoke. /v1/keys/me tells any key what it may do.
 */
export function mountKeys(api: Hono<ApiEnv>, keys: DbApiKeys | undefined): void {
  api.get('/keys/me', (c) => {
    const principal = c.get('principal');
    return principal.kind === 'operator'
      ? c.json({ kind: 'operator', tenant: c.get('caller').tenantId, scopes: [...SCOPES], allTenants: true })
      : c.json({ kind: 'tenant', id: principal.keyId, tenant: principal.tenantId, scopes: [...principal.scopes] });
  });
  if (!keys) return;
  api.post('/keys', async (c) => {
    const parsed = keyCreateBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return errorResponse(c, { code: 'bad_request', message: z.prettifyError(parsed.error) });
    return guarded(c, async () => {
      const { tenant, scopes, name } = parsed.data;
      const created = await keys.create({ tenantId: tenant, scopes: parseScopes(scopes), name });
      return c.json(view(created), 201);
    });
  });
  api.get('/keys', async (c) => c.json({ keys: (await keys.list()).map(view) }));
  api.delete('/keys/:id', async (c) =>
    (await keys.revoke(c.req.param('id')))
      ? c.body(null, 204)
      : errorResponse(c, { code: 'not_found', message: 'no such live key' }),
  );
}

function view<T extends { id: string; tenantId: string; createdAt: Date; revokedAt: Date | null }>(key: T) {
  const { tenantId, createdAt, revokedAt, ...rest } = key;
  return { ...rest, tenant: tenantId, createdAt: createdAt.toISOString(), revokedAt: revokedAt?.toISOString() ?? null };
}

async function guarded(c: Context, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error)) return errorResponse(c, { code: error.code, message: error.message });
    throw error;
  }
}
