import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { isAppError } from '../../errors.js';
import type { ToxicityAudit } from '../../skills/models/audit.js';
import type { ApiEnv } from './access.js';
import { errorResponse } from './errors.js';
import { errors, jsonSchema, ok, pathParams, serve } from './openapi.js';

/** The bias probe of the toxicity models (skills/models/audit.ts), as the API offers it. */
export interface ModelAuditDeps {
  /** The models it can probe: the toxicity classifiers. */
  ids: readonly string[];
  /** Runs the probe on this server's pool and keeps it as the latest. */
  run(id: string): Promise<ToxicityAudit>;
  latest(id: string): Promise<ToxicityAudit | undefined>;
}

const audit = z.record(z.string(), z.unknown()).describe('Per identity term: mean score and gap to the baseline term');
const params = pathParams({ id: 'The model id: toxicity or toxicity-multilingual' });

const runRoute = createRoute({
  method: 'post',
  path: '/models/{id}/audit',
  tags: ['models'],
  operationId: 'auditModel',
  summary: 'Run the bias probe on a toxicity model (operator keys; takes a few seconds on the pool)',
  request: { params },
  responses: { 200: ok('The audit, now the latest', jsonSchema(audit)), ...errors(404, 429, 503) },
});

const latestRoute = createRoute({
  method: 'get',
  path: '/models/{id}/audit',
  tags: ['models'],
  operationId: 'latestModelAudit',
  summary: "The model's latest bias probe (operator keys)",
  request: { params },
  responses: { 200: ok('The latest audit', jsonSchema(audit)), ...errors(404) },
});

/** /v1/models/{id}/audit: closed to all but operator keys (access.ts lists no scope for it). */
export function mountModelAudit(api: OpenAPIHono<ApiEnv>, deps: ModelAuditDeps): void {
  const unknown = (id: string) => ({
    code: 'not_found' as const,
    message: `no auditable model "${id}" (one of ${deps.ids.join(', ')})`,
  });
  serve(api, runRoute, async (c) => {
    const id = c.req.param('id');
    if (!deps.ids.includes(id)) return errorResponse(c, unknown(id));
    try {
      return c.json(await deps.run(id));
    } catch (error) {
      // The runtime's expected refusals (busy, a model not pulled) as our error shape; the rest is app.onError's.
      if (!isAppError(error)) throw error;
      return errorResponse(c, { code: error.code, message: error.message });
    }
  });
  serve(api, latestRoute, async (c) => {
    const id = c.req.param('id');
    if (!deps.ids.includes(id)) return errorResponse(c, unknown(id));
    const latest = await deps.latest(id);
    if (!latest) return errorResponse(c, { code: 'not_found', message: `no audit of ${id} yet: POST to run one` });
    return c.json(latest);
  });
}
