import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import type { BlankEnv } from 'hono/types';
import type { InflightTracker } from '../../core/inflight.js';
import type { SkillRunner } from '../../core/run-skill.js';
import { databaseUnavailable, isDatabaseUnreachable } from '../../db/unreachable.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import type { FormReader } from '../../parse/index.js';
import type { AnySkill, Caller } from '../../skills/skill.js';
import type { ApiKeyStore } from '../../store/api-keys.js';
import { apiAuthenticator, mountApi } from './api.js';
import type { DescribeRouteDeps } from './describe.js';
import { errorResponse } from './errors.js';
import type { ModelAuditDeps } from './model-audit.js';
import { mountOpenApi } from './openapi.js';
import { mountPerspective, type ToxicityScorer } from './perspective.js';
import { mountPlayground } from './playground.js';
import { mountProbes, PROBES, type ProbeDeps } from './probes.js';
import { type InboundHookDeps, mountHookReceiver } from './webhooks-inbound.js';
import type { OutboundWebhookDeps } from './webhooks-outbound.js';
import { documentOutboundEvents } from './webhooks-outbound-routes.js';

export interface HttpDeps extends ProbeDeps {
  log: Logger;
  metrics: Metrics;
  runner: SkillRunner;
  skills: readonly AnySkill[];
  apiKeys: readonly string[];
  /** Tenants' scoped API keys (stored hashed). */
  keys?: ApiKeyStore | undefined;
  /** GET /v1/doctor (operator keys): the configuration checklist against the running server. */
  doctor?: (() => Promise<object & { ok: boolean }>) | undefined;
  bodyLimitBytes: number;
  /** Largest document upload (POST /v1/collections/{name}/documents). */
  uploadLimitBytes: number;
  /** Largest audio upload (POST /v1/skills/transcribe). */
  audioLimitBytes: number;
  /** Multipart uploads are parsed off the event loop (the parse pool). */
  readForm: FormReader;
  /** Image uploads and links to /v1/skills/describe (the image cap; which media hosts a link may name). */
  images?: DescribeRouteDeps | undefined;
  /** Requests in progress; shutdown waits for them. */
  inflight: InflightTracker;
  /** Outbound webhooks (the outbox and which private hosts endpoints may use). */
  outbound?: OutboundWebhookDeps | undefined;
  /** Inbound webhooks: their admin API under /v1 and deliveries to /hooks/{id}. */
  inbound?: InboundHookDeps | undefined;
  /** POST /v1alpha1/comments:analyze (Perspective-compatible), when the toxicity model is configured. */
  toxicity?: ToxicityScorer | undefined;
  /** /v1/models/{id}/audit: the toxicity models' bias probe (operator keys). */
  modelAudit?: ModelAuditDeps | undefined;
}

/**
 * An event stream counted in `inflight` until it ends (or its client goes away), so shutdown drains streamed answers
 * as it drains plain requests. Other responses are returned as they are.
 */
function trackedStream(res: Response, inflight: InflightTracker): Response {
  const source = res.body;
  if (!source || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) return res;
  let finish: () => void = () => {};
  void inflight.track(() => new Promise<void>((resolve) => (finish = resolve)));
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          finish();
        } else controller.enqueue(value);
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return new Response(body, res);
}

/** The one HTTP server: probes, metrics, the /v1 API; adapters that receive webhooks mount here too. */
export function createHttpApp(deps: HttpDeps): Hono {
  const app = new OpenAPIHono<BlankEnv>();
  app.use(requestId());

  app.use(async (c, next) => {
    const started = performance.now();
    const probe = PROBES.has(c.req.path);
    if (!probe && deps.isDraining()) {
      c.header('Connection', 'close');
      return errorResponse(c, { code: 'unavailable', message: 'the server is shutting down', retryAfterSec: 5 });
    }
    if (probe) await next();
    else
      await deps.inflight.track(async () => {
        await next();
        // A streamed answer (SSE) is still in flight after its handler returned: counted until its body ends.
        c.res = trackedStream(c.res, deps.inflight);
      });
    // Requests that began before shutdown finish normally; their connection closes after the response is sent.
    if (deps.isDraining()) c.header('Connection', 'close');
    // Label by route pattern, not raw path, so metrics don't grow a series per id.
    const matched = routePath(c, -1);
    const route = matched.endsWith('*') ? '(unmatched)' : matched;
    const seconds = (performance.now() - started) / 1000;
    deps.metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    deps.metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    if (!probe) {
      deps.log.info(
        {
          reqId: c.get('requestId'),
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round(seconds * 1000),
        },
        'request',
      );
    }
  });

  mountProbes(app, deps);
  mountApi(app, deps);
  if (deps.toxicity) {
    const { apiKeys, keys, bodyLimitBytes } = deps;
    const admit = (caller: Caller) => deps.runner.admit(caller);
    mountPerspective(app, {
      authenticate: apiAuthenticator(apiKeys, keys),
      score: deps.toxicity,
      bodyLimitBytes,
      admit,
    });
  }
  mountPlayground(app);
  if (deps.inbound) mountHookReceiver(app, deps.inbound);
  if (deps.outbound) documentOutboundEvents(app);
  mountOpenApi(app);

  app.notFound((c) => errorResponse(c, { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }));
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status === 413) {
      return errorResponse(c, { code: 'payload_too_large', message: 'the request body is too large' });
    }
    const errorId = c.get('requestId');
    if (isDatabaseUnreachable(error)) {
      deps.metrics.dependencyUnavailable.inc({ dependency: 'database' });
      deps.log.error({ err: error, reqId: errorId }, 'database unreachable: request answered 503');
      const { code, message, retryAfterSec } = databaseUnavailable(error);
      return errorResponse(c, { code, message, errorId, retryAfterSec });
    }
    deps.log.error({ err: error, reqId: errorId }, 'unhandled HTTP error');
    return errorResponse(c, { code: 'internal', message: 'something went wrong on our side', errorId });
  });
  return app;
}
