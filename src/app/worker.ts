import { OpenAPIHono } from '@hono/zod-openapi';
import type { BlankEnv } from 'hono/types';
import { mountProbes } from '../adapters/http/probes.js';
import { leftoverSpots, sweepLeftovers } from '../adapters/temp-sweep.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createMetrics } from '../metrics.js';
import { startInferenceWorker } from '../runtime/remote/inference-worker.js';
import { LocalRuntime } from '../runtime/runtime.js';
import { storeFromConfig } from '../runtime/store/model-store.js';
import { meteredPool } from './inference.js';
import { listen, once, type RunningProcess } from './lifecycle.js';

/**
 * ROLE=worker: this process's inference pool taking jobs from Redis, with the server's /healthz, /readyz and
 * /metrics on PORT. SIGTERM drains: no new jobs, running ones finish, then the pool closes.
 */
export async function startWorker(config: Config, { log }: { log: Logger }): Promise<RunningProcess> {
  if (!config.REDIS_URL) throw new Error('ROLE=worker needs REDIS_URL');
  await sweepLeftovers(leftoverSpots(config), log);
  const metrics = createMetrics();
  const runtime = new LocalRuntime(storeFromConfig(config, log), meteredPool(config, log, metrics));
  const jobs = startInferenceWorker(runtime, {
    redisUrl: config.REDIS_URL,
    queueName: config.RUNTIME_QUEUE_NAME,
    log,
    concurrency: config.RUNTIME_MAX_BATCH,
    lockMs: config.RUNTIME_QUEUE_LOCK_MS,
  });
  let draining = false;
  const app = new OpenAPIHono<BlankEnv>();
  mountProbes(app, { metrics, role: 'worker', isReady: () => !draining, isDraining: () => draining });
  const { server, port } = await listen(app, config);
  log.info({ port, role: 'worker', queue: config.RUNTIME_QUEUE_NAME }, 'listening');
  const shutdown = once(async (reason) => {
    log.info({ reason }, 'worker draining');
    draining = true;
    await jobs.close();
    await runtime.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port, url: `http://127.0.0.1:${port}`, shutdown };
}
