import { statSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../src/log.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { type PoolObserver, type PoolOptions, WorkerPool } from '../../src/runtime/pool.js';
import type { ModelHandle } from '../../src/runtime/protocol.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import type { TaskName } from '../../src/runtime/tasks.js';
import type { FixtureId } from '../fixtures/models/generate.js';

/** A handle for a fixture model written by writeFixtures into `modelsDir`. */
export function fixtureHandle(modelsDir: string, id: FixtureId, key: string = id): ModelHandle {
  const spec = DEFAULT_MODELS[id];
  const dir = modelDir(modelsDir, spec.repo);
  return {
    key,
    dir,
    task: spec.task as TaskName,
    files: spec.files,
    bytes: spec.files.filter((f) => f.endsWith('.onnx')).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0),
  };
}

/** Records what the pool reports, so tests can see batches, loads and unloads. */
export function recordingObserver() {
  const batches: { model: string; size: number; inferMs: number }[] = [];
  const loads: string[] = [];
  const unloads: string[] = [];
  const observer: PoolObserver = {
    batch: (model, size, inferMs) => void batches.push({ model, size, inferMs }),
    load: (model) => void loads.push(model),
    unload: (model) => void unloads.push(model),
  };
  return { observer, batches, loads, unloads };
}

export function testPool(overrides: Partial<PoolOptions> = {}): WorkerPool {
  return new WorkerPool({
    workers: 1,
    threadsPerWorker: 1,
    maxBatch: 8,
    maxWaitMs: 2,
    maxQueuePerModel: 1000,
    runTimeoutMs: 60_000,
    idleUnloadMs: 600_000,
    memoryBudgetBytes: 2 ** 34,
    log: createLogger('silent'),
    ...overrides,
  });
}
