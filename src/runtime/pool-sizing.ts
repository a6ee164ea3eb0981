import { cpus, totalmem } from 'node:os';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { type PoolObserver, WorkerPool } from './pool.js';

/** Defaults for this machine: never more ORT threads in total than cores. */
export function defaultPoolSizing(cores = cpus().length): { workers: number; threadsPerWorker: number } {
  const workers = Math.max(1, Math.floor(cores / 2));
  return { workers, threadsPerWorker: Math.max(1, Math.floor(cores / workers)) };
}

export type PoolConfig = Pick<
  Config,
  | 'RUNTIME_WORKERS'
  | 'RUNTIME_THREADS'
  | 'RUNTIME_MAX_BATCH'
  | 'RUNTIME_BATCH_WAIT_MS'
  | 'RUNTIME_QUEUE_LIMIT'
  | 'RUNTIME_TIMEOUT_MS'
  | 'RUNTIME_IDLE_UNLOAD_SEC'
  | 'RUNTIME_MEMORY_BUDGET_MB'
>;

/**
 * The shared inference pool as configured: sized so workers × threads never exceeds the cores, and models kept
 * within half the machine's memory, unless configured otherwise.
 */
export function poolFromConfig(config: PoolConfig, log: Logger, observer?: PoolObserver): WorkerPool {
  const workers = config.RUNTIME_WORKERS ?? defaultPoolSizing().workers;
  return new WorkerPool({
    workers,
    threadsPerWorker: config.RUNTIME_THREADS ?? Math.max(1, Math.floor(cpus().length / workers)),
    maxBatch: config.RUNTIME_MAX_BATCH,
    maxWaitMs: config.RUNTIME_BATCH_WAIT_MS,
    maxQueuePerModel: config.RUNTIME_QUEUE_LIMIT,
    runTimeoutMs: config.RUNTIME_TIMEOUT_MS,
    idleUnloadMs: config.RUNTIME_IDLE_UNLOAD_SEC * 1000,
    memoryBudgetBytes: (config.RUNTIME_MEMORY_BUDGET_MB ?? Math.floor(totalmem() / 2 ** 21)) * 2 ** 20,
    log,
    observer,
  });
}
