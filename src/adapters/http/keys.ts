import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { isAppError } from '../../errors.js';
import { type ApiKeyStore, parseScopes, SCOPES } from '../../store/api-keys.js';
import type { ApiEnv } from './access.js';
import { errorResponse } from './errors.js';
import { errors, jsonBody, jsonSchema, ok, pathParams, serve } from './openapi.js';

export const keyCreateBody = z.object({
  tenant: z.string().min(1).describe('The tenant the key acts for: a Discord guild id, a Slack team id, or "api"'),
  scopes: z.array(z.enum(SCOPES)).min(1).describe('What the key may do'),
  name: z.string().max(100).optional().describe('A label for people'),
});

const keyView = z.object({
  id: z.string(),
  name: z.string(),
  tenant: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});

const whoAmI = z.union([
  z.object({
    kind: z.literal('operator'),
    tenant: z.string().describe('The tenant acted for: ?tenant=, or "api"'),
    scopes: z.array(z.enum(SCOPES)),
    allTenants: z.literal(true),
  }),
  z.object({ kind: z.literal('tenant'), id: z.string(), tenant: z.string(), scopes: z.array(z.enum(SCOPES)) }),
]);

const keyId = pathParams({ id: 'The key id' });
const whoAmIRoute = createRoute({
  method: 'get',
  path: '/keys/me',
  tags: ['keys'],
  operationId: 'whoAmI',
  responses: { 200: ok("The key's kind, tenant and scopes", jsonSchema(whoAmI)), ...errors(503) },
});
const createKeyRoute = createRoute({
  method: 'post',
  path: '/keys',
  tags: ['keys'],
  operationId: 'createKey',
  summary: "A tenant's key (operator keys only); the key is in the answer once",
  request: { body: { required: true, content: jsonBody(keyCreateBody, 'input') } },
  responses: {
    201: ok(
      'The key, its id, tenant and scopes',
      jsonSchema(keyView.extend({ key: z.string().describe('Shown once') })),
    ),
    ...errors(400, 413, 503),
  },
});
const listKeysRoute = createRoute({
  method: 'get',
  path: '/keys',
  tags: ['keys'],
  operationId: 'listKeys',
  responses: {
    200: ok('Every key, never the keys themselves', jsonSchema(z.object({ keys: z.array(keyView) }))),
    ...errors(503),
  },
});
const revokeKeyRoute = createRoute({
  method: 'delete',
  path: '/keys/{id}',
  tags: ['keys'],
  operationId: 'revokeKey',
  request: { params: keyId },
  responses: { 204: { description: 'Revoked' }, ...errors(404, 503) },
});

/**
 * /v1/keys: tenants' API keys, for operator keys only (the route table in access.ts closes them to the rest):
 * create (the key is shown once), list (never the keys), revoke. /v1/keys/me tells any key what it may do.
 */
export function mountKeys(api: OpenAPIHono<ApiEnv>, keys: ApiKeyStore | undefined): void {
  serve(api, whoAmIRoute, (c) => {
    const principal = c.get('principal');
    return principal.kind === 'operator'
      ? c.json({ kind: 'operator', tenant: c.get('caller').tenantId, scopes: [...SCOPES], allTenants: true })
      : c.json({ kind: 'tenant', id: principal.keyId, tenant: principal.tenantId, scopes: [...principal.scopes] });
  });
  if (!keys) return;
  serve(api, createKeyRoute, async (c) => {
    const parsed = keyCreateBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return errorResponse(c, { code: 'bad_request', message: z.prettifyError(parsed.error) });
    return guarded(c, async () => {
      const { tenant, scopes, name } = parsed.data;
      const created = await keys.create({ tenantId: tenant, scopes: parseScopes(scopes), name });
      return c.json(view(created), 201);
    });
  });
  serve(api, listKeysRoute, async (c) => c.json({ keys: (await keys.list()).map(view) }));
  serve(api, revokeKeyRoute, async (c) =>
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
