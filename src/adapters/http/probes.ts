import type { Hono } from 'hono';
import type { Metrics } from '../../metrics.js';
import type { ModelStateView } from '../../runtime/store/model-board.js';
import { buildInfo } from '../../version.js';
import type { PlatformStatus } from '../connection.js';

/** Paths answered while draining, not counted as work in flight and not logged per request. */
export const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

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

/** GET /healthz, /readyz and /metrics: the same for the server and for a worker process. */
export function mountProbes(app: Hono, deps: ProbeDeps): void {
  const { version, commit } = buildInfo();
  const role = deps.role ? { role: deps.role } : {};
  app.get('/healthz', (c) => c.json({ status: 'ok', ...role, version, commit: commit ?? null }));
  // A platform being down does not make the server unready: the API, webhooks and the other platforms still work,
  // so the body tells how each platform connection is doing while the status code stays about this server.
  app.get('/readyz', (c) => {
    const platforms = deps.platforms?.() ?? {};
    const models = deps.models?.();
    const body = { ...(Object.keys(platforms).length ? { platforms } : {}), ...(models ? { models } : {}) };
    return deps.isReady()
      ? c.json({ status: 'ready', ...body })
      : c.json({ status: deps.isDraining() ? 'draining' : 'starting', ...body }, 503);
  });
  app.get('/metrics', async (c) => {
    c.header('Content-Type', deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
}
