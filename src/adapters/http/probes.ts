import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Metrics } from '../../metrics.js';
import type { ModelStateView } from '../../runtime/store/model-board.js';
import { buildInfo } from '../../version.js';
import type { PlatformStatus } from '../connection.js';
import { body, jsonBody, serve } from './openapi.js';

export interface ProbeDeps {
  metrics: Pick<Metrics, 'registry'>;
  /** Ready for work (for the server: database migrated and adapters started), and not shutting down. */
  isReady(): boolean;
  isDraining(): boolean;
  /** The platform connections (Discord gateway, Slack), by adapter name; shown in /readyz's body. */
  platforms?(): Record<string, PlatformStatus>;
  /** Each configured model's state (missing, pulling n%, verified, loaded), where this process runs inference. */
  models?: (() => Record<string, ModelStateView>) | undefined;
  /** Named in /healthz when set (a worker process says it is one). */
  role?: string | undefined;
}

/** The probes answer without a key, and while the server drains. */
const probe = { tags: ['server'], security: [] };

const readiness = z.object({
  status: z.enum(['ready', 'starting', 'draining']),
  platforms: z.record(z.string(), z.looseObject({ state: z.string(), since: z.string() })).optional(),
  models: z.record(z.string(), z.looseObject({ state: z.string() })).optional(),
});

const healthRoute = createRoute({
  ...probe,
  method: 'get',
  path: '/healthz',
  operationId: 'health',
  summary: 'The process is up',
  responses: {
    200: {
      description: 'Alive, with the version running',
      content: jsonBody(
        z.object({
          status: z.literal('ok'),
          role: z.string().optional(),
          version: z.string(),
          commit: z.string().nullable(),
        }),
      ),
    },
  },
});

const readyRoute = createRoute({
  ...probe,
  method: 'get',
  path: '/readyz',
  operationId: 'ready',
  summary: 'Ready to take requests; how each platform connection and model is doing',
  responses: {
    200: { description: 'Ready (a platform being down does not make it unready)', content: jsonBody(readiness) },
    503: { description: 'Starting or draining', content: jsonBody(readiness) },
  },
});

const metricsRoute = createRoute({
  ...probe,
  method: 'get',
  path: '/metrics',
  operationId: 'metrics',
  summary: 'Prometheus metrics',
  responses: { 200: { description: 'The text exposition format', content: body('text/plain', { type: 'string' }) } },
});

/** The paths of the probes: not counted in flight, not logged, answered while draining. */
export const PROBES: ReadonlySet<string> = new Set([healthRoute.path, readyRoute.path, metricsRoute.path]);

/** GET /healthz, /readyz and /metrics: the same for the server and for a worker process. */
export function mountProbes(app: OpenAPIHono, deps: ProbeDeps): void {
  const { version, commit } = buildInfo();
  const role = deps.role ? { role: deps.role } : {};
  serve(app, healthRoute, (c) => c.json({ status: 'ok' as const, ...role, version, commit: commit ?? null }));
  // A platform being down does not make the server unready: the API, webhooks and the other platforms still work,
  // so the body tells how each platform connection is doing while the status code stays about this server.
  serve(app, readyRoute, (c) => {
    const platforms = deps.platforms?.() ?? {};
    const models = deps.models?.();
    const body = { ...(Object.keys(platforms).length ? { platforms } : {}), ...(models ? { models } : {}) };
    return deps.isReady()
      ? c.json({ status: 'ready', ...body })
      : c.json({ status: deps.isDraining() ? 'draining' : 'starting', ...body }, 503);
  });
  serve(app, metricsRoute, async (c) => {
    c.header('Content-Type', deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
}
