import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Caller, SkillRunner } from '../../core/run-skill.js';
import type { AnySkill } from '../../skills/skill.js';
import { mountCollections } from './collections.js';
import { cappedBody, errorResponse } from './errors.js';
import { mountImagine } from './imagine.js';
import { mountModeration } from './moderation.js';
import { streamSkill, wantsEventStream } from './sse.js';
import { mountTranscribe } from './transcribe.js';
import { type InboundHookDeps, mountInboundHookAdmin } from './webhooks-inbound.js';
import { mountOutboundWebhooks, type OutboundWebhookDeps } from './webhooks-outbound.js';

export interface ApiDeps {
  apiKeys: readonly string[];
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  /** Audio uploads to /v1/skills/transcribe. */
  audioLimitBytes: number;
  skills: readonly AnySkill[];
  runner: SkillRunner;
  /** Outbound webhooks: endpoints, delivery log and redelivery under /v1/webhooks/outbound. */
  outbound?: OutboundWebhookDeps | undefined;
  /** Inbound webhooks (hooks stored in the database). */
  inbound?: InboundHookDeps | undefined;
}

type ApiEnv = { Variables: { caller: Caller } };

/** /v1: the JSON API. Bearer keys from API_KEYS; with none configured the API is closed, not open. */
export function createApi(deps: ApiDeps): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  const keys = deps.apiKeys.map(digest);

  api.use('*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const given = match?.[1] ? digest(match[1]) : undefined;
    const valid = given !== undefined && keys.some((k) => timingSafeEqual(k, given));
    if (!valid) {
      c.header('WWW-Authenticate', 'Bearer realm="v1"');
      const message =
        keys.length === 0
          ? 'the API is disabled: the operator has configured no API_KEYS'
          : 'a valid API key is required (Authorization: Bearer <key>)';
      return errorResponse(c, { code: 'unauthorized', message });
    }
    // The key's fingerprint stands in for a user, so quotas and the audit trail work per key.
    const fingerprint = given.subarray(0, 6).toString('hex');
    // Keys are the operator's: `?tenant=` acts for a platform's server (a Discord guild, a Slack team) on every route.
    const tenantId = c.req.query('tenant') || 'api';
    c.set('caller', { platform: 'api', tenantId, channelId: 'api', userId: `key:${fingerprint}`, roles: [] });
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

  mountTranscribe(api, deps.runner, deps.audioLimitBytes);
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
    // The operator may act for a platform's server (a Discord guild, a Slack team): `?tenant=`.
    const tenant = c.req.query('tenant');
    const caller = tenant ? { ...c.get('caller'), tenantId: tenant } : c.get('caller');
    if (wantsEventStream(c)) return streamSkill(c, deps.runner, name, body, caller);
    const result = await deps.runner.run(name, body, caller, { signal: c.req.raw.signal });
    return result.ok ? c.json(result.output as object) : errorResponse(c, result.error);
  });

  mountCollections(api, deps.runner, deps.uploadLimitBytes);
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
