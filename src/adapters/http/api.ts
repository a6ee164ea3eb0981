import { createHash, timingSafeEqual } from 'node:crypto';
import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { BlankEnv } from 'hono/types';
import type { SkillRunner } from '../../core/run-skill.js';
import { type Locale, localeFromAcceptLanguage } from '../../i18n/index.js';
import type { FormReader } from '../../parse/index.js';
import type { AnySkill } from '../../skills/skill.js';
import type { ApiKeyStore, ApiPrincipal } from '../../store/api-keys.js';
import type { ApiEnv } from './access.js';
import { actsAsModerator, authorize, documentAccess, routeNeeds, tenantFor } from './access.js';
import { mountCollections } from './collections.js';
import type { DescribeRouteDeps } from './describe.js';
import { cappedBody, errorResponse } from './errors.js';
import { mountKeys } from './keys.js';
import { type ModelAuditDeps, mountModelAudit } from './model-audit.js';
import { mountModeration } from './moderation.js';
import { errors, ok, serve } from './openapi.js';
import { mountSkills } from './skills.js';
import { type InboundHookDeps, mountInboundHookAdmin } from './webhooks-inbound.js';
import { mountOutboundWebhooks, type OutboundWebhookDeps } from './webhooks-outbound.js';

export interface ApiDeps {
  /** The operator's keys (API_KEYS). */
  apiKeys: readonly string[];
  /** Tenants' scoped keys, stored hashed. */
  keys?: ApiKeyStore | undefined;
  /** The configuration checklist (omb doctor), for operator keys at GET /v1/doctor. */
  doctor?: (() => Promise<object & { ok: boolean }>) | undefined;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  /** Audio uploads to /v1/skills/transcribe. */
  audioLimitBytes: number;
  /** Multipart uploads are parsed off the event loop (the parse pool). */
  readForm: FormReader;
  /** Image uploads and links to /v1/skills/describe. */
  images?: DescribeRouteDeps | undefined;
  skills: readonly AnySkill[];
  runner: SkillRunner;
  /** Outbound webhooks: endpoints, delivery log and redelivery under /v1/webhooks/outbound. */
  outbound?: OutboundWebhookDeps | undefined;
  /** Inbound webhooks (hooks stored in the database). */
  inbound?: InboundHookDeps | undefined;
  /** The bias probe of the toxicity models under /v1/models/{id}/audit (operator keys). */
  modelAudit?: ModelAuditDeps | undefined;
}

/**
 * /v1: the JSON API. Operator keys (API_KEYS) act for any tenant; a tenant's keys (`omb keys create`, /v1/keys) act
 * for their tenant within their scopes. With no key configured the API is closed, not open.
 */
export function createApi(deps: ApiDeps): OpenAPIHono<ApiEnv> {
  const api = new OpenAPIHono<ApiEnv>();
  const authenticate = apiAuthenticator(deps.apiKeys, deps.keys);

  api.use('*', async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const principal = match?.[1] ? await authenticate(match[1]) : undefined;
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer realm="v1"');
      const message =
        deps.apiKeys.length === 0 && !deps.keys
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
      // The language of the bot's own words in what a skill returns (/help's descriptions); answers are not translated.
      locale: acceptedLocale(c.req.header('accept-language')),
      isModerator: actsAsModerator(principal, checked),
    });
    return next();
  });

  // Document and audio uploads have their own, larger caps (set on their routes).
  const jsonLimit = cappedBody(deps.bodyLimitBytes);
  api.use('*', (c, next) => (isUpload(c.req.method, c.req.path) ? next() : jsonLimit(c, next)));

  mountSkills(api, deps);
  mountKeys(api, deps.keys);
  const { doctor } = deps;
  if (doctor) serve(api, doctorRoute, async (c) => c.json(await doctor()));
  mountCollections(api, deps.runner, deps.uploadLimitBytes, deps.readForm);
  mountModeration(api, deps.runner);
  if (deps.outbound) mountOutboundWebhooks(api, deps.outbound.outbox, deps.outbound);
  if (deps.inbound) mountInboundHookAdmin(api, deps.inbound);
  if (deps.modelAudit) mountModelAudit(api, deps.modelAudit);
  return api;
}

/** Mounts /v1 on `app`, each route documented with what the /v1 middleware asks of it (see documentAccess). */
export function mountApi(app: OpenAPIHono<BlankEnv>, deps: ApiDeps): void {
  app.route('/v1', createApi(deps));
  // OpenAPIHono.route registered a copy of each /v1 route with `app`: those copies are annotated, while the route
  // definitions the modules share (and other apps mount) stay as they are.
  const routes = app.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route] : []));
  documentAccess(routes.filter((route) => route.path.startsWith('/v1/')));
}

const doctorRoute: RouteConfig = {
  method: 'get',
  path: '/doctor',
  tags: ['server'],
  operationId: 'doctor',
  summary: 'The configuration checklist (omb doctor) against the running server (operator keys only)',
  responses: { 200: ok('Each check and whether all passed'), ...errors(503) },
};

/** The operator if the key is one of API_KEYS (compared in constant time), else a stored tenant key, if any. */
export function apiAuthenticator(
  apiKeys: readonly string[],
  keys: ApiKeyStore | undefined,
): (key: string) => Promise<ApiPrincipal | undefined> {
  const operatorKeys = apiKeys.map(digest);
  return async (key) => {
    const given = digest(key);
    if (operatorKeys.some((k) => timingSafeEqual(k, given))) {
      // The key's fingerprint stands in for a user, so quotas and the audit trail work per key.
      return { kind: 'operator', keyId: given.subarray(0, 6).toString('hex') };
    }
    return keys?.find(key);
  };
}

const isUpload = (method: string, path: string) =>
  method === 'POST' &&
  (/\/collections\/[^/]+\/documents$/.test(path) ||
    path.endsWith('/skills/transcribe') ||
    path.endsWith('/skills/describe'));

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** The caller's language when the request names one we speak; otherwise none (English). */
function acceptedLocale(header: string | undefined): Locale | undefined {
  const locale = localeFromAcceptLanguage(header);
  return locale === 'en' ? undefined : locale;
}
