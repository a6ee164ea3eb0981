import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { ModelSpec } from '../runtime/models.js';
import type { WorkerPool } from '../runtime/pool.js';
import { poolFromConfig } from '../runtime/pool-sizing.js';
import { LocalRuntime, type Runtime } from '../runtime/runtime.js';
import { ModelBoard, preloadModels } from '../runtime/store/model-board.js';
import { type ModelStore, storeFromConfig } from '../runtime/store/model-store.js';

/** The shared inference pool as configured, reporting batches, loads and queue depths to the metrics. */
export function meteredPool(config: Config, log: Logger, metrics: Metrics): WorkerPool {
  const pool = poolFromConfig(config, log, {
    batch(model, size, inferMs) {
      metrics.runtimeBatchSize.observe({ model }, size);
      metrics.runtimeInference.observe({ model }, inferMs / 1000);
    },
    load: (model) => metrics.runtimeLoads.inc({ model }),
    unload: (model) => metrics.runtimeUnloads.inc({ model }),
  });
  metrics.labelledGaugeFrom('runtime_queue_depth', 'Inference requests waiting, by model', 'model', () =>
    pool.queueDepths(),
  );
  return pool;
}

export interface Inference {
  store: ModelStore;
  /** This process's pool; none for a gateway, whose models are the workers' business. */
  pool: WorkerPool | undefined;
  runtime: Runtime;
}

/**
 * A gateway sends inference to worker processes through Redis; otherwise this process runs it. The Redis side
 * (BullMQ, ioredis and what they load: about a tenth of the start's profile) is imported only by a gateway.
 */
export async function inferenceOf(config: Config, log: Logger, metrics: Metrics): Promise<Inference> {
  const store = storeFromConfig(config, log);
  const pool = config.ROLE === 'gateway' && config.REDIS_URL ? undefined : meteredPool(config, log, metrics);
  const runtime: Runtime = pool
    ? new LocalRuntime(store, pool)
    : new (await import('../runtime/remote/remote-runtime.js')).RemoteRuntime({
        redisUrl: config.REDIS_URL ?? '',
        queueName: config.RUNTIME_QUEUE_NAME,
        log,
        waitMs: config.RUNTIME_TIMEOUT_MS * 5,
      });
  return { store, pool, runtime };
}

/** What /readyz and /metrics say of each model: missing, pulling n%, verified, loaded. */
export function modelBoard(store: ModelStore, specs: readonly ModelSpec[], pool: WorkerPool, metrics: Metrics) {
  const board = new ModelBoard(store, specs, () => new Set(pool.loadedKeys().map((key) => key.split('@')[0] ?? '')));
  metrics.labelledGaugeFrom(
    'models_state',
    'Configured models by state (missing, pulling, verified, loaded, …)',
    'state',
    () => {
      const counts = new Map<string, number>();
      for (const view of Object.values(board.states())) counts.set(view.state, (counts.get(view.state) ?? 0) + 1);
      return counts;
    },
  );
  metrics.labelledGaugeFrom('model_pull_ratio', 'How far each running model download is (0–1)', 'model', () => {
    const pulls = Object.entries(board.states()).filter(([, v]) => v.percent !== undefined);
    return new Map(pulls.map(([id, v]) => [id, (v.done ?? 0) / (v.total ?? 1)]));
  });
  return board;
}

/** MODELS_PRELOAD (ids, or `all`): pulled and verified in the background once the server is up. */
export function preloadConfigured(
  config: Config,
  store: ModelStore,
  board: ModelBoard,
  specs: readonly ModelSpec[],
  log: Logger,
): void {
  if (!config.MODELS_PRELOAD.length) return;
  const wanted = config.MODELS_PRELOAD.includes('all')
    ? specs
    : specs.filter((s) => config.MODELS_PRELOAD.includes(s.id));
  void preloadModels(store, board, wanted, log);
}
