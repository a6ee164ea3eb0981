import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { SkillRunner } from '../../core/run-skill.js';
import type { FormReader } from '../../parse/index.js';
import type { AnySkill } from '../../skills/skill.js';
import type { ApiPrincipal, DbApiKeys } from '../../store/api-keys.js';
import type { ApiEnv } from './access.js';
import { actsAsModerator, authorize, routeNeeds, skillScopes, tenantFor } from './access.js';
import { mountCollections } from './collections.js';
import { cappedBody, errorResponse } from './errors.js';
import { mountImagine } from './imagine.js';
import { mountKeys } from './keys.js';
import { mountModeration } from './moderation.js';
import { streamSkill, wantsEventStream } from './sse.js';
import { mountTranscribe } from './transcribe.js';
import { type InboundHookDeps, mountInboundHookAdmin } from './webhooks-inbound.js';
import { mountOutboundWebhooks, type OutboundWebhookDeps } from './webhooks-outbound.js';

export interface ApiDeps {
  /** The operator's keys (API_KEYS). */
  apiKeys: readonly string[];
  /** Tenants' scoped keys, stored hashed. */
  keys?: DbApiKeys | undefined;
  /** The configuration checklist (omb doctor), for operator keys at GET /v1/doctor. */
  doctor?: (() => Promise<object & { ok: boolean }>) | undefined;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  /** Audio uploads to /v1/skills/transcribe. */
  audioLimitBytes: number;
  /** Multipart uploads are parsed off the event loop (the parse pool). */
  readForm: FormReader;
  skills: readonly AnySkill[];
  runner: SkillRunner;
  /** Outbound webhooks: endpoints, delivery log and redelivery under /v1/webhooks/outbound. */
  outbound?: OutboundWebhookDeps | undefined;
  /** Inbound webhooks (hooks stored in the database). */
  inbound?: InboundHookDeps | undefined;
}

/**
 * /v1: the JSON API. Operator keys (API_KEYS) act for any tenant; a tenant's keys (`omb keys create`, /v1/keys) act
 * for their tenant within their scopes. With no key configured the API is closed, not open.
 */
export function createApi(deps: ApiDeps): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  const operatorKeys = deps.apiKeys.map(digest);

  /** The operator if the key is one of API_KEYS (compared in constant time), else a stored tenant key, if any. */
  const authenticate = async (key: string): Promise<ApiPrincipal | undefined> => {
    const given = digest(key);
    if (operatorKeys.some((k) => timingSafeEqual(k, given))) {
      // The key's fingerprint stands in for a user, so quotas and the audit trail work per key.
      return { kind: 'operator', keyId: given.subarray(0, 6).toString('hex') };
    }
    return deps.keys?.find(key);
  };

  api.use('*', async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const principal = match?.[1] ? await authenticate(match[1]) : undefined;
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer realm="v1"');
      const message =
        operatorKeys.length === 0 && !deps.keys
          ? 'the API is disabled: the operator has configured no API_KEYS'
          : 'a valid API key is required (Authorization: Bearer <key>)';
      return errorResponse(c, { code: 'unauthorized', message });
    }
    const tenant = tenantFor(principal, c.req.query('tenant'));
    if ('code' in tenant) return errorResponse(c, tenant);
    const needs = routeNeeds(c.req.method, c.req.path);
    const checked = needs === 'by-skill' || needs === 'anyone' ? [] : [needs];
    const refused = authorize(principal, checked);
    if (refused) return errorResponse(c, refused);
    c.set('principal', principal);
    c.set('caller', {
      platform: 'api',
      tenantId: tenant.tenantId,
      channelId: 'api',
      userId: `key:${principal.keyId}`,
      roles: [],
      isModerator: actsAsModerator(principal, checked),
    });
    return next();
  });

  // Document and audio uploads have their own, larger caps (set on their routes).
  const jsonLimit = cappedBody(deps.bodyLimitBytes);
  api.use('*', (c, next) => (isUpload(c.req.method, c.req.path) ? next() : jsonLimit(c, next)));

  api.get('/skills', (c) =>
    c.json({
      skills: deps.skills.map((s) => ({
        name: s.name,
        description: s.description,
        input: z.toJSONSchema(s.input, { io: 'input', unrepresentable: 'any' }),
      })),
    }),
  );

  mountTranscribe(api, deps.runner, deps.audioLimitBytes, deps.readForm);
  mountImagine(api, deps.runner);
  api.post('/skills/:name', async (c) => {
    const name = c.req.param('name');
    if (!deps.runner.get(name)) return errorResponse(c, { code: 'not_found', message: `no skill named "${name}"` });
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
    if (wantsEventStream(c)) return streamSkill(c, deps.runner, name, body, caller);
    const result = await deps.runner.run(name, body, caller, { signal: c.req.raw.signal });
    return result.ok ? c.json(result.output as object) : errorResponse(c, result.error);
  });

  mountKeys(api, deps.keys);
  const { doctor } = deps;
  if (doctor) api.get('/doctor', async (c) => c.json(await doctor()));
  mountCollections(api, deps.runner, deps.uploadLimitBytes, deps.readForm);
  mountModeration(api, deps.runner);
  if (deps.outbound) mountOutboundWebhooks(api, deps.outbound.outbox, deps.outbound);
  if (deps.inbound) mountInboundHookAdmin(api, deps.inbound);
  return api;
}

const isUpload = (method: string, path: string) =>
  method === 'POST' && (/\/collections\/[^/]+\/documents$/.test(path) || path.endsWith('/skills/transcribe'));

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
